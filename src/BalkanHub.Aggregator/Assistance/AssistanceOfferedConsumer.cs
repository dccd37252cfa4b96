using BalkanHub.Aggregator.Intake;
using BalkanHub.Domain.Assistance;

namespace BalkanHub.Aggregator.Assistance;

/// <summary>An offer against an open request: checked against what was asked, stored and relayed to the requester and the Commission.</summary>
public sealed class AssistanceOfferedConsumer(AssistanceIntake assistance, AggregatorDb db) : IConsumer<AssistanceOffered>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<AssistanceOffered> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        await assistance.TakeOnceAsync(context, m.Country, check: null, async (now, ct) =>
        {
            if (await db.AssistanceOffers.AnyAsync(o => o.OfferId == m.OfferId, ct))
                return;
            var request = await assistance.RequestAsync(m.RequestId, ct);
            if (request.Status != RequestStatus.Open)
                throw new InvalidMessageException($"Request {m.RequestId} is {request.Status.ToString().ToLowerInvariant()}; it takes no more offers.");
            if (request.Country == m.Country || request.Country != m.Requester)
                throw new InvalidMessageException($"An offer from {m.Country} to {m.Requester} does not fit request {m.RequestId} of {request.Country}.");
            AssistanceIntake.Check(AssistanceRules.ValidateOffer(AssistanceIntake.Draft(null, m.Items, m.PlanPoints) with { Note = m.Note }, AssistanceIntake.Items(request.Items), assistance.Route).Errors, "offer");
            db.AssistanceOffers.Add(new StoredOffer
            {
                OfferId = m.OfferId, RequestId = m.RequestId, Requester = request.Country, Offerer = m.Country,
                Items = AssistanceIntake.ItemsJson(m.Items), Status = OfferStatus.Offered, OfferedAt = m.OfferedAt.ToUniversalTime(), ChangedAt = now,
                // An offer is an exercise exactly when the request it answers is one.
                Exercise = request.Exercise,
            });
            request.LastChangeAt = now;
            await assistance.RelayAsync(context, ItemKeys.Offer(m.OfferId), m.Country, m.PlanPoints ?? AssistanceIntake.Points(request.PlanPoints), request.Exercise,
                RelayRecipients.ForOneCountry(request.Country), now, ct);
        });
    }
}
