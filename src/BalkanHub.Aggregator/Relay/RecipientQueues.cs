using Polly;
using Polly.Retry;

namespace BalkanHub.Aggregator.Relay;

/// <summary>
/// Declares every contact point's queue when the aggregator starts, exactly as the contact point
/// declares it, so a relay to a country whose service has never run yet waits in its queue.
/// Relays are also sent as mandatory, so until this has run they are refused and retried, never lost.
/// </summary>
public sealed partial class RecipientQueues(
    RelayRecipients recipients,
    IOptions<RabbitMqOptions> options,
    ILogger<RecipientQueues> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The broker may be down when the aggregator starts; keep trying without holding up start-up.
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(15),
                // Anything until the service stops: RabbitMQ.Client 7 reports an RPC that outran its continuation timeout
                // as a TaskCanceledException (rabbitmq-dotnet-client #1867), and one escaping here would stop the host.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(_ => !stoppingToken.IsCancellationRequested),
                OnRetry = args =>
                {
                    LogRetry(logger, args.Outcome.Exception, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        try
        {
            await pipeline.ExecuteAsync(DeclareAsync, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async ValueTask DeclareAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var connection = await settings.ConnectAsync("aggregator topology", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var participants = recipients.ContactPoints.ToList();
        foreach (var participant in participants)
            await HubTopology.DeclareQueueAsync(channel, HubTopology.ContactPointQueue(participant), cancellationToken);
        await HubTopology.DeclareQueueAsync(channel, HubTopology.AggregatorQueue, cancellationToken);
        LogDeclared(logger, participants.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not declare the contact points' queues yet; retrying in {Delay}")]
    static partial void LogRetry(ILogger logger, Exception? exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Declared the relay queues of {Count} contact points")]
    static partial void LogDeclared(ILogger logger, int count);
}
