using Microsoft.AspNetCore.Http;

namespace BalkanHub.ServiceDefaults.Security;

/// <summary>
/// Addresses whose path carries a secret (a feed link: <c>/feeds/links/{secret}/…</c>) and what the audit
/// trail and traces may keep of them: the path with the secret replaced by <c>{secret}</c>.
/// </summary>
public static class SecretPaths
{
    static readonly PathString FeedLinks = new("/feeds/links");

    /// <summary>Whether the path carries a secret.</summary>
    public static bool CarriesSecret(PathString path) => path.StartsWithSegments(FeedLinks, StringComparison.Ordinal, out var rest) && rest.HasValue;

    /// <summary>The path as it may be recorded.</summary>
    public static string Redact(PathString path)
    {
        if (!path.StartsWithSegments(FeedLinks, StringComparison.Ordinal, out var rest) || !rest.HasValue)
            return path.Value ?? "";
        var tail = rest.Value!.IndexOf('/', 1);
        return $"{FeedLinks}/{{secret}}{(tail < 0 ? "" : rest.Value[tail..])}";
    }
}
