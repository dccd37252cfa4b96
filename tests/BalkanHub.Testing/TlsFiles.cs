using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BalkanHub.Testing;

/// <summary>
/// A throwaway certificate authority and a server certificate it signed for <c>localhost</c> and
/// 127.0.0.1, as PEM files: what a government's own CA would hand the broker and the services.
/// </summary>
public sealed class TlsFiles : IDisposable
{
    public TlsFiles()
    {
        Folder = Directory.CreateTempSubdirectory("balkanhub-tls.").FullName;
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest("CN=BalkanHub test CA", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var server = serverRequest.Create(authority, now.AddDays(-1), now.AddDays(7), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(AuthorityPath, authority.ExportCertificatePem());
        File.WriteAllText(CertificatePath, server.ExportCertificatePem());
        // PKCS#1 ("RSA PRIVATE KEY"): what Erlang's TLS and Kestrel both read.
        File.WriteAllText(KeyPath, serverKey.ExportRSAPrivateKeyPem());
        Authority = X509Certificate2.CreateFromPem(authority.ExportCertificatePem());
    }

    public string Folder { get; }

    public string AuthorityPath => Path.Combine(Folder, "ca.pem");

    public string CertificatePath => Path.Combine(Folder, "server.pem");

    public string KeyPath => Path.Combine(Folder, "server-key.pem");

    /// <summary>The CA, for clients that should trust it and nothing else.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>An HTTP handler that trusts certificates chained to this CA only.</summary>
    public HttpMessageHandler Handler() => new SocketsHttpHandler
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) != System.Net.Security.SslPolicyErrors.None)
                    return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(Authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            },
        },
    };

    public void Dispose()
    {
        Authority.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
