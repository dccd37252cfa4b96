using BalkanHub.ServiceDefaults.Hosting;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BalkanHub.ServiceDefaults.Security;

/// <summary>How the data-protection keys are protected at rest. Section <c>DataProtection</c>.</summary>
public sealed class KeyRingOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "DataProtection";

    /// <summary>
    /// A PKCS#12 file whose certificate encrypts the keys in the database (<c>DataProtection:CertificatePath</c>);
    /// unset, they are stored unencrypted and the database's own protection is theirs.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>Its password, from a secret store. <c>DataProtection:CertificatePassword</c>.</summary>
    public string? CertificatePassword { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CertificatePath is { Length: > 0 } path && !File.Exists(path))
            yield return new ValidationResult($"DataProtection:CertificatePath is '{path}', which does not exist.", [nameof(CertificatePath)]);
    }
}

/// <summary>
/// The keys behind sign-in cookies and antiforgery tokens live in the service's own database, not in the
/// container's home folder: a restart, a new pod or a systemd DynamicUser unit no longer signs everyone
/// out, and the aggregator's replicas share one ring.
/// </summary>
public static class KeyRing
{
    /// <summary>Keeps the keys in <typeparamref name="TContext"/>, encrypted with a certificate when one is configured.</summary>
    public static IHostApplicationBuilder AddHubKeyRing<TContext>(this IHostApplicationBuilder builder)
        where TContext : DbContext, IDataProtectionKeyContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.ReadValidated<KeyRingOptions>(KeyRingOptions.Section);
        var protection = builder.Services.AddDataProtection()
            .SetApplicationName(builder.Environment.ApplicationName)
            .PersistKeysToDbContext<TContext>();
        if (options.CertificatePath is { Length: > 0 } path)
            protection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword));
        return builder;
    }
}
