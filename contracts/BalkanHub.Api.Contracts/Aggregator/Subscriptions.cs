using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>
/// Who receives a source's items of one kind beyond what the agreement obliges. A neighbour's items are
/// relayed whatever is subscribed; those are listed too, marked obligatory, so a participant sees all it
/// receives in one place.
/// </summary>
/// <param name="Id">The subscription's id; null for an obligatory one, which cannot be removed.</param>
/// <param name="Subscriber">The participant that receives the items.</param>
/// <param name="Source">Whose items: a participant's code, or <c>*</c> for every participant on the route.</param>
/// <param name="Kind">Which items: <c>dailyReport</c> or <c>measure</c>.</param>
/// <param name="Obligatory">True for a neighbour's items, which the agreement obliges the subscriber to receive.</param>
/// <param name="Origin"><c>agreement</c> (a neighbour), <c>route</c> (seeded from the route file) or <c>api</c> (made through this API).</param>
/// <param name="CreatedAt">When it took effect; null for an obligatory one.</param>
/// <param name="CreatedBy">Who made it (the route file's are <c>route</c>); null for an obligatory one.</param>
public sealed record SubscriptionView(Guid? Id, string Subscriber, string Source, RelayedItemKind Kind, bool Obligatory, string Origin,
    DateTimeOffset? CreatedAt, string? CreatedBy);

/// <summary>A subscription to make.</summary>
/// <param name="Source">Whose items: a participant's code, or <c>*</c> for every participant on the route (required).</param>
/// <param name="Kind">Which items: <c>dailyReport</c> or <c>measure</c> (required).</param>
/// <param name="Subscriber">Who receives them: the caller's own participant when left out; only the Commission sets another's.</param>
/// <param name="HistoryDays">How many past days of the source's items to relay now, in order (0 to 30; 0 when left out).</param>
public sealed record NewSubscription(string? Source, RelayedItemKind? Kind, string? Subscriber = null, int? HistoryDays = null);

/// <summary>A subscription made, and how much of the history was relayed with it.</summary>
/// <param name="Subscription">The subscription as it will be listed.</param>
/// <param name="HistoryRelayed">How many past items were relayed to the subscriber, in the order they first arrived.</param>
public sealed record SubscriptionCreated(SubscriptionView Subscription, int HistoryRelayed);
