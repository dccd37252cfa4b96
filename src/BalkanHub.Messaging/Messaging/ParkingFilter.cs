using MassTransit;
using MassTransit.Middleware;
using MassTransit.RabbitMqTransport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace BalkanHub.Messaging.Messaging;

/// <summary>
/// Moves a message that failed its retries to the queue's <c>_error</c> queue, like MassTransit's own
/// error transport, except that a message published by another broker user loses its AMQP <c>user-id</c>
/// on the way: whom it spoke for is kept in the <see cref="HubTopology.OriginalUserHeader"/> header.
/// MassTransit copies the property as it is, and the broker refuses a <c>user-id</c> that is not the
/// connection's own: it closes the channel, the message comes back, and so does every other message in
/// flight on that channel, until the broker's delivery limit dead-letters them. A contact point parks
/// relays the aggregator published, so without this every failing relay looped. The aggregator parks a
/// country's messages the same way. A message the aggregator replayed keeps whom it vouched for
/// (<see cref="HubTopology.SenderOf(IReadOnlyBasicProperties, string)"/>), so a second failure does not
/// turn a country's report into the aggregator's.
/// </summary>
public sealed class ParkingFilter(string queue, string aggregatorUser) : IFilter<ExceptionReceiveContext>
{
    readonly IFilter<ExceptionReceiveContext> _errorTransport = new ErrorTransportFilter();
    int _declared;

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("parkWithoutUserId");

    /// <inheritdoc />
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!context.TryGetPayload(out RabbitMqBasicConsumeContext? received) || string.IsNullOrEmpty(received.Properties.UserId)
            || !context.TryGetPayload(out ChannelContext? channel))
        {
            await _errorTransport.Send(context, next);
            return;
        }

        var properties = new BasicProperties(received.Properties) { UserId = null };
        properties.Headers = properties.Headers is null
            ? new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, object?>(properties.Headers, StringComparer.OrdinalIgnoreCase);
        properties.Headers[HubTopology.OriginalUserHeader] = HubTopology.SenderOf(received.Properties, aggregatorUser);
        var headers = new MoveTransportHeaders(properties);
        headers.SetHostHeaders();
        headers.SetExceptionHeaders(context);
        properties.Expiration = null;

        // The error queue normally exists (the aggregator declares every one at start); declaring it
        // here once, identically, keeps a park from closing the channel on a missing exchange.
        if (Interlocked.Exchange(ref _declared, 1) == 0)
            await HubTopology.DeclareQueueAsync(channel.Channel, queue, context.CancellationToken);
        await channel.BasicPublishAsync(HubTopology.ErrorQueue(queue), received.RoutingKey ?? "", true, properties, context.GetBody(), true, context.CancellationToken);
        await next.Send(context);
    }
}

/// <summary>Receive endpoint settings for the hub's queues.</summary>
public static class ParkingExtensions
{
    /// <summary>
    /// Generates the fault as MassTransit does (where the endpoint publishes faults) and parks the message
    /// with <see cref="ParkingFilter"/>.
    /// </summary>
    public static void UseHubParking(this IRabbitMqReceiveEndpointConfigurator endpoint, string queue, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(context);
        var aggregatorUser = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.AggregatorUser;
        endpoint.ConfigureError(x =>
        {
            x.UseFilter(new GenerateFaultFilter());
            x.UseFilter(new ParkingFilter(queue, aggregatorUser));
        });
    }
}
