using BalkanHub.Domain.Assistance;

namespace BalkanHub.Aggregator.Assistance;

/// <summary>A needs analysis opened: stored with its 24-hour clock and relayed to every other participant and the Commission.</summary>
public sealed class NeedsAnalysisOpenedConsumer(AssistanceIntake assistance, AggregatorDb db, RelayRecipients recipients, IOptions<AssistanceOptions> options) : IConsumer<NeedsAnalysisOpened>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<NeedsAnalysisOpened> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        await assistance.TakeOnceAsync(context, m.Country, () => AssistanceIntake.Check(AssistanceRules.ValidateNeeds(AssistanceIntake.Draft(m.Title, m.Items, m.PlanPoints), assistance.Route).Errors, "needs analysis"), async (now, ct) =>
        {
            if (await db.NeedsAnalyses.AnyAsync(n => n.NeedsAnalysisId == m.NeedsAnalysisId, ct))
                return;
            var payload = Envelope.MessageOf(context).ToJsonString();
            db.NeedsAnalyses.Add(new StoredNeedsAnalysis
            {
                NeedsAnalysisId = m.NeedsAnalysisId, Country = m.Country, OpenedAt = m.OpenedAt.ToUniversalTime(),
                DueAt = m.OpenedAt.ToUniversalTime() + options.Value.NeedsAnalysisWindow, Status = NeedsAnalysisStatus.Open, Payload = payload, Exercise = m.Exercise,
            });
            await assistance.RelayAsync(context, ItemKeys.NeedsAnalysis(m.NeedsAnalysisId), m.Country, m.PlanPoints, m.Exercise, recipients.ForEveryoneBut(m.Country), now, ct);
        });
    }
}
