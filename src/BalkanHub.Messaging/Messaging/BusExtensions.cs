using BalkanHub.ServiceDefaults.Hosting;
using System.Reflection;
using System.Security.Authentication;
using System.Text.Json;
using System.Text.Json.Serialization;
using RabbitMQ.Client.Exceptions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BalkanHub.Messaging.Messaging;

/// <summary>The shared bus connection: RabbitMQ through MassTransit, with publisher confirms.</summary>
public static class BusExtensions
{
    /// <summary>
    /// Adds MassTransit on RabbitMQ. <paramref name="registerConsumers"/> adds the service's consumers;
    /// <paramref name="configureEndpoints"/> declares its receive endpoints.
    /// </summary>
    public static IHostApplicationBuilder AddHubBus(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> registerConsumers,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator> configureEndpoints)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<RabbitMqOptions>(RabbitMqOptions.Section);

        builder.Services.AddMassTransit(x =>
        {
            // MassTransit 8.5 reports usage to its vendor over the internet by default. A government
            // system's bus says nothing to third parties, and the attempt fails noisily where egress is closed.
            x.DisableUsageTelemetry();
            // Readiness means "can accept and store requests", which the outbox allows without a broker:
            // a broker outage is reported in /health/ready's detail as Degraded, and Kubernetes keeps the
            // service in rotation, taking reports into the outbox exactly when that is what it is for.
            x.ConfigureHealthCheckOptions(o => o.MinimalFailureStatus = HealthStatus.Degraded);
            registerConsumers(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                var (host, port) = options.Nodes.First();
                cfg.Host(host, (ushort)port, options.VirtualHost, h =>
                {
                    if (options.UseTls)
                        h.UseSsl(s =>
                        {
                            s.Protocol = SslProtocols.Tls12 | SslProtocols.Tls13;
                            s.ServerName = host;
                            s.CertificateValidationCallback = (_, certificate, _, errors) => options.ValidateBrokerCertificate(certificate, errors);
                        });
                    h.Username(options.Username);
                    h.Password(options.Password);
                    // A publish completes only when the broker has taken responsibility for the message.
                    h.PublisherConfirmation = true;
                    h.Heartbeat(TimeSpan.FromSeconds(10));
                    h.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
                    h.ConnectionName(builder.Environment.ApplicationName);
                    if (options.ClusterNodes.Count > 0)
                        h.UseCluster(c =>
                        {
                            // With TLS, the broker's certificate must name every node (or a name they share).
                            foreach (var (nodeHost, nodePort) in options.Nodes)
                                c.Node($"{nodeHost}:{nodePort}");
                        });
                });
                cfg.PrefetchCount = options.PrefetchCount;
                ReconnectSooner(cfg, options.ReconnectDelay, options.ReconnectMaxDelay);
                // Enumerations travel as their listed names: the contracts' converters also read numbers
                // ("severity": 100), and on the bus such a message fails to deserialize and is parked, never stored.
                // contracts/schemas are generated with the web defaults, which accept a number written as a
                // string ("version": "1"); the bus reads what the published schemas allow, so such a message is
                // read (and then refused if its signature no longer verifies), never a crash.
                cfg.ConfigureJsonSerializerOptions(AsPublished);
                // Every message carries the AMQP user-id of this connection. The broker refuses one whose
                // user-id is not the connection's user, so a receiver can trust it as the sender's identity.
                cfg.ConfigurePublish(p => p.UseExecute(c => StampUser(c, options.Username)));
                cfg.ConfigureSend(s => s.UseExecute(c => StampUser(c, options.Username)));
                configureEndpoints(context, cfg);
            });
        });

        builder.Services.AddSingleton<ConsumerWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConsumerWatch>());
        builder.Services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<ConsumerWatch>());
        builder.Services.AddHealthChecks().AddCheck<ConsumerWatchHealthCheck>("consumers", tags: [ServiceDefaultsExtensions.ReadyTag]);

        // Start without waiting for the broker: a contact point must accept reports into its outbox
        // while the broker is down, and deliver them once it is back.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(15);
        });
        return builder;
    }

    /// <summary>
    /// The bus's serializer options with enumerations read from their names only and numbers also read from
    /// strings; a copy, since options in use cannot change.
    /// </summary>
    static JsonSerializerOptions AsPublished(JsonSerializerOptions options)
    {
        if (options.Converters.OfType<ListedNames>().Any())
            return options;
        var published = new JsonSerializerOptions(options);
        published.Converters.Insert(0, new ListedNames());
        published.NumberHandling |= JsonNumberHandling.AllowReadingFromString;
        return published;
    }

    sealed class ListedNames() : JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false);

    /// <summary>
    /// Replaces the policy by which MassTransit's consumers reconnect after the broker went away (3 s,
    /// then up to 30 s between attempts, fixed in the RabbitMQ host's constructor with no setting) by
    /// <see cref="ReconnectPolicy"/>. Measured with the benchmark's recovery scenario: a broker back in
    /// 6 s was consumed from again 20–30 s later. The policy is reached by reflection on MassTransit
    /// 8.5.12's internals (pinned, see Directory.Packages.props); if they change, the service refuses to
    /// start rather than quietly recovering slowly.
    /// </summary>
    static void ReconnectSooner(IRabbitMqBusFactoryConfigurator cfg, TimeSpan first, TimeSpan longest)
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        var host = cfg.GetType().GetField("_hostConfiguration", Private)?.GetValue(cfg);
        var policy = host?.GetType().GetField("<ReceiveTransportRetryPolicy>k__BackingField", Private)
            ?? throw new InvalidOperationException("MassTransit's RabbitMQ host no longer keeps its reconnection policy where BusExtensions.ReconnectSooner looks; adapt it to this MassTransit version.");
        policy.SetValue(host, ReconnectPolicy(first, longest));
    }

    /// <summary>
    /// When a consumer's connection fails, try again after <paramref name="first"/>, doubling to at most
    /// <paramref name="longest"/>, for as long as it takes, whatever the failure, except a refused login.
    /// </summary>
    /// <remarks>
    /// MassTransit's own policy lists the failures it retries; any other one ends the receive endpoint for
    /// good ("ReceiveTransport Cannot Retry") while the process, its publishing and its health stay up. A
    /// fault-suite run lost 567 relays that way: after a broker kill -9 one contact point's consumer never
    /// came back (its connection had its publish channel only), and its inbox queue filled unread. A
    /// national inbox that stops reading is worse than one that keeps trying and logging; only a login the
    /// broker refuses is an operator's to fix, and retrying it would only lock the account.
    /// </remarks>
    public static IRetryPolicy ReconnectPolicy(TimeSpan first, TimeSpan longest) =>
        Retry.CreatePolicy(x =>
        {
            x.Ignore<AuthenticationFailureException>();
            x.Exponential(int.MaxValue, first, longest, first);
        });

    static void StampUser(SendContext context, string user)
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
            rabbit.BasicProperties.UserId = user;
    }
}
