using System.Text.Json.Serialization;
using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.ContactPoint;

/// <summary>A needs analysis on the wire.</summary>
public sealed record NeedsView(Guid NeedsAnalysisId, string Title, string Status, DateTimeOffset OpenedAt, DateTimeOffset DueAt, bool Overdue,
    Guid? RequestId, IReadOnlyList<AssistanceItem> Items, IReadOnlyList<int>? PlanPoints, bool Exercise = false);

/// <summary>An offer on the wire; the answer to making it also carries what was accepted but looks wrong (far more than was asked for).</summary>
public sealed record OfferView(Guid OfferId, Guid RequestId, string Requester, string Offerer, OfferStatus Status, IReadOnlyList<AssistanceItem> Items,
    DateTimeOffset OfferedAt, DateTimeOffset ChangedAt, bool Exercise = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PlausibilityWarning>? Warnings = null);

/// <summary>A request on the wire; the coverage and offers are known to the requester only.</summary>
public sealed record RequestView(Guid RequestId, string Country, string Title, RequestStatus Status, DateTimeOffset RequestedAt, Guid? NeedsAnalysisId,
    IReadOnlyList<AssistanceItem> Items, IReadOnlyList<int>? PlanPoints, IReadOnlyList<ItemCoverage>? Coverage, IReadOnlyList<OfferView>? Offers,
    bool Exercise = false);

/// <summary>A note for a change.</summary>
public sealed record ChangeNote(string? Note);
