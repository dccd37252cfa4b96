using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace BalkanHub.Testing;

/// <summary>
/// A national identity provider as far as the hub sees one: OpenID Connect discovery and a JWKS with an
/// ECDSA P-256 key, served by a local host, and tokens signed with that key.
/// </summary>
public sealed class IdentityProvider : IAsyncDisposable
{
    readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    readonly string _keyId = $"idp-{Guid.NewGuid():N}"[..16];
    WebApplication _app = null!;

    public Uri Authority { get; private set; } = null!;

    public static async Task<IdentityProvider> StartAsync()
    {
        var idp = new IdentityProvider();
        var port = Ports.Free();
        idp.Authority = new Uri($"http://127.0.0.1:{port}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(idp.Authority.ToString());
        builder.Logging.ClearProviders();
        idp._app = builder.Build();
        var issuer = idp.Authority.ToString().TrimEnd('/');
        idp._app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["jwks_uri"] = $"{issuer}/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
        }));
        idp._app.MapGet("/jwks", () =>
        {
            var q = idp._key.ExportParameters(includePrivateParameters: false).Q;
            return Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "EC", ["crv"] = "P-256", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = idp._keyId,
                        ["x"] = Base64UrlEncoder.Encode(q.X), ["y"] = Base64UrlEncoder.Encode(q.Y),
                    },
                },
            });
        });
        await idp._app.StartAsync();
        return idp;
    }

    /// <summary>A token this provider issued for a person of <paramref name="country"/> in <paramref name="role"/>.</summary>
    public string Token(string country, string role) =>
        Tokens.Sign(new SigningCredentials(new ECDsaSecurityKey(_key) { KeyId = _keyId }, SecurityAlgorithms.EcdsaSha256),
            Authority.ToString().TrimEnd('/'), country, role);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        _key.Dispose();
    }
}
