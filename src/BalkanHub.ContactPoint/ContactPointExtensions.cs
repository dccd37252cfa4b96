using BalkanHub.ContactPoint.Inbox;
using BalkanHub.ContactPoint.Measures;
using BalkanHub.ContactPoint.Notifications;
using BalkanHub.ContactPoint.Retention;
using BalkanHub.Domain.Assistance;
using BalkanHub.Domain.Measures;
using BalkanHub.Messaging.Signing;

namespace BalkanHub.ContactPoint;

/// <summary>Everything a contact point registers, so that Program.cs reads as a table of contents.</summary>
public static class ContactPointExtensions
{
    /// <summary>Options, the SQLite store, the outbox, the bus with this country's relay queue, and SignalR.</summary>
    public static IHostApplicationBuilder AddContactPoint(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<ContactPointOptions>(ContactPointOptions.Section);
        var country = builder.Configuration[$"{ContactPointOptions.Section}:Country"] ?? "";
        builder.AddTelemetryIdentity($"contact-point-{country.ToLowerInvariant()}", country);
        builder.Services.AddSingleton<IValidateOptions<ContactPointOptions>, CountryOnRoute>();
        builder.AddHubSecurity(a => ContactPointPolicies.Add(a, country));
        builder.Services.AddContactPointOpenApi();

        builder.Services.AddDbContext<ContactPointDb>((sp, o) => o
            .UseSqlite(builder.Configuration.GetConnectionString("ContactPoint") ?? "Data Source=contact-point.db")
            .AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>(), new SqliteConnectionSettings(builder.Configuration["Database:Synchronous"] ?? "Normal")));
        builder.Services.AddHealthChecks().AddDbContextCheck<ContactPointDb>("database", tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.AddHubKeyRing<ContactPointDb>();
        builder.Services.AddScoped<MeasureChanges>();
        builder.AddValidatedOptions<MeasureOptions>(MeasureOptions.Section);
        builder.AddValidatedOptions<AssistanceOptions>(AssistanceOptions.Section);
        builder.AddValidatedOptions<PlausibilityOptions>(PlausibilityOptions.Section);
        builder.Services.AddHostedService<MeasureClock>();
        builder.AddValidatedOptions<InboxOptions>(InboxOptions.Section);
        builder.Services.AddSingleton<RelayTail>();
        builder.Services.AddHostedService<InboxGapWatch>();
        builder.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section);
        builder.Services.AddHostedService<ContactPointRetention>();
        builder.AddValidatedOptions<NotificationOptions>(NotificationOptions.Section);
        builder.Services.AddHttpClient("webhooks", c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<Notifier>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Notifier>());

        builder.AddOriginSigner();
        builder.AddOutbox<ContactPointDb>();
        builder.AddHubBus(
            x =>
            {
                x.AddConsumer<RelayItemConsumer>();
                x.AddConsumer<RelayTailConsumer>();
            },
            (context, cfg) =>
            {
                var country = context.GetRequiredService<IOptions<ContactPointOptions>>().Value.Country;
                var queue = HubTopology.ContactPointQueue(country);
                cfg.ReceiveEndpoint(queue, e =>
                {
                    e.UseHubQueue(queue);
                    e.UseHubParking(queue, context);
                    // No Fault<RelayItem> events: a contact point may write to nothing but its own queues.
                    e.PublishFaults = false;
                    // Relays are sent to this queue by the aggregator alone; it never subscribes to
                    // the events other countries publish.
                    e.ConfigureConsumeTopology = false;
                    e.UseMessageRetry(r =>
                    {
                        r.Intervals(100, 500, 2000, 5000);
                        r.Ignore<MisaddressedRelayException>();
                    });
                    e.ConfigureConsumer<RelayItemConsumer>(context);
                    e.ConfigureConsumer<RelayTailConsumer>(context);
                });
            });

        builder.Services.AddSignalR();
        return builder;
    }

    /// <summary>The configured country must run a contact point on the configured route.</summary>
    sealed class CountryOnRoute(IServiceProvider services) : IValidateOptions<ContactPointOptions>
    {
        public ValidateOptionsResult Validate(string? name, ContactPointOptions options)
        {
            var route = services.GetRequiredService<RouteMap>();
            var participant = route.Find(options.Country);
            if (participant is { RunsContactPoint: true })
                return ValidateOptionsResult.Success;
            var known = string.Join(", ", route.ContactPoints.Select(p => p.Code));
            return ValidateOptionsResult.Fail(
                $"ContactPoint:Country is '{options.Country}', which does not run a contact point on the route '{route.Name}'. Use one of: {known}.");
        }
    }
}
