using MassTransit;
using RabbitMQ.Client;

namespace BalkanHub.ServiceDefaults.Messaging;

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

    /// <summary>
    /// Quorum queues everywhere: replicated, durable, and with a delivery limit, so a message that
    /// keeps killing its consumer is set aside instead of looping forever.
    /// </summary>
    public static IDictionary<string, object?> QueueArguments { get; } = new Dictionary<string, object?>
    {
        ["x-queue-type"] = "quorum",
    };

    /// <summary>Declares a receive endpoint's queue with <see cref="QueueArguments"/>.</summary>
    public static void UseHubQueue(this IRabbitMqReceiveEndpointConfigurator endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoint.SetQuorumQueue();
        foreach (var (key, value) in QueueArguments.Where(a => a.Key != "x-queue-type"))
            endpoint.SetQueueArgument(key, value);
    }

    /// <summary>
    /// Declares a contact point's queue and exchange, bound together, exactly as MassTransit declares them
    /// for the contact point's receive endpoint. Relays sent before that contact point first starts then
    /// wait in its queue instead of being dropped as unroutable.
    /// </summary>
    public static async Task DeclareContactPointQueueAsync(IChannel channel, string participant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var name = ContactPointQueue(participant);
        await channel.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, QueueArguments, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(name, name, routingKey: "", cancellationToken: cancellationToken);
    }
}
