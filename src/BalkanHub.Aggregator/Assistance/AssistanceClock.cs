using BalkanHub.Aggregator.Feed;
using BalkanHub.Domain.Assistance;

namespace BalkanHub.Aggregator.Assistance;

/// <summary>
/// The two clocks of the assistance workflow: a needs analysis still open 24 hours after it was opened
/// is flagged to the Commission and the country, once; a request nothing has happened to for 90 days
/// lapses. The clock is the injected <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
public sealed partial class AssistanceClock(
    IServiceScopeFactory scopes, IOptions<AssistanceOptions> options, TimeProvider clock, ILogger<AssistanceClock> logger) : PeriodicCheck(clock, logger)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.CheckInterval;

    /// <summary>Flags overdue analyses and lapses idle requests, each in a transaction of its own.</summary>
    public override async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var idleSince = now - options.Value.LapseAfter;
        List<Guid> overdue, idle;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AggregatorDb>();
            // An exercise analysis is practice: leaving it open is no compliance matter, so it is never flagged.
            overdue = await db.NeedsAnalyses.Where(n => n.Status == NeedsAnalysisStatus.Open && n.OverdueAt == null && n.DueAt <= now && !n.Exercise)
                .Select(n => n.NeedsAnalysisId).Take(500).ToListAsync(cancellationToken);
            idle = await db.AssistanceRequests.Where(r => r.Status == RequestStatus.Open && r.LastChangeAt <= idleSince)
                .Select(r => r.RequestId).Take(500).ToListAsync(cancellationToken);
        }
        foreach (var id in overdue)
            await InTransactionAsync(async (db, relays, assistance, ct) =>
            {
                var needs = await db.NeedsAnalyses.FirstAsync(n => n.NeedsAnalysisId == id, ct);
                if (needs.Status != NeedsAnalysisStatus.Open || needs.OverdueAt is not null)
                    return;
                needs.OverdueAt = now;
                var alert = new NeedsAnalysisOverdue { NeedsAnalysisId = id, Country = needs.Country, OpenedAt = needs.OpenedAt, DueAt = needs.DueAt };
                await relays.RelayAsync(StoredItem.Raised(ItemKeys.NeedsAnalysisOverdue(id), alert, now), RelayRecipients.ForOneCountry(needs.Country), now, ct);
                LogOverdue(logger, needs.Country, id);
            }, cancellationToken);
        foreach (var id in idle)
            await InTransactionAsync(async (db, relays, assistance, ct) =>
            {
                var request = await db.AssistanceRequests.FirstAsync(r => r.RequestId == id, ct);
                if (request.Status != RequestStatus.Open || request.LastChangeAt > idleSince)
                    return;
                await assistance.EndAsync(request, RequestStatus.Lapsed,
                    $"Nothing changed for {options.Value.LapseAfter.TotalDays:0.#} days.", now, ct);
            }, cancellationToken);
    }

    async Task InTransactionAsync(Func<AggregatorDb, RelayWriter, AssistanceIntake, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AggregatorDb>();
        var relays = services.GetRequiredService<RelayWriter>();
        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await work(db, relays, services.GetRequiredService<AssistanceIntake>(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        await services.GetRequiredService<FeedNotifier>().PushAsync(relays.FeedRelays, cancellationToken);
    }


    [LoggerMessage(Level = LogLevel.Information, Message = "{Country}'s needs analysis {Id} is still open after its deadline; the Commission is told")]
    static partial void LogOverdue(ILogger logger, string country, Guid id);
}
