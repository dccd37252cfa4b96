using System.ComponentModel.DataAnnotations;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace BalkanHub.Messaging.Messaging;

/// <summary>How a service reaches the broker. Section <c>RabbitMq</c>.</summary>
public sealed class RabbitMqOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RabbitMq";

    /// <summary>
    /// <c>amqp://user:password@host:port/vhost</c>. Each country has its own user in production, so the
    /// broker can vouch for who published a message.
    /// </summary>
    [Required]
    public Uri Uri { get; set; } = new("amqp://guest:guest@localhost:5672/");

    /// <summary>
    /// The other nodes of a RabbitMQ cluster, as <c>host:port</c>. Clients fail over to them when the
    /// node in <see cref="Uri"/> is lost. <c>RabbitMq:ClusterNodes</c>.
    /// </summary>
    public IList<string> ClusterNodes { get; } = [];

    /// <summary>
    /// How long one publish may wait for the broker's confirm. RabbitMQ.Client 7.2.x can hang a publish
    /// after a broker restart, so every publish is bounded.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages each consumer fetches ahead.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 32;

    /// <summary>
    /// The first wait before a consumer reconnects to a broker that went away (default 1 s); it doubles
    /// up to <see cref="ReconnectMaxDelay"/>. MassTransit's own waits are 3 s rising to 30 s, so a broker
    /// back after a few seconds was consumed from again up to half a minute later.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between a consumer's reconnection attempts (default 3 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Whether each service asks the broker now and then whether its own queues still have a consumer, and
    /// starts the bus over when one has lost it (<see cref="ConsumerWatch"/>). Off by default: with it on,
    /// two full local test runs had the eleven-country network's start time out under load (a contact
    /// point not Healthy within 90 s), a cause not found yet. <c>RabbitMq:WatchConsumers</c>.
    /// </summary>
    public bool WatchConsumers { get; set; }

    /// <summary>How often each service asks the broker whether its own queues still have a consumer (default 15 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConsumerCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long one of a service's queues may have no consumer on an open connection before the bus starts
    /// over on a new one (default 1 min): long enough for a new connection on a loaded machine to set its
    /// consumers up, short enough that an inbox does not fill unread.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ConsumerMissingLimit { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether receivers accept only messages whose broker-validated user id names their rightful
    /// sender. Every service sets the AMQP user-id property when it publishes, and the broker refuses one
    /// that does not match the connection's user. Turn it off only for a development broker where every
    /// service shares one user. <c>RabbitMq:VerifySenders</c>.
    /// </summary>
    public bool VerifySenders { get; set; } = true;

    /// <summary>The aggregator's broker user: contact points accept relays from it alone. <c>RabbitMq:AggregatorUser</c>.</summary>
    public string AggregatorUser { get; set; } = "aggregator";

    /// <inheritdoc />
    /// <remarks>
    /// The configuration binder turns any text into a <see cref="System.Uri"/>, a relative one included,
    /// which would only fail deep inside the bus with no word of which setting is wrong.
    /// </remarks>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Uri is null || !Uri.IsAbsoluteUri || Uri.Scheme is not ("amqp" or "amqps"))
            yield return new ValidationResult(
                $"RabbitMq:Uri is '{Uri?.OriginalString}'; it must be an absolute amqp:// or amqps:// address such as amqp://contact-point-gr:password@broker:5672/.",
                [nameof(Uri)]);
        foreach (var node in ClusterNodes.Where(n => !IsNode(n)))
            yield return new ValidationResult($"RabbitMq:ClusterNodes has '{node}'; each node is host or host:port.", [nameof(ClusterNodes)]);
    }

    static bool IsNode(string node) => node.Split(':') switch
    {
        [var host] => host.Length > 0,
        [var host, var port] => host.Length > 0 && int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536,
        _ => false,
    };

    /// <summary>Every node to try, the one in <see cref="Uri"/> first.</summary>
    public IEnumerable<(string Host, int Port)> Nodes =>
        ClusterNodes.Select(n => n.Split(':') is [var host, var port] ? (host, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)) : (n, DefaultPort))
            .Prepend((Uri.Host, Uri.IsDefaultPort ? DefaultPort : Uri.Port));

    /// <summary>Whether <see cref="Uri"/> is <c>amqps://</c>: TLS to RabbitMQ's TLS listener, for every node.</summary>
    public bool UseTls => Uri.Scheme == "amqps";

    /// <summary>The IANA port of the scheme: 5671 for AMQPS, 5672 for AMQP.</summary>
    int DefaultPort => UseTls ? 5671 : 5672;

    /// <summary>
    /// A PEM file with the certificate authority that signed the broker's certificate, when it is not
    /// one the operating system trusts (a government's own CA). <c>RabbitMq:CaCertificatePath</c>.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>
    /// Checks the broker's certificate: the operating system's trust, or the chain up to
    /// <see cref="CaCertificatePath"/>. The host name must match in either case.
    /// </summary>
    public bool ValidateBrokerCertificate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (CaCertificatePath is null || certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            return false;
        using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(CaCertificatePath));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        // A private CA publishes no revocation list the services could reach.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return chain.Build(presented);
    }

    /// <summary>A plain RabbitMQ.Client connection with these settings, failing over across the nodes.</summary>
    public Task<RabbitMQ.Client.IConnection> ConnectAsync(string name, CancellationToken cancellationToken)
    {
        var factory = new RabbitMQ.Client.ConnectionFactory
        {
            VirtualHost = VirtualHost,
            UserName = Username,
            Password = Password,
            ClientProvidedName = name,
        };
        return factory.CreateConnectionAsync(Nodes.Select(n => new RabbitMQ.Client.AmqpTcpEndpoint(n.Host, n.Port, Ssl(n.Host))).ToList(), cancellationToken);
    }

    RabbitMQ.Client.SslOption Ssl(string host) => new()
    {
        Enabled = UseTls,
        ServerName = host,
        Version = SslProtocols.Tls12 | SslProtocols.Tls13,
        CertificateValidationCallback = (_, certificate, _, errors) => ValidateBrokerCertificate(certificate, errors),
    };

    /// <summary>The user name in <see cref="Uri"/>, or guest.</summary>
    public string Username => Uri.UserInfo.Split(':', 2) is [var user, ..] && user.Length > 0 ? Uri.UnescapeDataString(user) : "guest";

    /// <summary>The password in <see cref="Uri"/>, or guest.</summary>
    public string Password => Uri.UserInfo.Split(':', 2) is [_, var password] ? Uri.UnescapeDataString(password) : "guest";

    /// <summary>The virtual host in <see cref="Uri"/>, or /.</summary>
    public string VirtualHost => Uri.AbsolutePath.Trim('/') is { Length: > 0 } vhost ? Uri.UnescapeDataString(vhost) : "/";
}
