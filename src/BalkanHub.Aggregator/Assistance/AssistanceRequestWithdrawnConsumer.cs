using BalkanHub.Domain.Assistance;

namespace BalkanHub.Aggregator.Assistance;

/// <summary>A request withdrawn by the country that made it: relayed to every other participant and the Commission.</summary>
public sealed class AssistanceRequestWithdrawnConsumer(AssistanceIntake assistance, RelayRecipients recipients) : IConsumer<AssistanceRequestWithdrawn>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<AssistanceRequestWithdrawn> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        await assistance.TakeOnceAsync(context, m.Country, () => AssistanceIntake.Check(AssistanceRules.ValidateNote(m.Reason, "reason"), "withdrawal of the request"), async (now, ct) =>
        {
            var request = await assistance.RequestAsync(m.RequestId, ct);
            AssistanceIntake.Owned(request.Country, m.Country, "request");
            if (request.Status != RequestStatus.Open)
                return;
            request.Status = RequestStatus.Withdrawn;
            request.ClosedAt = now;
            request.LastChangeAt = now;
            await assistance.RelayAsync(context, ItemKeys.RequestEnded(m.RequestId, RequestStatus.Withdrawn), m.Country, null, request.Exercise, recipients.ForEveryoneBut(m.Country), now, ct);
        });
    }
}
