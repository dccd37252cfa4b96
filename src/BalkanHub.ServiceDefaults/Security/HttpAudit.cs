using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BalkanHub.ServiceDefaults.Security;

/// <summary>An action seen over HTTP, as the audit trail records it.</summary>
/// <param name="Actor">The person, or anonymous.</param>
/// <param name="ActorCountry">The participant the person acts for.</param>
/// <param name="Role">The person's role.</param>
/// <param name="Action">Method and route, such as <c>POST /api/reports</c>.</param>
/// <param name="Target">What it was done to: the id in the route, or the path.</param>
/// <param name="Origin">The client's address.</param>
/// <param name="Outcome">How it ended, with the HTTP status.</param>
public sealed record HttpAction(string Actor, string? ActorCountry, string? Role, string Action, string? Target, string? Origin, string Outcome);

/// <summary>
/// Which requests the audit trail records, and how it describes them: every change (any method but
/// GET and HEAD) whatever its outcome, and every refusal (401, 403, 404) of a read. Plain successful
/// reads are not recorded.
/// </summary>
public static class HttpAudit
{
    /// <summary>
    /// Whether the finished request is an action to record. With <paramref name="refusalsOnly"/>, a
    /// successful change is left out: a contact point's changes become messages that carry who made them,
    /// and the aggregator records them when it accepts them.
    /// </summary>
    public static bool ShouldRecord(HttpContext context, bool refusalsOnly = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        if (!(path.StartsWithSegments("/api", StringComparison.Ordinal) || path.StartsWithSegments("/hubs", StringComparison.Ordinal)
              || path.StartsWithSegments("/feeds", StringComparison.Ordinal)))
            return false;
        var read = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        if (refusalsOnly && context.Response.StatusCode < 400)
            return false;
        return !read || context.Response.StatusCode is 401 or 403 or 404;
    }

    /// <summary>Describes the finished request.</summary>
    public static HttpAction Describe(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.TrimEnd('/');
        var values = context.Request.RouteValues;
        var target = values.TryGetValue("id", out var id) ? id?.ToString()
            : values.TryGetValue("seq", out var seq) ? seq?.ToString()
            : values.TryGetValue("itemKey", out var key) ? key?.ToString()
            : SecretPaths.Redact(context.Request.Path);
        return new HttpAction(
            signedIn ? user.Subject() : "anonymous",
            signedIn ? user.Country() : null,
            signedIn ? user.FindFirst(HubRoles.RoleClaimType)?.Value : null,
            $"{context.Request.Method} {pattern ?? SecretPaths.Redact(context.Request.Path)}",
            target,
            context.Connection.RemoteIpAddress?.ToString(),
            Outcome(context.Response.StatusCode));
    }

    static string Outcome(int status) => status switch
    {
        >= 200 and < 300 => $"accepted ({status})",
        400 => "invalid (400)",
        401 => "unauthenticated (401)",
        403 => "forbidden (403)",
        404 => "not found (404)",
        409 => "conflict (409)",
        422 => "refused (422)",
        429 => "rate limited (429)",
        _ => string.Create(CultureInfo.InvariantCulture, $"failed ({status})"),
    };
}
