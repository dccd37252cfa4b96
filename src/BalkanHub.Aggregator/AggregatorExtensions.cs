using BalkanHub.Aggregator.Admin;
using BalkanHub.Aggregator.Audit;
using BalkanHub.Aggregator.Compliance;
using BalkanHub.Aggregator.Feed;
using BalkanHub.Aggregator.Intake;
using BalkanHub.Aggregator.Retention;
using BalkanHub.Aggregator.Assistance;
using BalkanHub.Aggregator.Commitments;
using BalkanHub.Aggregator.Picture;
using BalkanHub.Domain.Assistance;
using BalkanHub.Domain.Commitments;
using BalkanHub.Domain.Measures;
using BalkanHub.Domain.Picture;
using BalkanHub.Domain.Validation;
using BalkanHub.Messaging.Signing;
using BalkanHub.Aggregator.Reports;
using BalkanHub.Aggregator.Measures;

namespace BalkanHub.Aggregator;

/// <summary>Everything the aggregator registers, so that Program.cs reads as a table of contents.</summary>
public static class AggregatorExtensions
{
    /// <summary>
    /// The store (SQLite by default, PostgreSQL when <c>Database:Provider</c> is <c>Postgres</c>), the
    /// outbox, the intake queue, the relay rules and SignalR.
    /// </summary>
    public static IHostApplicationBuilder AddAggregator(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var provider = builder.Configuration["Database:Provider"] ?? "Sqlite";
        var connectionString = builder.Configuration.GetConnectionString("Aggregator");
        // Each provider has its own context type (and migrations); the rest of the service injects AggregatorDb.
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var postgres = connectionString ?? throw new InvalidOperationException("Database:Provider is Postgres, so ConnectionStrings:Aggregator must be set.");
            builder.Services.AddDbContext<AggregatorDb, PostgresAggregatorDb>((sp, o) => o.UseNpgsql(postgres).AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>()));
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddDbContext<AggregatorDb, SqliteAggregatorDb>((sp, o) => o.UseSqlite(connectionString ?? "Data Source=aggregator.db")
                .AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>(), new SqliteConnectionSettings(builder.Configuration["Database:Synchronous"] ?? "Normal")));
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider is '{provider}'; use Sqlite or Postgres.");
        }
        builder.Services.AddHealthChecks().AddDbContextCheck<AggregatorDb>("database", tags: [ServiceDefaultsExtensions.ReadyTag]);

        builder.AddTelemetryIdentity("aggregator");
        builder.AddHubSecurity(AggregatorPolicies.Add);
        builder.AddHubKeyRing<AggregatorDb>();
        builder.Services.AddAggregatorOpenApi();
        builder.Services.AddSingleton<RelayRecipients>();
        builder.Services.AddScoped<RelayWriter>();
        builder.Services.AddScoped<ChainReactions>();
        builder.AddValidatedOptions<MeasureOptions>(MeasureOptions.Section);
        builder.Services.AddHostedService<AcknowledgementDeadlines>();
        builder.AddValidatedOptions<PictureOptions>(PictureOptions.Section);
        builder.AddValidatedOptions<PlausibilityOptions>(PlausibilityOptions.Section);
        builder.Services.AddScoped<Reconciliation>();
        builder.Services.AddHostedService<ReportingDeadlines>();
        builder.AddValidatedOptions<AssistanceOptions>(AssistanceOptions.Section);
        builder.Services.AddScoped<AssistanceIntake>();
        builder.Services.AddHostedService<AssistanceClock>();
        builder.AddValidatedOptions<CommitmentsOptions>(CommitmentsOptions.Section);
        // Loaded and checked once at start: a broken commitments file stops the service rather than showing wrong figures.
        builder.Services.AddSingleton<IReadOnlyList<Commitment>>(sp =>
            Commitment.Load(BalkanHub.Messaging.Hosting.RouteOptions.ResolveFile(sp.GetRequiredService<IOptions<CommitmentsOptions>>().Value.Path, builder.Environment.ContentRootPath)));
        builder.Services.AddScoped<IntakeInbox>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<FeedNotifier>();
        builder.Services.AddHostedService<RecipientQueues>();
        builder.AddValidatedOptions<RelayOptions>(RelayOptions.Section);
        builder.Services.AddHostedService<RelayTailAnnouncer>();
        builder.Services.AddHostedService<DeadLetterHarvester>();
        builder.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section);
        builder.Services.AddHostedService<AggregatorRetention>();

        builder.AddTrustedKeys();
        builder.AddOutbox<AggregatorDb>();
        builder.AddHubBus(
            x =>
            {
                x.AddConsumer<DailyReportConsumer>();
                x.AddConsumer<MeasureConsumer>();
                x.AddConsumer<NeedsAnalysisOpenedConsumer>();
                x.AddConsumer<NeedsAnalysisClosedConsumer>();
                x.AddConsumer<AssistanceRequestedConsumer>();
                x.AddConsumer<AssistanceRequestWithdrawnConsumer>();
                x.AddConsumer<AssistanceOfferedConsumer>();
                x.AddConsumer<OfferStatusChangedConsumer>();
                x.AddConsumer<AcknowledgementConsumer>();
                x.AddConsumer<RelayGapConsumer>();
                x.AddConsumer<AuditConsumer>();
            },
            (context, cfg) => cfg.ReceiveEndpoint(HubTopology.AggregatorQueue, e =>
            {
                e.UseHubQueue(HubTopology.AggregatorQueue);
                e.UseHubParking(HubTopology.AggregatorQueue, context);
                // SQLite takes one writer at a time: more concurrent consumers would only queue for its
                // lock. PostgreSQL takes many (Aggregator:ConcurrentMessageLimit).
                e.ConcurrentMessageLimit = builder.Configuration.GetValue<int?>("Aggregator:ConcurrentMessageLimit")
                    ?? (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) ? 16 : 1);
                // A bounded number of retries, then the error queue: the messages behind keep flowing,
                // and an operator replays the parked one once its cause is fixed.
                e.ConfigureReceive(r => r.UseFilter(new WellFormedMessages(context)));
                // A message that can never be processed as sent is parked at once: retrying it only delays the
                // ones behind it. What may still be in flight (NotStoredYetException) and database hiccups are retried.
                e.UseMessageRetry(r =>
                {
                    r.Intervals(100, 500, 1000);
                    r.Ignore<InvalidMessageException>();
                });
                e.ConfigureConsumer<DailyReportConsumer>(context);
                e.ConfigureConsumer<MeasureConsumer>(context);
                e.ConfigureConsumer<NeedsAnalysisOpenedConsumer>(context);
                e.ConfigureConsumer<NeedsAnalysisClosedConsumer>(context);
                e.ConfigureConsumer<AssistanceRequestedConsumer>(context);
                e.ConfigureConsumer<AssistanceRequestWithdrawnConsumer>(context);
                e.ConfigureConsumer<AssistanceOfferedConsumer>(context);
                e.ConfigureConsumer<OfferStatusChangedConsumer>(context);
                e.ConfigureConsumer<AcknowledgementConsumer>(context);
                e.ConfigureConsumer<RelayGapConsumer>(context);
                e.ConfigureConsumer<AuditConsumer>(context);
            }));

        builder.AddValidatedOptions<ReplicaOptions>(ReplicaOptions.Section);
        var signalR = builder.Services.AddSignalR();
        // Several replicas consume the same intake queue: each push goes through Redis, so a client
        // connected to one replica receives what another consumed. One replica needs no Redis.
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, o =>
            {
                // Several hubs may share one Redis; a channelPrefix in the connection string keeps them apart.
                if (o.Configuration.ChannelPrefix.IsNullOrEmpty)
                    o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("balkanhub");
            });
        }
        return builder;
    }
}
