using BalkanHub.Domain.Time;

namespace BalkanHub.ContactPoint.Inbox;

/// <summary>
/// The highest sequence the aggregator says it relayed to this country, and when this contact point
/// heard it. Kept in memory: after a restart the next announcement (every minute by default) restores it.
/// </summary>
public sealed class RelayTail
{
    readonly Lock _gate = new();
    (long Sequence, DateTimeOffset HeardAt) _tail;

    /// <summary>The announced sequence and when it was heard; (0, MinValue) before the first one.</summary>
    public (long Sequence, DateTimeOffset HeardAt) Current
    {
        get
        {
            lock (_gate)
                return _tail;
        }
    }

    /// <summary>Records an announcement. A lower one (an older message, another replica) never lowers it.</summary>
    public void Heard(long sequence, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (sequence > _tail.Sequence)
                _tail = (sequence, at);
        }
    }
}

/// <summary>Takes the aggregator's <see cref="RelayTailAnnounced"/> for this country into <see cref="RelayTail"/>.</summary>
public sealed class RelayTailConsumer(RelayTail tail, IOptions<ContactPointOptions> options, IOptions<RabbitMqOptions> rabbit, TimeProvider clock)
    : IConsumer<RelayTailAnnounced>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<RelayTailAnnounced> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Only the aggregator knows the tail; anything else writing here would only make the inbox ask for nothing.
        if (rabbit.Value.VerifySenders && HubTopology.SenderOf(context, rabbit.Value.AggregatorUser) != rabbit.Value.AggregatorUser)
            throw new MisaddressedRelayException($"A relay tail was not published by the aggregator's broker user '{rabbit.Value.AggregatorUser}'.");
        if (context.Message.Recipient != options.Value.Country)
            throw new MisaddressedRelayException($"A relay tail for {context.Message.Recipient} reached the contact point of {options.Value.Country}.");
        // Heard in real time: the inbox measures its grace in real seconds, whatever day a replay shows.
        tail.Heard(context.Message.LastSequence, clock.RealTime().GetUtcNow());
        return Task.CompletedTask;
    }
}
