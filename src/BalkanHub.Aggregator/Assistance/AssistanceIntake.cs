using System.Text.Json;
using BalkanHub.Aggregator.Intake;
using BalkanHub.Domain.Assistance;

namespace BalkanHub.Aggregator.Assistance;

/// <summary>
/// What the assistance consumers share. The aggregator keeps where each needs analysis, request and offer
/// stands, checks that only the right side moves it (the requester accepts or declines, the offerer
/// commits, dispatches and delivers), and relays each step: analyses and requests to every participant,
/// offers and their steps to both sides, and everything to the Commission.
/// </summary>
public sealed partial class AssistanceIntake(
    AggregatorDb db, IntakeInbox inbox, RelayWriter relays, RelayRecipients recipients, RouteMap route, ILogger<AssistanceIntake> logger)
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>The route, whose agreement numbers the plan points items may name.</summary>
    public RouteMap Route => route;

    /// <summary>Closes or lapses a request and tells every participant and the Commission.</summary>
    public async Task EndAsync(StoredRequest request, RequestStatus status, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Status = status;
        request.ClosedAt = now;
        request.LastChangeAt = now;
        var closed = new AssistanceRequestClosed { RequestId = request.RequestId, Country = request.Country, Status = status, ClosedAt = now, Reason = reason };
        var item = StoredItem.Raised(ItemKeys.RequestEnded(request.RequestId, status), closed, now, RelayedItemKind.Assistance, request.PlanPoints, request.Exercise);
        await relays.RelayAsync(item,
            recipients.ForEveryone(), now, cancellationToken);
    }

    /// <summary>Whether the delivered offers cover everything the request asked for.</summary>
    public async Task<bool> FullyDeliveredAsync(StoredRequest request, CancellationToken cancellationToken)
    {
        var offers = await db.AssistanceOffers.Where(o => o.RequestId == request.RequestId).Select(o => new { o.Status, o.Items }).ToListAsync(cancellationToken);
        return AssistanceRules.FullyDelivered(AssistanceRules.Coverage(Items(request.Items), offers.Select(o => (o.Status, Items(o.Items)))));
    }

    /// <summary>The stored request; a message about one not stored is retried (it may be in flight), then parked.</summary>
    public async Task<StoredRequest> RequestAsync(Guid id, CancellationToken cancellationToken) =>
        await db.AssistanceRequests.FirstOrDefaultAsync(r => r.RequestId == id, cancellationToken)
        ?? throw new NotStoredYetException($"No assistance request {id} (yet).");

    /// <summary>
    /// Takes one assistance message: a sender that runs no contact point is parked and an unverified origin
    /// refused, then <paramref name="check"/> parks a message that breaks the rules, and <paramref name="store"/>
    /// runs once per message id, in the inbox's transaction.
    /// </summary>
    public async Task TakeOnceAsync<T>(ConsumeContext<T> context, string? sender, Action? check, Func<DateTimeOffset, CancellationToken, Task> store)
        where T : class
    {
        if (await RefusedAsync(context, sender))
            return;
        check?.Invoke();
        await inbox.ProcessOnceAsync(context, store);
    }

    /// <summary>Whether the message was refused: a sender that runs no contact point is parked, an unverified origin refused.</summary>
    async Task<bool> RefusedAsync<T>(ConsumeContext<T> context, string? country) where T : class
    {
        if (string.IsNullOrEmpty(country) || route.Find(country) is not { RunsContactPoint: true })
            throw new InvalidMessageException($"'{country}' does not run a contact point on the route.");
        return await inbox.RefuseUnverifiedAsync(context, country);
    }

    /// <summary>Audits the accepted message and relays it, as received, to <paramref name="to"/>.</summary>
    public async Task RelayAsync<T>(ConsumeContext<T> context, string key, string source, IReadOnlyList<int>? planPoints, bool exercise, IReadOnlyList<string> to,
        DateTimeOffset now, CancellationToken cancellationToken) where T : class
    {
        await inbox.AuditAcceptedAsync(context, source, key, now, cancellationToken);
        await relays.RelayAsync(new StoredItem
        {
            ItemKey = key,
            Kind = RelayedItemKind.Assistance,
            Source = source,
            MessageType = typeof(T).Name,
            SourceMessageId = context.MessageId!.Value,
            ReceivedAt = now,
            RequiresAcknowledgement = false,
            PlanPoints = StoredItem.PlanPointsOf(planPoints),
            Exercise = exercise,
            // As received, signature and all: relays carry exactly what the sender signed.
            Payload = Envelope.MessageOf(context).ToJsonString(),
        }, to, now, cancellationToken);
        LogRelayed(logger, typeof(T).Name, key);
    }

    /// <summary>Plan points as stored (<c>|3|7|</c>) read back.</summary>
    public static IReadOnlyList<int>? Points(string? stored) =>
        stored is null ? null : [.. stored.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];

    /// <summary>Items as stored: JSON.</summary>
    public static string ItemsJson(IReadOnlyList<AssistanceItem> items) => JsonSerializer.Serialize(items, Json);

    /// <summary>Items stored as JSON.</summary>
    public static IReadOnlyList<AssistanceItem> Items(string json) => JsonSerializer.Deserialize<List<AssistanceItem>>(json, Json) ?? [];

    /// <summary>The domain's draft of a message's title, items and plan points, for the shared rules.</summary>
    public static AssistanceDraft Draft(string? title, IReadOnlyList<AssistanceItem>? items, IReadOnlyList<int>? planPoints) => new()
    {
        Title = title,
        Items = items?.Select(i => (AssistanceItemDraft?)new AssistanceItemDraft { Item = i.Item, Quantity = i.Quantity, Unit = i.Unit }).ToList(),
        PlanPoints = planPoints,
    };

    /// <summary>Parks a message the rules refuse.</summary>
    public static void Check(BalkanHub.Domain.Validation.ValidationErrors errors, string what)
    {
        if (!errors.IsEmpty)
            throw new InvalidMessageException($"The {what} is not valid: {errors}");
    }

    /// <summary>Parks a message that changes another country's item.</summary>
    public static void Owned(string owner, string sender, string what)
    {
        if (owner != sender)
            throw new InvalidMessageException($"{sender} cannot change {owner}'s {what}.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relayed {MessageType} {ItemKey}")]
    static partial void LogRelayed(ILogger logger, string messageType, string itemKey);
}
