using BalkanHub.Aggregator.Intake;
using BalkanHub.Domain.Assistance;

namespace BalkanHub.Aggregator.Assistance;

/// <summary>A request for assistance: stored (linked to the needs analysis it answers, whose exercise mark it inherits) and relayed to every other participant and the Commission.</summary>
public sealed class AssistanceRequestedConsumer(AssistanceIntake assistance, AggregatorDb db, RelayRecipients recipients) : IConsumer<AssistanceRequested>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<AssistanceRequested> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        await assistance.TakeOnceAsync(context, m.Country, () => AssistanceIntake.Check(AssistanceRules.ValidateNeeds(AssistanceIntake.Draft(m.Title, m.Items, m.PlanPoints), assistance.Route).Errors, "request"), async (now, ct) =>
        {
            if (await db.AssistanceRequests.AnyAsync(r => r.RequestId == m.RequestId, ct))
                return;
            var exercise = m.Exercise;
            if (m.NeedsAnalysisId is { } needsId)
            {
                // Messages are taken several at a time (PostgreSQL, replicas), so the analysis a request
                // answers may still be in flight: the retry finds it, and a request for one that never
                // comes is parked rather than stored unlinked.
                var needs = await db.NeedsAnalyses.FirstOrDefaultAsync(n => n.NeedsAnalysisId == needsId, ct)
                    ?? throw new NotStoredYetException($"Request {m.RequestId} answers needs analysis {needsId}, which is not stored (yet).");
                AssistanceIntake.Owned(needs.Country, m.Country, "needs analysis");
                // A request made from an exercise analysis is an exercise too, whatever the message says.
                exercise |= needs.Exercise;
                needs.Status = NeedsAnalysisStatus.Requested;
                needs.RequestId = m.RequestId;
            }
            db.AssistanceRequests.Add(new StoredRequest
            {
                RequestId = m.RequestId, Country = m.Country, Title = m.Title, Items = AssistanceIntake.ItemsJson(m.Items),
                Status = RequestStatus.Open, RequestedAt = m.RequestedAt.ToUniversalTime(), LastChangeAt = now, NeedsAnalysisId = m.NeedsAnalysisId,
                PlanPoints = StoredItem.PlanPointsOf(m.PlanPoints), Exercise = exercise,
            });
            await assistance.RelayAsync(context, ItemKeys.Request(m.RequestId), m.Country, m.PlanPoints, exercise, recipients.ForEveryoneBut(m.Country), now, ct);
        });
    }
}
