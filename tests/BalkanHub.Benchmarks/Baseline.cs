using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace BalkanHub.Benchmarks;

/// <summary>
/// Scenario 1, the physical limit of the stack: raw RabbitMQ.Client publishing persistent messages of a
/// daily report's size, with publisher confirms, to a quorum queue on the same node, and one consumer
/// acknowledging each message, as MassTransit's consumers do.
/// </summary>
internal static class Baseline
{
    /// <summary>Publishes still awaiting their confirm; the client library's own default limit is 128.</summary>
    const int Window = 128;

    public static async Task<double> RunAsync(Uri broker, int messages, int messageBytes, CancellationToken cancellationToken)
    {
        var queue = $"bench-baseline-{Guid.NewGuid():N}";
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "balkanhub-benchmark-baseline" };
        // Two connections, as a publishing service and a consuming service would have.
        await using var publisherConnection = await factory.CreateConnectionAsync(cancellationToken);
        await using var consumerConnection = await factory.CreateConnectionAsync(cancellationToken);
        await using var publisher = await publisherConnection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await using var consumer = await consumerConnection.CreateChannelAsync(cancellationToken: cancellationToken);
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);

        var body = new byte[messageBytes];
        new Random(2015).NextBytes(body);
        var properties = new BasicProperties { Persistent = true, ContentType = "application/vnd.masstransit+json" };
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // A modest prefetch, and one ack per message: what a consumer that settles each message on its own does.
        await consumer.BasicQosAsync(0, 32, false, cancellationToken);
        var handler = new AsyncEventingBasicConsumer(consumer);
        handler.ReceivedAsync += async (_, delivery) =>
        {
            await consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Increment(ref received) == messages)
                done.TrySetResult();
        };

        var watch = Stopwatch.StartNew();
        await consumer.BasicConsumeAsync(queue, autoAck: false, handler, cancellationToken);
        var pending = new List<Task>(Window);
        for (var i = 0; i < messages; i++)
        {
            // A publish with confirms can hang after a broker restart in 7.2.x: never wait without a limit.
            pending.Add(publisher.BasicPublishAsync("", queue, mandatory: true, properties, body, cancellationToken).AsTask()
                .WaitAsync(TimeSpan.FromSeconds(30), cancellationToken));
            if (pending.Count == Window)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }
        await Task.WhenAll(pending);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        watch.Stop();
        await publisher.QueueDeleteAsync(queue, cancellationToken: cancellationToken);
        return messages / watch.Elapsed.TotalSeconds;
    }
}
