using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BalkanHub.Contracts;

namespace BalkanHub.Domain.Signing;

/// <summary>Signs the items a contact point originates with its country's ECDSA P-256 key.</summary>
public sealed class OriginSigner : IDisposable
{
    /// <summary>The only algorithm used.</summary>
    public const string Algorithm = "ES256";

    readonly ECDsa _key;

    /// <summary>Uses a key and the id under which its public half is published.</summary>
    public OriginSigner(ECDsa key, string keyId)
    {
        _key = key ?? throw new ArgumentNullException(nameof(key));
        KeyId = keyId;
    }

    /// <summary>The id of the signing key.</summary>
    public string KeyId { get; }

    /// <summary>Reads a PKCS#8 PEM private key.</summary>
    public static OriginSigner FromPem(string pem, string keyId)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        if (key.KeySize != 256)
            throw new CryptographicException("The signing key must be an ECDSA P-256 key.");
        return new OriginSigner(key, keyId);
    }

    /// <summary>
    /// Returns the message with its <c>signature</c> member set. It works on any contract with a
    /// <c>Signature</c> property, through its JSON form, because messages share no base type.
    /// </summary>
    public T Sign<T>(T message) where T : class
    {
        var node = JsonSerializer.SerializeToNode(message, JsonSerializerOptions.Web)!.AsObject();
        node["signature"] = JsonSerializer.SerializeToNode(SignatureOf(node), JsonSerializerOptions.Web);
        return node.Deserialize<T>(JsonSerializerOptions.Web)!;
    }

    /// <summary>The signature of a message's canonical form.</summary>
    public Signature SignatureOf(JsonObject message) => new()
    {
        KeyId = KeyId,
        Algorithm = Algorithm,
        Value = Base64Url(_key.SignData(CanonicalJson.SignedForm(message), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
    };

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}

/// <summary>
/// The public keys the hub trusts, per country and key id, read from a file. Several keys of one
/// country may be valid at once, so a country rotates its key without downtime.
/// </summary>
public sealed class TrustedKeys : IDisposable
{
    readonly Dictionary<(string Country, string KeyId), ECDsa> _keys;

    TrustedKeys(Dictionary<(string, string), ECDsa> keys) => _keys = keys;

    /// <summary>
    /// Reads <c>{"keys": [{"country": "GR", "keyId": "…", "publicKey": "-----BEGIN PUBLIC KEY-----…"}]}</c>.
    /// </summary>
    public static TrustedKeys Load(string path)
    {
        var document = JsonNode.Parse(File.ReadAllText(path))?["keys"]?.AsArray()
            ?? throw new InvalidDataException($"{path} has no \"keys\" array.");
        var keys = new Dictionary<(string, string), ECDsa>();
        foreach (var entry in document)
        {
            var country = (string?)entry?["country"] ?? throw new InvalidDataException($"A key in {path} names no country.");
            var keyId = (string?)entry?["keyId"] ?? throw new InvalidDataException($"A key of {country} in {path} has no keyId.");
            var key = ECDsa.Create();
            key.ImportFromPem((string?)entry?["publicKey"] ?? throw new InvalidDataException($"Key {keyId} in {path} has no publicKey."));
            keys[(country, keyId)] = key;
        }
        return new TrustedKeys(keys);
    }

    /// <summary>
    /// Checks that <paramref name="message"/> carries a valid signature by one of
    /// <paramref name="country"/>'s keys. Returns null when it does, or what is wrong.
    /// </summary>
    public string? Problem(string country, JsonObject message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var signature = message["signature"]?.Deserialize<Signature>(JsonSerializerOptions.Web);
        if (signature is null)
            return $"The item claiming to come from {country} is not signed.";
        if (signature.Algorithm != OriginSigner.Algorithm)
            return $"The item claiming to come from {country} is signed with {signature.Algorithm}; only {OriginSigner.Algorithm} is accepted.";
        if (!_keys.TryGetValue((country, signature.KeyId), out var key))
            return $"The item claiming to come from {country} is signed with key '{signature.KeyId}', which is not one of {country}'s trusted keys.";
        byte[] value;
        try
        {
            value = Convert.FromBase64String(signature.Value.Replace('-', '+').Replace('_', '/').PadRight((signature.Value.Length + 3) / 4 * 4, '='));
        }
        catch (FormatException)
        {
            return $"The signature of the item claiming to come from {country} is not base64url.";
        }
        return key.VerifyData(CanonicalJson.SignedForm(message), value, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? null
            : $"The signature of the item claiming to come from {country} does not verify: the item was changed after signing, or signed by another key.";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var key in _keys.Values)
            key.Dispose();
    }
}
