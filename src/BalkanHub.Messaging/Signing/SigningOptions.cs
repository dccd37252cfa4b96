using BalkanHub.Domain.Signing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BalkanHub.Messaging.Signing;

/// <summary>Keys for proof of origin. Section <c>Signing</c>.</summary>
public sealed class SigningOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Signing";

    /// <summary>A contact point's ECDSA P-256 private key, PKCS#8 PEM. <c>Signing:PrivateKeyPath</c>.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The id its public key is published under. <c>Signing:KeyId</c>.</summary>
    public string? KeyId { get; set; }

    /// <summary>The aggregator's file of trusted public keys per country. <c>Signing:TrustedKeysPath</c>.</summary>
    public string? TrustedKeysPath { get; set; }

    /// <summary>
    /// Whether the aggregator refuses unsigned or badly signed items (default true). Only unit-level
    /// tests of unrelated features turn it off. <c>Signing:Required</c>.
    /// </summary>
    public bool Required { get; set; } = true;
}

/// <summary>Registering the signer and the trusted keys, failing fast when a key is missing.</summary>
public static class SigningExtensions
{
    /// <summary>The contact point's signer, from <c>Signing:PrivateKeyPath</c> and <c>Signing:KeyId</c>.</summary>
    public static IHostApplicationBuilder AddOriginSigner(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(SigningOptions.Section).Get<SigningOptions>() ?? new SigningOptions();
        if (string.IsNullOrEmpty(options.PrivateKeyPath) || string.IsNullOrEmpty(options.KeyId) || !File.Exists(options.PrivateKeyPath))
            throw new InvalidOperationException(
                "Signing:PrivateKeyPath must name this country's ECDSA P-256 private key (PKCS#8 PEM) and Signing:KeyId its published id. " +
                "./run.sh generates a pair per country for a local network.");
        builder.Services.AddSingleton(OriginSigner.FromPem(File.ReadAllText(options.PrivateKeyPath), options.KeyId));
        return builder;
    }

    /// <summary>The aggregator's trusted keys, from <c>Signing:TrustedKeysPath</c>.</summary>
    public static IHostApplicationBuilder AddTrustedKeys(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(SigningOptions.Section).Get<SigningOptions>() ?? new SigningOptions();
        builder.Services.AddSingleton(options);
        if (!options.Required)
            return builder;
        if (string.IsNullOrEmpty(options.TrustedKeysPath) || !File.Exists(options.TrustedKeysPath))
            throw new InvalidOperationException(
                "Signing:TrustedKeysPath must name the file of the countries' public keys ({\"keys\": [{\"country\", \"keyId\", \"publicKey\"}]}). " +
                "./run.sh writes one for a local network.");
        builder.Services.AddSingleton(TrustedKeys.Load(options.TrustedKeysPath));
        return builder;
    }
}
