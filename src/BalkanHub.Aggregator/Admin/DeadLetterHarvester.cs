using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace BalkanHub.Aggregator.Admin;

/// <summary>
/// Moves what lands in the hub's error queues (the aggregator's and every contact point's) into the
/// aggregator's database, where operators list, replay and discard it. A parked message therefore never
/// wedges its queue, and nothing is lost: each one is stored before the broker is told to forget it.
/// </summary>
public sealed partial class DeadLetterHarvester(
    IServiceScopeFactory scopes,
    RelayRecipients recipients,
    IOptions<RabbitMqOptions> options,
    TimeProvider clock,
    ILogger<DeadLetterHarvester> logger) : BackgroundService
{
    /// <summary>Every error queue the hub declares.</summary>
    public IEnumerable<string> Queues =>
        recipients.ContactPoints.Select(HubTopology.ContactPointQueue).Append(HubTopology.AggregatorQueue).Select(HubTopology.ErrorQueue);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Connect when the broker is there; RabbitMQ.Client recovers the connection and consumers after that.
        var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(15),
            // Anything until the service stops: RabbitMQ.Client 7 reports an RPC that outran its continuation timeout
            // as a TaskCanceledException (rabbitmq-dotnet-client #1867), and one escaping here would stop the host.
            ShouldHandle = new PredicateBuilder().Handle<Exception>(_ => !stoppingToken.IsCancellationRequested),
        }).Build();
        try
        {
            var connection = await pipeline.ExecuteAsync(ct => new ValueTask<IConnection>(options.Value.ConnectAsync("aggregator dead letters", ct)), stoppingToken);
            await using (connection)
            {
                var channel = await pipeline.ExecuteAsync(async ct =>
                {
                    var c = await connection.CreateChannelAsync(cancellationToken: ct);
                    await c.BasicQosAsync(0, 16, false, ct);
                    foreach (var queue in Queues)
                    {
                        // The queue exists: the aggregator declares every error queue at start.
                        await HubTopology.DeclareQueueAsync(c, queue[..^"_error".Length], ct);
                        var consumer = new AsyncEventingBasicConsumer(c);
                        consumer.ReceivedAsync += (_, delivery) => ParkAsync(c, queue, delivery, stoppingToken);
                        await c.BasicConsumeAsync(queue, autoAck: false, consumer, ct);
                    }
                    return c;
                }, stoppingToken);
                await using (channel)
                    await Task.Delay(Timeout.Infinite, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task ParkAsync(IChannel channel, string errorQueue, BasicDeliverEventArgs delivery, CancellationToken cancellationToken)
    {
        try
        {
            var headers = delivery.BasicProperties.Headers ?? new Dictionary<string, object?>();
            string? Header(string name) => headers.TryGetValue(name, out var value) ? Text(value) : null;
            var deaths = headers.TryGetValue("x-death", out var death) ? Text(death) : null;
            var body = delivery.Body.ToArray();
            var messageId = delivery.BasicProperties.MessageId ?? Header("MT-MessageId");
            var letter = new StoredDeadLetter
            {
                Queue = errorQueue[..^"_error".Length],
                MessageId = messageId,
                MessageType = Header("MT-Fault-MessageType") ?? Header("MT-MessageType"),
                Reason = Header("MT-Fault-Message") ?? (deaths is null ? "parked without a reason" : $"dead-lettered by the broker: {deaths}"),
                ExceptionType = Header("MT-Fault-ExceptionType"),
                Retries = int.TryParse(Header("MT-Fault-RetryCount"), out var retries) ? retries : null,
                Headers = JsonSerializer.Serialize(new
                {
                    delivery.BasicProperties.ContentType,
                    delivery.BasicProperties.MessageId,
                    // Parked by a service without the property (the broker checks it against the parking connection's
                    // user), kept as a header; dead-lettered by the broker with it, and the aggregator's own when it was
                    // a replay, so whom it spoke for is the header's then too.
                    UserId = delivery.BasicProperties.UserId is null
                        ? Header(HubTopology.OriginalUserHeader)
                        : HubTopology.SenderOf(delivery.BasicProperties, options.Value.AggregatorUser),
                    delivery.BasicProperties.CorrelationId,
                    Headers = headers.ToDictionary(h => h.Key, h => Text(h.Value)),
                }, JsonSerializerOptions.Web),
                Body = body,
                Fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
                    $"{errorQueue}|{messageId}|{Header("MT-Fault-Timestamp")}|{deaths}|{Convert.ToHexString(SHA256.HashData(body))}"))),
                ParkedAt = clock.GetUtcNow(),
                Status = DeadLetterStatus.Parked,
            };

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AggregatorDb>();
            if (!await db.DeadLetters.AnyAsync(d => d.Fingerprint == letter.Fingerprint, cancellationToken))
            {
                db.DeadLetters.Add(letter);
                await db.SaveChangesAsync(cancellationToken);
                LogParked(logger, letter.Queue, letter.MessageId, letter.Reason);
                HubTelemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>("queue", letter.Queue));
            }
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left unacknowledged: the broker redelivers it, and the fingerprint keeps it stored once.
            LogFailed(logger, ex, errorQueue);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
        }
    }

    static string? Text(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        IEnumerable<object?> list when value is not string => "[" + string.Join(", ", list.Select(Text)) + "]",
        IDictionary<string, object?> table => "{" + string.Join(", ", table.Select(t => $"{t.Key}: {Text(t.Value)}")) + "}",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parked a message of {Queue} ({MessageId}): {Reason}")]
    static partial void LogParked(ILogger logger, string queue, string? messageId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store a dead letter from {Queue}; it stays in the queue")]
    static partial void LogFailed(ILogger logger, Exception exception, string queue);
}

/// <summary>Where a dead letter stands.</summary>
public static class DeadLetterStatus
{
    /// <summary>Waiting for an operator.</summary>
    public const string Parked = "parked";

    /// <summary>Sent back to its queue.</summary>
    public const string Replayed = "replayed";

    /// <summary>Set aside for good, with a reason.</summary>
    public const string Discarded = "discarded";
}
