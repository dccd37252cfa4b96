using BalkanHub.Domain.Measures;

namespace BalkanHub.ContactPoint.Measures;

/// <summary>
/// Moves this country's measures along by themselves: a planned measure is in force once
/// <c>effectiveFrom</c> passes, and one in force is lifted when <c>effectiveUntil</c> is reached. Each
/// step is a revision, signed and relayed like an officer's change, so neighbours see every transition
/// in order. The clock is the injected <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
public sealed partial class MeasureClock(
    IServiceScopeFactory scopes, IOptions<MeasureOptions> options, TimeProvider clock, ILogger<MeasureClock> logger) : PeriodicCheck(clock, logger)
{
    /// <summary>Transition reason recorded when a measure ends at its planned end.</summary>
    public const string EndReached = "effectiveUntil reached";

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.CheckInterval;

    /// <summary>Applies every transition that is due now.</summary>
    public override async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactPointDb>();
        var signer = scope.ServiceProvider.GetRequiredService<OriginSigner>();
        var open = await db.Measures.AsNoTracking()
            .Where(m => m.Status == MeasureStatus.Planned || m.Status == MeasureStatus.InForce)
            .Select(m => m.MeasureId).ToListAsync(cancellationToken);
        foreach (var id in open)
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var row = await db.Measures.FirstAsync(m => m.MeasureId == id, cancellationToken);
            if (Advance(db, signer, row, Clock.GetUtcNow()))
            {
                await db.SaveChangesAsync(cancellationToken);
                await tx.CommitAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// Writes the transitions due at <paramref name="now"/> for one measure (in force, then lifted), in
    /// the caller's transaction. An officer's change calls it first, so the automatic steps come before it.
    /// Returns whether anything changed.
    /// </summary>
    public static bool Advance(ContactPointDb db, OriginSigner signer, StoredMeasure row, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(row);
        var changed = false;
        var notice = MeasuresApi.Notice(row.Notice);
        if (notice.Status == MeasureStatus.Planned && notice.EffectiveFrom <= now)
        {
            notice = notice with { Status = MeasureStatus.InForce, Revision = notice.Revision + 1 };
            MeasureChanges.Store(db, notice, "tookEffect", reason: null, now, isNew: false, row);
            db.Publish(signer.Sign(new MeasureTookEffect { Measure = notice }), stream: notice.Country, now);
            changed = true;
        }
        if (notice.Status == MeasureStatus.InForce && notice.EffectiveUntil <= now)
        {
            notice = notice with { Status = MeasureStatus.Lifted, Revision = notice.Revision + 1 };
            MeasureChanges.Store(db, notice, "lifted", EndReached, now, isNew: false, row);
            db.Publish(signer.Sign(new MeasureLifted { Measure = notice, Reason = EndReached, LiftedAt = notice.EffectiveUntil }), stream: notice.Country, now);
            changed = true;
        }
        return changed;
    }

}
