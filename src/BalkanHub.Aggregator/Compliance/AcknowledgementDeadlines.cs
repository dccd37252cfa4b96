using BalkanHub.Aggregator.Audit;
using BalkanHub.Aggregator.Feed;
using BalkanHub.Domain.Measures;

namespace BalkanHub.Aggregator.Compliance;

/// <summary>
/// Every country that received a measure must acknowledge it in time. When a deadline passes, the
/// Commission's feed gets an escalation, the country a reminder on its own alerts and the announcing
/// country a notice that this neighbour has not acknowledged, once per relay.
/// The clock is the injected <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
public sealed partial class AcknowledgementDeadlines(
    IServiceScopeFactory scopes, IOptions<MeasureOptions> options, TimeProvider clock, ILogger<AcknowledgementDeadlines> logger) : PeriodicCheck(clock, logger)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.CheckInterval;

    /// <summary>Escalates every acknowledgement due by now and not given.</summary>
    public override async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AggregatorDb>();
        var due = await db.Relays.AsNoTracking()
            // Exercise items are escalated too, so a drill exercises the whole chain; the escalation is marked as
            // an exercise and compliance never counts it.
            .Where(r => r.DueAt != null && r.DueAt <= now && r.AcknowledgedAt == null && r.EscalatedAt == null)
            .OrderBy(r => r.Id).Select(r => r.Id).Take(500).ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            // One transaction per escalation, each in a scope of its own, so the feed pushes exactly what committed.
            await using var escalation = scopes.CreateAsyncScope();
            await EscalateAsync(escalation.ServiceProvider, id, now, cancellationToken);
        }
    }

    static async Task EscalateAsync(IServiceProvider services, long relayId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AggregatorDb>();
        var relays = services.GetRequiredService<RelayWriter>();
        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var relay = await db.Relays.Include(r => r.Item).FirstAsync(r => r.Id == relayId, cancellationToken);
            if (relay.AcknowledgedAt is not null || relay.EscalatedAt is not null)
                return;
            relay.EscalatedAt = now;
            var overdue = new AcknowledgementOverdue
            {
                Country = relay.Recipient,
                ItemKey = relay.Item.ItemKey,
                Sequence = relay.Sequence,
                Sender = relay.Item.Source,
                RelayedAt = relay.RelayedAt,
                DueAt = relay.DueAt!.Value,
                Exercise = relay.Item.Exercise,
            };
            await relays.RelayAsync(StoredItem.Raised(ItemKeys.AcknowledgementOverdue(relay.Recipient, relay.Item.ItemKey), overdue, now, exercise: relay.Item.Exercise),
                services.GetRequiredService<RelayRecipients>().ForOverdueAcknowledgement(relay.Recipient, relay.Item.Source), now, cancellationToken);
            await services.GetRequiredService<AuditTrail>().AppendAsync(new AuditRecord(AuditTrail.Aggregator, AuditTrail.Aggregator, null, null,
                "acknowledgement.escalate", relay.Item.ItemKey, null, "overdue",
                $"{(relay.Item.Exercise ? "exercise: " : "")}{relay.Recipient} did not acknowledge by {overdue.DueAt:O}", now), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        await services.GetRequiredService<FeedNotifier>().PushAsync(relays.FeedRelays, cancellationToken);
    }

}
