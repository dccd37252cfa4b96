using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BalkanHub.Client;

/// <summary>
/// Tokens for a development network: HS256 JWTs signed with the per-network key that <c>./run.sh</c>
/// writes to <c>.run/development.key</c>. The services accept them in Development only; production
/// tokens come from the identity provider.
/// </summary>
public static class DevelopmentTokens
{
    /// <summary>The issuer the services expect of development tokens.</summary>
    public const string Issuer = "balkanhub-development";

    /// <summary>The audience.</summary>
    public const string Audience = "balkanhub";

    /// <summary>A token for <paramref name="participant"/> in <paramref name="role"/> (officer, viewer, commission, agency, operator).</summary>
    public static string Create(string keyBase64, string participant, string role, TimeSpan? lifetime = null, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyBase64);
        ArgumentException.ThrowIfNullOrWhiteSpace(participant);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        var now = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        var lower = participant.ToLowerInvariant();
        var header = Encode(new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = "development" });
        var payload = Encode(new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = Audience, ["sub"] = $"dev-{lower}-{role}", ["name"] = $"{role} of {participant} (development)",
            ["country"] = participant, ["role"] = role, ["iat"] = now, ["nbf"] = now, ["exp"] = now + (long)(lifetime ?? TimeSpan.FromHours(8)).TotalSeconds,
        });
        var signature = HMACSHA256.HashData(Convert.FromBase64String(keyBase64.Trim()), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    static string Encode(Dictionary<string, object> claims) => Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
