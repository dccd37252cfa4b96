using System.Text.Json;
using BalkanHub.Aggregator.Data;
using BalkanHub.Aggregator.Intake;
using BalkanHub.Aggregator.Relay;
using BalkanHub.Contracts;
using BalkanHub.Domain.Assistance;
using BalkanHub.Domain.Route;
using BalkanHub.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BalkanHub.Aggregator.Assistance;

/// <summary>
/// Needs analyses, requests and offers. The aggregator keeps where each stands, checks that only the
/// right side moves it (the requester accepts or declines, the offerer commits, dispatches and
/// delivers), and relays each step: analyses and requests to every participant, offers and their
/// changes to both sides, and everything to the Commission. A request whose every item was delivered is
/// closed by the hub.
/// </summary>
public sealed partial class AssistanceConsumer(
    AggregatorDb db, IntakeInbox inbox, RelayWriter relays, RelayRecipients recipients, RouteMap route, IOptions<AssistanceOptions> options,
    ILogger<AssistanceConsumer> logger) :
    IConsumer<NeedsAnalysisOpened>, IConsumer<NeedsAnalysisClosed>, IConsumer<AssistanceRequested>, IConsumer<AssistanceRequestWithdrawn>,
    IConsumer<AssistanceOffered>, IConsumer<OfferStatusChanged>
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;


    /// <inheritdoc />
    public async Task Consume(ConsumeContext<NeedsAnalysisOpened> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        if (await RefusedAsync(context, m.Country))
            return;
        Check(AssistanceRules.ValidateNeeds(Draft(m.Title, m.Items, m.PlanPoints)).Errors, "needs analysis");
        await inbox.ProcessOnceAsync(context, async (now, ct) =>
        {
            if (await db.NeedsAnalyses.AnyAsync(n => n.NeedsAnalysisId == m.NeedsAnalysisId, ct))
                return;
            var payload = Envelope.MessageOf(context).ToJsonString();
            db.NeedsAnalyses.Add(new StoredNeedsAnalysis
            {
                NeedsAnalysisId = m.NeedsAnalysisId, Country = m.Country, OpenedAt = m.OpenedAt.ToUniversalTime(),
                DueAt = m.OpenedAt.ToUniversalTime() + options.Value.NeedsAnalysisWindow, Status = "open", Payload = payload, Exercise = m.Exercise,
            });
            await RelayAsync(context, ItemKeys.NeedsAnalysis(m.NeedsAnalysisId), m.Country, m.PlanPoints, m.Exercise, recipients.ForEveryoneBut(m.Country), now, ct);
        });
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<NeedsAnalysisClosed> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        if (await RefusedAsync(context, m.Country))
            return;
        Check(AssistanceRules.ValidateNote(m.Reason, "reason"), "closing of the needs analysis");
        await inbox.ProcessOnceAsync(context, async (now, ct) =>
        {
            var needs = await db.NeedsAnalyses.FirstOrDefaultAsync(n => n.NeedsAnalysisId == m.NeedsAnalysisId, ct)
                ?? throw new InvalidMessageException($"No needs analysis {m.NeedsAnalysisId}.");
            Owned(needs.Country, m.Country, "needs analysis");
            if (needs.Status != "open")
                return;
            needs.Status = "closed";
            await RelayAsync(context, ItemKeys.NeedsAnalysisClosed(m.NeedsAnalysisId), m.Country, null, needs.Exercise, recipients.ForEveryoneBut(m.Country), now, ct);
        });
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<AssistanceRequested> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        if (await RefusedAsync(context, m.Country))
            return;
        Check(AssistanceRules.ValidateNeeds(Draft(m.Title, m.Items, m.PlanPoints)).Errors, "request");
        await inbox.ProcessOnceAsync(context, async (now, ct) =>
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
                    ?? throw new InvalidMessageException($"Request {m.RequestId} answers needs analysis {needsId}, which is not stored (yet).");
                Owned(needs.Country, m.Country, "needs analysis");
                // A request made from an exercise analysis is an exercise too, whatever the message says.
                exercise |= needs.Exercise;
                needs.Status = "requested";
                needs.RequestId = m.RequestId;
            }
            db.AssistanceRequests.Add(new StoredRequest
            {
                RequestId = m.RequestId, Country = m.Country, Title = m.Title, Items = JsonSerializer.Serialize(m.Items, Json),
                Status = RequestStatus.Open, RequestedAt = m.RequestedAt.ToUniversalTime(), LastChangeAt = now, NeedsAnalysisId = m.NeedsAnalysisId,
                PlanPoints = HubItem.PlanPointsOf(m.PlanPoints), Exercise = exercise,
            });
            await RelayAsync(context, ItemKeys.Request(m.RequestId), m.Country, m.PlanPoints, exercise, recipients.ForEveryoneBut(m.Country), now, ct);
        });
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<AssistanceRequestWithdrawn> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        if (await RefusedAsync(context, m.Country))
            return;
        Check(AssistanceRules.ValidateNote(m.Reason, "reason"), "withdrawal of the request");
        await inbox.ProcessOnceAsync(context, async (now, ct) =>
        {
            var request = await RequestAsync(m.RequestId, ct);
            Owned(request.Country, m.Country, "request");
            if (request.Status != RequestStatus.Open)
                return;
            request.Status = RequestStatus.Withdrawn;
            request.ClosedAt = now;
            request.LastChangeAt = now;
            await RelayAsync(context, ItemKeys.RequestEnded(m.RequestId, RequestStatus.Withdrawn), m.Country, null, request.Exercise, recipients.ForEveryoneBut(m.Country), now, ct);
        });
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<AssistanceOffered> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        if (await RefusedAsync(context, m.Country))
            return;
        await inbox.ProcessOnceAsync(context, async (now, ct) =>
        {
            if (await db.AssistanceOffers.AnyAsync(o => o.OfferId == m.OfferId, ct))
                return;
            var request = await RequestAsync(m.RequestId, ct);
            if (request.Status != RequestStatus.Open)
                throw new InvalidMessageException($"Request {m.RequestId} is {request.Status.ToString().ToLowerInvariant()}; it takes no more offers.");
            if (request.Country == m.Country || request.Country != m.Requester)
                throw new InvalidMessageException($"An offer from {m.Country} to {m.Requester} does not fit request {m.RequestId} of {request.Country}.");
            Check(AssistanceRules.ValidateOffer(Draft(null, m.Items, m.PlanPoints) with { Note = m.Note }, Items(request.Items)).Errors, "offer");
            db.AssistanceOffers.Add(new StoredOffer
            {
                OfferId = m.OfferId, RequestId = m.RequestId, Requester = request.Country, Offerer = m.Country,
                Items = JsonSerializer.Serialize(m.Items, Json), Status = OfferStatus.Offered, OfferedAt = m.OfferedAt.ToUniversalTime(), ChangedAt = now,
                // An offer is an exercise exactly when the request it answers is one.
                Exercise = request.Exercise,
            });
            request.LastChangeAt = now;
            await RelayAsync(context, ItemKeys.Offer(m.OfferId), m.Country, m.PlanPoints ?? Points(request.PlanPoints), request.Exercise,
                RelayRecipients.ForOneCountry(request.Country), now, ct);
        });
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<OfferStatusChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        if (await RefusedAsync(context, m.Country))
            return;
        var step = AssistanceRules.ValidateNote(m.Note);
        step.Listed<OfferStatus>(m.Status, "status");
        Check(step, "offer's step");
        await inbox.ProcessOnceAsync(context, async (now, ct) =>
        {
            var offer = await db.AssistanceOffers.FirstOrDefaultAsync(o => o.OfferId == m.OfferId, ct)
                ?? throw new InvalidMessageException($"No offer {m.OfferId}.");
            if (offer.Status == m.Status)
                return;
            if (AssistanceRules.CheckTransition(offer.Status, m.Status, m.Country == offer.Requester, m.Country == offer.Offerer) is { } refused)
                throw new InvalidMessageException($"{m.Country} cannot move offer {m.OfferId}: {refused}");
            offer.Status = m.Status;
            offer.ChangedAt = now;
            if (m.Status == OfferStatus.Delivered)
                offer.DeliveredAt = m.ChangedAt.ToUniversalTime();
            var request = await RequestAsync(offer.RequestId, ct);
            request.LastChangeAt = now;
            var otherSide = m.Country == offer.Requester ? offer.Offerer : offer.Requester;
            await RelayAsync(context, ItemKeys.OfferStep(m.OfferId, m.Status), m.Country, Points(request.PlanPoints), offer.Exercise, RelayRecipients.ForOneCountry(otherSide), now, ct);
            await db.SaveChangesAsync(ct);
            if (m.Status == OfferStatus.Delivered && request.Status == RequestStatus.Open && await FullyDeliveredAsync(request, ct))
                await EndAsync(relays, recipients, request, RequestStatus.Closed, "Everything asked for was delivered.", now, ct);
        });
    }

    /// <summary>Closes or lapses a request and tells every participant and the Commission.</summary>
    public static async Task EndAsync(RelayWriter relays, RelayRecipients recipients, StoredRequest request, RequestStatus status, string reason,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relays);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(request);
        request.Status = status;
        request.ClosedAt = now;
        request.LastChangeAt = now;
        var closed = new AssistanceRequestClosed { RequestId = request.RequestId, Country = request.Country, Status = status, ClosedAt = now, Reason = reason };
        var item = HubItem.Raised(ItemKeys.RequestEnded(request.RequestId, status), closed, now, RelayedItemKind.Assistance, request.PlanPoints, request.Exercise);
        await relays.RelayAsync(item,
            recipients.ForEveryone(), now, cancellationToken);
    }

    async Task<bool> FullyDeliveredAsync(StoredRequest request, CancellationToken cancellationToken)
    {
        var offers = await db.AssistanceOffers.Where(o => o.RequestId == request.RequestId).Select(o => new { o.Status, o.Items }).ToListAsync(cancellationToken);
        return AssistanceRules.FullyDelivered(AssistanceRules.Coverage(Items(request.Items), offers.Select(o => (o.Status, Items(o.Items)))));
    }

    async Task<StoredRequest> RequestAsync(Guid id, CancellationToken cancellationToken) =>
        await db.AssistanceRequests.FirstOrDefaultAsync(r => r.RequestId == id, cancellationToken)
        ?? throw new InvalidMessageException($"No assistance request {id}.");

    async Task<bool> RefusedAsync<T>(ConsumeContext<T> context, string? country) where T : class
    {
        if (string.IsNullOrEmpty(country) || route.Find(country) is not { RunsContactPoint: true })
            throw new InvalidMessageException($"'{country}' does not run a contact point on the route.");
        return await inbox.RefuseUnverifiedAsync(context, country);
    }

    async Task RelayAsync<T>(ConsumeContext<T> context, string key, string source, IReadOnlyList<int>? planPoints, bool exercise, IReadOnlyList<string> to,
        DateTimeOffset now, CancellationToken cancellationToken) where T : class
    {
        await inbox.AuditAcceptedAsync(context, source, key, now, cancellationToken);
        await relays.RelayAsync(new HubItem
        {
            ItemKey = key,
            Kind = RelayedItemKind.Assistance,
            Source = source,
            MessageType = typeof(T).Name,
            SourceMessageId = context.MessageId!.Value,
            ReceivedAt = now,
            RequiresAcknowledgement = false,
            PlanPoints = HubItem.PlanPointsOf(planPoints),
            Exercise = exercise,
            // As received, signature and all: relays carry exactly what the sender signed.
            Payload = Envelope.MessageOf(context).ToJsonString(),
        }, to, now, cancellationToken);
        LogRelayed(logger, typeof(T).Name, key);
    }

    static IReadOnlyList<int>? Points(string? stored) =>
        stored is null ? null : [.. stored.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];

    /// <summary>Items stored as JSON.</summary>
    public static IReadOnlyList<AssistanceItem> Items(string json) => JsonSerializer.Deserialize<List<AssistanceItem>>(json, Json) ?? [];

    static AssistanceDraft Draft(string? title, IReadOnlyList<AssistanceItem>? items, IReadOnlyList<int>? planPoints) => new()
    {
        Title = title,
        Items = items?.Select(i => (AssistanceItemDraft?)new AssistanceItemDraft { Item = i.Item, Quantity = i.Quantity, Unit = i.Unit }).ToList(),
        PlanPoints = planPoints,
    };

    static void Check(BalkanHub.Domain.Validation.ValidationErrors errors, string what)
    {
        if (!errors.IsEmpty)
            throw new InvalidMessageException($"The {what} is not valid: {errors}");
    }

    static void Owned(string owner, string sender, string what)
    {
        if (owner != sender)
            throw new InvalidMessageException($"{sender} cannot change {owner}'s {what}.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relayed {MessageType} {ItemKey}")]
    static partial void LogRelayed(ILogger logger, string messageType, string itemKey);
}
