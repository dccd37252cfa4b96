using BalkanHub.Aggregator.Intake;
using BalkanHub.Domain.Assistance;

namespace BalkanHub.Aggregator.Assistance;

/// <summary>An offer's step (accepted, declined, committed, dispatched, delivered): only the side the step belongs to may take it; relayed to the other side and the Commission, and a request whose every item was delivered is closed by the hub.</summary>
public sealed class OfferStatusChangedConsumer(AssistanceIntake assistance, AggregatorDb db) : IConsumer<OfferStatusChanged>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<OfferStatusChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        await assistance.TakeOnceAsync(context, m.Country, () =>
        {
            var step = AssistanceRules.ValidateNote(m.Note);
            step.Listed<OfferStatus>(m.Status, "status");
            AssistanceIntake.Check(step, "offer's step");
        }, async (now, ct) =>
        {
            var offer = await db.AssistanceOffers.FirstOrDefaultAsync(o => o.OfferId == m.OfferId, ct)
                ?? throw new NotStoredYetException($"No offer {m.OfferId} (yet).");
            if (offer.Status == m.Status)
                return;
            if (AssistanceRules.CheckTransition(offer.Status, m.Status, m.Country == offer.Requester, m.Country == offer.Offerer) is { } refused)
                throw new InvalidMessageException($"{m.Country} cannot move offer {m.OfferId}: {refused}");
            offer.Status = m.Status;
            offer.ChangedAt = now;
            if (m.Status == OfferStatus.Delivered)
                offer.DeliveredAt = m.ChangedAt.ToUniversalTime();
            var request = await assistance.RequestAsync(offer.RequestId, ct);
            request.LastChangeAt = now;
            var otherSide = m.Country == offer.Requester ? offer.Offerer : offer.Requester;
            await assistance.RelayAsync(context, ItemKeys.OfferStep(m.OfferId, m.Status), m.Country, AssistanceIntake.Points(request.PlanPoints), offer.Exercise, RelayRecipients.ForOneCountry(otherSide), now, ct);
            await db.SaveChangesAsync(ct);
            if (m.Status == OfferStatus.Delivered && request.Status == RequestStatus.Open && await assistance.FullyDeliveredAsync(request, ct))
                await assistance.EndAsync( request, RequestStatus.Closed, "Everything asked for was delivered.", now, ct);
        });
    }
}
