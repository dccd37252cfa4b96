using BalkanHub.Aggregator.Intake;
using BalkanHub.Domain.Assistance;

namespace BalkanHub.Aggregator.Assistance;

/// <summary>A needs analysis closed by its owner without a request: relayed to every other participant and the Commission.</summary>
public sealed class NeedsAnalysisClosedConsumer(AssistanceIntake assistance, AggregatorDb db, RelayRecipients recipients) : IConsumer<NeedsAnalysisClosed>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<NeedsAnalysisClosed> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        await assistance.TakeOnceAsync(context, m.Country, () => AssistanceIntake.Check(AssistanceRules.ValidateNote(m.Reason, "reason"), "closing of the needs analysis"), async (now, ct) =>
        {
            var needs = await db.NeedsAnalyses.FirstOrDefaultAsync(n => n.NeedsAnalysisId == m.NeedsAnalysisId, ct)
                ?? throw new NotStoredYetException($"No needs analysis {m.NeedsAnalysisId} (yet).");
            AssistanceIntake.Owned(needs.Country, m.Country, "needs analysis");
            if (needs.Status != NeedsAnalysisStatus.Open)
                return;
            needs.Status = NeedsAnalysisStatus.Closed;
            await assistance.RelayAsync(context, ItemKeys.NeedsAnalysisClosed(m.NeedsAnalysisId), m.Country, null, needs.Exercise, recipients.ForEveryoneBut(m.Country), now, ct);
        });
    }
}
