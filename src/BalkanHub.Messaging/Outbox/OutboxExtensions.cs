using BalkanHub.ServiceDefaults.Hosting;
using BalkanHub.Messaging.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace BalkanHub.Messaging.Outbox;

/// <summary>Registers the outbox for a service's DbContext.</summary>
public static class OutboxExtensions
{
    /// <summary>
    /// The signal, the commit interceptor, the Polly publish pipeline and the dispatcher. The DbContext
    /// must add <see cref="OutboxCommitInterceptor"/> to its options.
    /// </summary>
    public static IHostApplicationBuilder AddOutbox<TDbContext>(this IHostApplicationBuilder builder)
        where TDbContext : DbContext, IOutboxDbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<OutboxOptions>(OutboxOptions.Section);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxCommitInterceptor>();
        builder.Services.TryAddSingleton<StalledPublishes>();
        // The operators' API for parked rows reads the outbox without knowing the service's context type.
        builder.Services.AddScoped<IOutboxDbContext>(sp => sp.GetRequiredService<TDbContext>());

        builder.Services.AddResiliencePipeline(OutboxDispatcher<TDbContext>.PipelineKey, (pipeline, context) =>
        {
            var rabbit = context.ServiceProvider.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
            pipeline
                // A few quick retries ride out a broker hiccup; a longer outage is handled by the
                // dispatcher, which blocks the stream with backoff and keeps the row.
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException || ex is TimeoutRejectedException),
                })
                .AddTimeout(rabbit.PublishTimeout);
        });

        builder.Services.AddHostedService<OutboxDispatcher<TDbContext>>();
        builder.Services.AddHostedService<OutboxSampler<TDbContext>>();
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck<TDbContext>>("outbox", tags: [BalkanHub.ServiceDefaults.Hosting.ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
