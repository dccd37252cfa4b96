using BalkanHub.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;

namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>The middleware every service runs, in the one order that keeps each guarantee.</summary>
public static class HubPipeline
{
    /// <summary>
    /// The client's address and scheme as a trusted proxy forwarded them, before anything uses them;
    /// problem details for every error; bodies refused by size before anything reads them; the pages and
    /// their libraries served before authentication (they sign in themselves); rate limits per caller once
    /// the caller is known; every request audited with its outcome, refusals included; then authorization
    /// and antiforgery for the forms.
    /// </summary>
    /// <param name="app">The service.</param>
    /// <param name="audit">The service's own audit middleware: each program records its actions in its own way.</param>
    public static WebApplication UseHubPipeline(this WebApplication app, Action<IApplicationBuilder> audit)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(audit);
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestSizeLimit();
        app.UseHubPages();
        app.UseAuthentication();
        app.UseRateLimiter();
        audit(app);
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }
}
