using MassTransit;
using RabbitMQ.Client;

namespace BalkanHub.Messaging.Messaging;

/// <summary>
/// Names and arguments of the hub's queues, in one place. A queue declared twice with different
/// arguments is refused by the broker (PRECONDITION_FAILED), and the aggregator declares every contact
/// point's queue before the contact point first starts, so both must declare them identically.
/// </summary>
public static class HubTopology
{
    /// <summary>The aggregator's intake queue, where every contact point's events land.</summary>
    public const string AggregatorQueue = "aggregator";

    /// <summary>The queue (and the exchange bound to it) of one contact point's relays, such as <c>contact-point-gr</c>.</summary>
    public static string ContactPointQueue(string participant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participant);
        return $"contact-point-{participant.ToLowerInvariant()}";
    }

    /// <summary>The broker user of a contact point, as <c>deploy/rabbitmq/definitions.json</c> names it.</summary>
    public static string ContactPointUser(string participant) => ContactPointQueue(participant);

    /// <summary>The user id the broker validated for a received message, or null when it carried none.</summary>
    public static string? BrokerUserOf(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) && !string.IsNullOrEmpty(rabbit.Properties.UserId)
            ? rabbit.Properties.UserId
            : null;
    }

    /// <summary>The user id the broker validated for a message not yet deserialized, or null when it carried none.</summary>
    public static string? BrokerUserOf(ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) && !string.IsNullOrEmpty(rabbit.Properties.UserId)
            ? rabbit.Properties.UserId
            : null;
    }

    /// <summary>Where a queue's poison messages are parked, as MassTransit names it.</summary>
    public static string ErrorQueue(string queue) => $"{queue}_error";

    /// <summary>How many times the broker delivers one message before it dead-letters it.</summary>
    public const int DeliveryLimit = 10;

    /// <summary>
    /// Quorum queues everywhere: replicated and durable. A message that keeps killing its consumer
    /// (the process dies before it acknowledges) is delivered at most <see cref="DeliveryLimit"/> times,
    /// then dead-lettered into the queue's error queue, where failures MassTransit catches are parked
    /// too. A delivery limit without a dead-letter target would drop the message silently.
    /// MassTransit gives the error queue the same arguments as its queue, so both are declared alike.
    /// </summary>
    public static Dictionary<string, object?> QueueArguments(string queue) => new()
    {
        ["x-queue-type"] = "quorum",
        ["x-delivery-limit"] = DeliveryLimit,
        ["x-dead-letter-exchange"] = "",
        ["x-dead-letter-routing-key"] = ErrorQueue(queue),
    };

    /// <summary>Declares a receive endpoint's queue with <see cref="QueueArguments"/>.</summary>
    public static void UseHubQueue(this IRabbitMqReceiveEndpointConfigurator endpoint, string queue)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoint.SetQuorumQueue();
        foreach (var (key, value) in QueueArguments(queue).Where(a => a.Key != "x-queue-type"))
            endpoint.SetQueueArgument(key, value);
    }

    /// <summary>
    /// Declares a queue and its exchange, bound together, and its error queue and exchange, exactly as
    /// MassTransit declares them for a receive endpoint. The aggregator declares every contact point's
    /// queue this way at start, so relays sent before a contact point first starts wait in its queue
    /// instead of being dropped as unroutable, and the error queues exist before anything is dead-lettered.
    /// </summary>
    public static async Task DeclareQueueAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        foreach (var name in new[] { queue, ErrorQueue(queue) })
        {
            await channel.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, QueueArguments(queue), cancellationToken: cancellationToken);
            await channel.QueueBindAsync(name, name, routingKey: "", cancellationToken: cancellationToken);
        }
    }
}
