using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BalkanHub.Testing;

/// <summary>
/// A network's development signing key, as ./run.sh generates one, and the tokens it signs. Services
/// accept it in the Development environment only.
/// </summary>
public sealed class DevelopmentKey
{
    public const string Issuer = "balkanhub-development";

    public string Base64 { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A token for a person of <paramref name="country"/> in <paramref name="role"/>.</summary>
    public string Token(string country, string role, string? subject = null) =>
        Tokens.Sign(new SymmetricSigningCredentials(Base64), Issuer, country, role, subject);

    /// <summary>A token with exactly <paramref name="claims"/> (and the usual subject), for tokens no identity provider should issue.</summary>
    public string TokenWith(params Claim[] claims) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "balkanhub",
            Expires = DateTime.UtcNow.AddDays(30),
            SigningCredentials = new SymmetricSigningCredentials(Base64),
            Subject = new ClaimsIdentity(claims.Prepend(new Claim("sub", "test-ambiguous"))),
        });

    sealed class SymmetricSigningCredentials(string key)
        : SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(key)) { KeyId = "development" }, SecurityAlgorithms.HmacSha256);
}

/// <summary>Signs test tokens with the claims the services read.</summary>
public static class Tokens
{
    public static string Sign(SigningCredentials credentials, string issuer, string country, string role, string? subject = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "balkanhub",
            // Long enough for tests that move a fake clock days ahead.
            Expires = DateTime.UtcNow.AddDays(30),
            SigningCredentials = credentials,
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", subject ?? $"test-{country.ToLowerInvariant()}-{role}"),
                new Claim("name", $"Test {role} of {country}"),
                new Claim("country", country),
                new Claim("role", role),
            ]),
        });
}
