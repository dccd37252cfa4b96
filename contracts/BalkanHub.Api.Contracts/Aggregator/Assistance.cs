using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>An offer as it stands.</summary>
public sealed record OfferView(Guid OfferId, string Offerer, OfferStatus Status, IReadOnlyList<AssistanceItem> Items, DateTimeOffset OfferedAt, DateTimeOffset ChangedAt, DateTimeOffset? DeliveredAt, bool Exercise = false);

/// <summary>A request with its offers and how far each item is covered.</summary>
public sealed record RequestView(
    Guid RequestId, string Country, string Title, RequestStatus Status, DateTimeOffset RequestedAt, DateTimeOffset LastChangeAt, DateTimeOffset? ClosedAt,
    Guid? NeedsAnalysisId, IReadOnlyList<AssistanceItem> Items, IReadOnlyList<ItemCoverage> Coverage, IReadOnlyList<OfferView> Offers, bool Exercise = false);

/// <summary>A needs analysis and its 24-hour clock.</summary>
public sealed record NeedsView(Guid NeedsAnalysisId, string Country, string Status, DateTimeOffset OpenedAt, DateTimeOffset DueAt, bool Overdue, Guid? RequestId, NeedsAnalysisOpened Analysis, bool Exercise = false);
