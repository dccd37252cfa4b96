using System.ComponentModel.DataAnnotations;

namespace BalkanHub.Aggregator.Relay;

/// <summary>How the aggregator tells each contact point its highest relayed sequence. Section <c>Relay</c>.</summary>
public sealed class RelayOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Relay";

    /// <summary>
    /// How often each contact point hears its highest relayed sequence (default 1 minute). With the
    /// contact point's <c>Inbox:GapGrace</c> (20 s) and gap check (5 s), a lost newest relay is asked
    /// for again within about 1.5 minutes, inside the 2 minutes promised.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan TailAnnounceInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Sends every contact point that has had relays a <see cref="RelayTailAnnounced"/> with its highest
/// sequence. Gap repair notices a missing sequence only when a later one arrives, so the newest relays
/// of a recipient could otherwise be lost unseen: dead-lettered, or lost with a store restored from an
/// older backup. The number is read from committed sequences only, so it never names a relay that a
/// rolled-back transaction took, and a recipient whose relays still wait in the outbox is skipped.
/// Announcements are sent directly rather than through the outbox: losing one costs nothing, the next
/// round sends another, and the outbox table does not grow by a row per recipient every minute. Only
/// queues with a consumer hear one, so a contact point that is down does not come back to a pile of
/// them; it hears the next round's. Several replicas each announce; the contact point treats them alike.
/// </summary>
public sealed partial class RelayTailAnnouncer(
    IServiceScopeFactory scopes,
    RelayRecipients recipients,
    IBus bus,
    IOptions<RelayOptions> options,
    IOptions<RabbitMqOptions> rabbit,
    TimeProvider clock,
    ILogger<RelayTailAnnouncer> logger) : PeriodicCheck(clock, logger)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.TailAnnounceInterval;

    /// <summary>Announces each contact point's highest relayed sequence.</summary>
    public override async Task CheckAsync(CancellationToken cancellationToken)
    {
        var contactPoints = recipients.ContactPoints.ToList();
        List<StoredRecipientSequence> tails;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AggregatorDb>();
            tails = await db.RecipientSequences.AsNoTracking().Where(s => contactPoints.Contains(s.Recipient)).ToListAsync(cancellationToken);
            // Read after the sequences: a relay counted there whose outbox row still waits makes its stream
            // sit this round out. Announced now, it would overtake that relay, and under a backlog the
            // contact point would ask for relays that are merely on their way.
            var sending = await db.OutboxMessages.AsNoTracking().Where(m => m.DispatchedAt == null && m.ParkedAt == null && contactPoints.Contains(m.Stream))
                .Select(m => m.Stream).Distinct().ToListAsync(cancellationToken);
            tails.RemoveAll(t => sending.Contains(t.Recipient));
        }
        if (tails.Count == 0)
            return;
        var listening = await ListeningAsync(tails.Select(t => t.Recipient), cancellationToken);
        var now = Clock.GetUtcNow();
        foreach (var tail in tails.Where(t => listening.Contains(t.Recipient)))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(rabbit.Value.PublishTimeout);
            var endpoint = await bus.GetSendEndpoint(new Uri($"exchange:{HubTopology.ContactPointQueue(tail.Recipient)}"));
            await endpoint.Send(new RelayTailAnnounced { Recipient = tail.Recipient, LastSequence = tail.Last, AnnouncedAt = now }, timeout.Token);
        }
        LogAnnounced(logger, listening.Count);
    }

    /// <summary>The recipients whose queue has a consumer now: a running contact point.</summary>
    async Task<HashSet<string>> ListeningAsync(IEnumerable<string> candidates, CancellationToken cancellationToken)
    {
        var listening = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await rabbit.Value.ConnectAsync("aggregator relay tails", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        foreach (var recipient in candidates)
        {
            // The aggregator declared every contact point's queue at start, so a passive declare finds it.
            var queue = await channel.QueueDeclarePassiveAsync(HubTopology.ContactPointQueue(recipient), cancellationToken);
            if (queue.ConsumerCount > 0)
                listening.Add(recipient);
        }
        return listening;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Announced the highest relayed sequence to {Count} contact points")]
    static partial void LogAnnounced(ILogger logger, int count);
}
