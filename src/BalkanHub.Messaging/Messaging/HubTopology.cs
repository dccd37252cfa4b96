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

    /// <summary>
    /// Where the aggregator names the sender of a message it replays: the broker checks the <c>user-id</c>
    /// property against the publishing connection's own user, so a replay carries the aggregator's, and
    /// the user the broker validated when the message first arrived goes here.
    /// </summary>
    public const string OriginalUserHeader = "BalkanHub-User-Id";

    /// <summary>
    /// Whom a received message speaks for: the user id the broker validated, or, only when that user is the
    /// aggregator (<paramref name="aggregatorUser"/>), the user the aggregator vouches for in
    /// <see cref="OriginalUserHeader"/>. Null when the message carried no validated user id.
    /// </summary>
    /// <remarks>
    /// The aggregator's broker user has no <c>impersonator</c> tag, so it cannot put a country's name in the
    /// property; what it vouches for in the header is no more than it could do anyway as the hub that
    /// relays everything, and a report still carries its country's signature, which the aggregator cannot
    /// forge. A country's header is ignored: its user id is its own.
    /// </remarks>
    public static string? SenderOf(ConsumeContext context, string aggregatorUser)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SenderOf((PipeContext)context, aggregatorUser);
    }

    /// <summary>The same as <see cref="SenderOf(ConsumeContext, string)"/>, for a message not yet deserialized.</summary>
    public static string? SenderOf(ReceiveContext context, string aggregatorUser)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SenderOf((PipeContext)context, aggregatorUser);
    }

    /// <summary>The rule of <see cref="SenderOf(ConsumeContext, string)"/> on a message's properties.</summary>
    public static string? SenderOf(IReadOnlyBasicProperties properties, string aggregatorUser)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var validated = string.IsNullOrEmpty(properties.UserId) ? null : properties.UserId;
        return validated is not null && validated == aggregatorUser && HeaderText(properties, OriginalUserHeader) is { Length: > 0 } vouched
            ? vouched
            : validated;
    }

    static string? SenderOf(PipeContext context, string aggregatorUser) =>
        context.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? SenderOf(rabbit.Properties, aggregatorUser) : null;

    /// <summary>A header's text: AMQP carries strings as bytes.</summary>
    public static string? HeaderText(IReadOnlyBasicProperties properties, string name)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return properties.Headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
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
