using BalkanHub.Domain.Measures;
using Microsoft.EntityFrameworkCore.Storage;
using static BalkanHub.ContactPoint.Measures.MeasuresApi;

namespace BalkanHub.ContactPoint.Measures;

/// <summary>
/// Transitions of an existing measure. Each one stores a new revision and puts the whole notice in the
/// outbox, in one transaction, so neighbours receive every transition in order.
/// </summary>
public sealed class MeasureChanges(
    ContactPointDb db, RouteMap route, TimeProvider clock, IOptions<ContactPointOptions> options, IOptions<MeasureOptions> measureOptions,
    IOptions<PlausibilityOptions> plausibility, OriginSigner signer)
{
    /// <summary>Replaces the notice's terms; identity, status and announcement time stay.</summary>
    public async Task<Results<Accepted<MeasureView>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateAsync(
        Guid id, MeasureDraft draft, CancellationToken cancellationToken)
    {
        if (await OpenAsync(id, cancellationToken) is not { } opened)
            return TypedResults.NotFound();
        var (tx, row, current, now) = opened;
        await using var transaction = tx;
        var status = current.Status;
        if (!MeasureLifecycle.CanUpdate(status))
            return Conflict($"The measure is {status} and can no longer be updated.");

        var (updated, errors) = MeasureRules.Validate(draft, options.Value.Country, route,
            id, current.Revision + 1, current.Status, current.AnnouncedAt);
        if (updated is null)
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The measure notice is not valid. Nothing was stored or sent.");

        // An exercise stays an exercise, and a real measure cannot be turned into one.
        updated = updated with { Status = MeasureLifecycle.StatusAt(updated, now), Exercise = current.Exercise };
        Store(db, updated, "updated", draft.Reason, now, isNew: false, row);
        db.Publish(signer.Sign(new MeasureUpdated { Measure = updated, Reason = draft.Reason }), stream: updated.Country, now);
        return await CommitAsync(tx, updated, now, cancellationToken, Plausibility.OfMeasure(draft, now, plausibility.Value));
    }

    /// <summary>Cancels (before effect) or lifts (while in force).</summary>
    public async Task<Results<Accepted<MeasureView>, ValidationProblem, NotFound, ProblemHttpResult>> TransitionAsync(
        Guid id, MeasureStatus target, string? reason, CancellationToken cancellationToken)
    {
        if (MeasureRules.ValidateReason(reason) is { IsEmpty: false } errors)
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The reason is not valid. Nothing was stored or sent.");

        if (await OpenAsync(id, cancellationToken) is not { } opened)
            return TypedResults.NotFound();
        var (tx, row, current, now) = opened;
        await using var transaction = tx;
        var status = current.Status;
        var allowed = target == MeasureStatus.Cancelled ? MeasureLifecycle.CanCancel(status) : MeasureLifecycle.CanLift(status);
        if (!allowed)
        {
            return Conflict(target == MeasureStatus.Cancelled
                ? $"The measure is {status}: only a planned measure can be cancelled; lift one that is in force."
                : $"The measure is {status}: only a measure in force can be lifted.");
        }

        var changed = current with { Status = target, Revision = current.Revision + 1 };
        if (target == MeasureStatus.Cancelled)
        {
            Store(db, changed, "cancelled", reason, now, isNew: false, row);
            db.Publish(signer.Sign(new MeasureCancelled { Measure = changed, Reason = reason }), stream: changed.Country, now);
        }
        else
        {
            Store(db, changed, "lifted", reason, now, isNew: false, row);
            db.Publish(signer.Sign(new MeasureLifted { Measure = changed, Reason = reason, LiftedAt = now }), stream: changed.Country, now);
        }
        return await CommitAsync(tx, changed, now, cancellationToken);
    }

    /// <summary>
    /// Opens the transaction a transition runs in and reads the measure, brought up to now first: the steps
    /// the clock owes (in force, lifted) are stored before the new one, so neighbours see every transition in
    /// order. Null when there is no such measure.
    /// </summary>
    async Task<(IDbContextTransaction Tx, StoredMeasure Row, MeasureNotice Current, DateTimeOffset Now)?> OpenAsync(Guid id, CancellationToken cancellationToken)
    {
        var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.Measures.FirstOrDefaultAsync(m => m.MeasureId == id, cancellationToken);
        if (row is null)
        {
            await tx.DisposeAsync();
            return null;
        }
        var now = clock.GetUtcNow();
        MeasureClock.Advance(db, signer, row, now);
        return (tx, row, Notice(row.Notice), now);
    }

    async Task<Results<Accepted<MeasureView>, ValidationProblem, NotFound, ProblemHttpResult>> CommitAsync(
        IDbContextTransaction tx, MeasureNotice notice, DateTimeOffset now, CancellationToken cancellationToken,
        IReadOnlyList<PlausibilityWarning>? warnings = null)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict("The measure changed meanwhile. Read it again and repeat the change.");
        }
        return TypedResults.Accepted($"/api/measures/{notice.MeasureId}", View(notice, now, measureOptions.Value) with { Warnings = warnings });
    }

    /// <summary>Writes the measure's current state and the revision.</summary>
    internal static void Store(ContactPointDb db, MeasureNotice notice, string transition, string? reason, DateTimeOffset now, bool isNew, StoredMeasure? row = null)
    {
        var json = JsonSerializer.Serialize(notice, JsonSerializerOptions.Web);
        if (isNew)
            db.Measures.Add(new StoredMeasure { MeasureId = notice.MeasureId, Revision = notice.Revision, Status = notice.Status, Notice = json });
        else
        {
            row!.Revision = notice.Revision;
            row.Status = notice.Status;
            row.Notice = json;
        }
        db.MeasureRevisions.Add(new StoredMeasureRevision
        {
            MeasureId = notice.MeasureId,
            Revision = notice.Revision,
            Transition = transition,
            At = now,
            Reason = reason,
            Notice = json,
        });
    }

    static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "The measure cannot make this transition");
}
