using System.Security.Cryptography;
using System.Text.Json;

namespace BalkanHub.Testing;

/// <summary>
/// A signing key pair per country and the aggregator's file of trusted public keys, written to a
/// folder, as ./run.sh writes them for a local network.
/// </summary>
public sealed class SigningKeys
{
    public static readonly string[] ContactPoints = ["AL", "AT", "BG", "DE", "GR", "HR", "HU", "MK", "RO", "RS", "SI", "LU", "NL"];

    readonly Dictionary<string, ECDsa> _keys = ContactPoints.ToDictionary(c => c, _ => ECDsa.Create(ECCurve.NamedCurves.nistP256), StringComparer.Ordinal);

    public SigningKeys(string folder)
    {
        Folder = Directory.CreateDirectory(folder).FullName;
        foreach (var (country, key) in _keys)
            File.WriteAllText(PrivateKeyPath(country), key.ExportPkcs8PrivateKeyPem());
        var trusted = _keys.Select(k => new { country = k.Key, keyId = KeyId(k.Key), publicKey = k.Value.ExportSubjectPublicKeyInfoPem() });
        File.WriteAllText(TrustedKeysPath, JsonSerializer.Serialize(new { keys = trusted }));
    }

    public string Folder { get; }

    public string TrustedKeysPath => Path.Combine(Folder, "trusted-keys.json");

    public string PrivateKeyPath(string country) => Path.Combine(Folder, $"{country.ToLowerInvariant()}.pem");

    public static string KeyId(string country) => $"{country}-test-1";

    /// <summary>The settings a contact point of <paramref name="country"/> signs with.</summary>
    public Dictionary<string, string> ContactPointSettings(string country) => new()
    {
        ["Signing:PrivateKeyPath"] = PrivateKeyPath(country),
        ["Signing:KeyId"] = KeyId(country),
    };
}
