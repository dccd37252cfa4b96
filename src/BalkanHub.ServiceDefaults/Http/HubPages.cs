using BalkanHub.Api.Contracts;
using BalkanHub.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;

namespace BalkanHub.ServiceDefaults.Http;

/// <summary>
/// The browser pages: static files copied next to the service under <c>web/</c> (see
/// <c>web/BalkanHub.Web.targets</c>), served with headers that forbid inline scripts and every origin but
/// the hub's own. Pages hold no data; they read it from the API as the signed-in user.
/// </summary>
public static class HubPages
{
    /// <summary>
    /// The policy every response carries. Free text comes from other countries, so even a rendering
    /// mistake must not run a script: no inline scripts, no eval, nothing from another origin.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference at <c>/docs</c> (Scalar) starts from an inline script and injects its styles, so
    /// that one page allows inline code. It shows only the service's own OpenAPI document, never text a
    /// country wrote, and it still loads and calls nothing but this origin.
    /// </summary>
    public const string DocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the security headers, and serves <c>web/</c> (with <c>index.html</c> at <c>/</c>) before authentication: the files are public, the data is not.</summary>
    public static WebApplication UseHubPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs", StringComparison.Ordinal) ? DocsContentSecurityPolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            return next(context);
        });
        var folder = Path.Combine(AppContext.BaseDirectory, "web");
        if (Directory.Exists(folder))
        {
            var files = new PhysicalFileProvider(folder);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                // Pages change with each release; let browsers check rather than keep a stale script.
                OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
            });
        }
        return app;
    }

    /// <summary>Maps <c>GET /api/me</c>.</summary>
    public static RouteHandlerBuilder MapCaller(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/me", (HttpContext context) => TypedResults.Ok(new Caller(
                context.User.Identity?.Name ?? context.User.Subject(),
                context.User.Country(),
                [.. HubRoles.All.Where(context.User.IsInRole)])))
            .WithTags("Identity").WithSummary("Who is signed in, with which country and roles")
            .WithDescription("The pages call it first to show the signed-in person. Any signed-in caller may read it; roles are those of officer, viewer, commission, agency and operator the caller holds.");
}
