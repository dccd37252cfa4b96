using System.Text.Json.Serialization;

namespace BalkanHub.Contracts;

/// <summary>A quantity of one thing: needed, requested, offered or delivered.</summary>
public sealed record AssistanceItem
{
    /// <summary>What: <c>field beds</c>, <c>tents</c>, <c>light towers</c>, <c>police officers</c>, <c>reception places</c>…</summary>
    public required string Item { get; init; }

    /// <summary>How many, in <see cref="Unit"/>; always positive.</summary>
    public required int Quantity { get; init; }

    /// <summary>The unit: <c>pieces</c>, <c>persons</c>, <c>places</c>…</summary>
    public required string Unit { get; init; }
}

/// <summary>A country opened a joint needs analysis. It has 24 hours to complete it.</summary>
public sealed record NeedsAnalysisOpened
{
    /// <summary>The analysis.</summary>
    public required Guid NeedsAnalysisId { get; init; }

    /// <summary>The country in need.</summary>
    public required string Country { get; init; }

    /// <summary>A short title.</summary>
    public required string Title { get; init; }

    /// <summary>What is needed.</summary>
    public required IReadOnlyList<AssistanceItem> Items { get; init; }

    /// <summary>When it was opened; the 24-hour clock starts here (stamped by the contact point).</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>The numbered points of the leaders' statement this serves.</summary>
    public IReadOnlyList<int>? PlanPoints { get; init; }

    /// <summary>
    /// Exercise traffic: relayed and shown marked as such, kept out of commitments and compliance. Offers
    /// and every later step inherit it from the request they belong to.
    /// </summary>
    public bool Exercise { get; init; }

    /// <summary>The originating contact point's signature over this message.</summary>
    public Signature? Signature { get; init; }
}

/// <summary>A country closed a needs analysis without turning it into a request.</summary>
public sealed record NeedsAnalysisClosed
{
    /// <summary>The analysis.</summary>
    public required Guid NeedsAnalysisId { get; init; }

    /// <summary>The country in need.</summary>
    public required string Country { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset ClosedAt { get; init; }

    /// <summary>Why, in the officer's words.</summary>
    public string? Reason { get; init; }

    /// <summary>The originating contact point's signature over this message.</summary>
    public Signature? Signature { get; init; }
}

/// <summary>A country asked the other participants for assistance, often from a needs analysis.</summary>
public sealed record AssistanceRequested
{
    /// <summary>The request.</summary>
    public required Guid RequestId { get; init; }

    /// <summary>The country asking.</summary>
    public required string Country { get; init; }

    /// <summary>The needs analysis it came from, if any.</summary>
    public Guid? NeedsAnalysisId { get; init; }

    /// <summary>A short title.</summary>
    public required string Title { get; init; }

    /// <summary>What is asked for.</summary>
    public required IReadOnlyList<AssistanceItem> Items { get; init; }

    /// <summary>When (stamped by the contact point).</summary>
    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>The numbered points of the leaders' statement this serves.</summary>
    public IReadOnlyList<int>? PlanPoints { get; init; }

    /// <summary>
    /// Exercise traffic: relayed and shown marked as such, kept out of commitments and compliance. Offers
    /// and every later step inherit it from the request they belong to.
    /// </summary>
    public bool Exercise { get; init; }

    /// <summary>The originating contact point's signature over this message.</summary>
    public Signature? Signature { get; init; }
}

/// <summary>The requesting country withdrew its request.</summary>
public sealed record AssistanceRequestWithdrawn
{
    /// <summary>The request.</summary>
    public required Guid RequestId { get; init; }

    /// <summary>The country that asked.</summary>
    public required string Country { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset WithdrawnAt { get; init; }

    /// <summary>Why, in the officer's words.</summary>
    public string? Reason { get; init; }

    /// <summary>The originating contact point's signature over this message.</summary>
    public Signature? Signature { get; init; }
}

/// <summary>A participant offered items against a request.</summary>
public sealed record AssistanceOffered
{
    /// <summary>The offer.</summary>
    public required Guid OfferId { get; init; }

    /// <summary>The request it answers.</summary>
    public required Guid RequestId { get; init; }

    /// <summary>The country that asked.</summary>
    public required string Requester { get; init; }

    /// <summary>The participant offering (a country or an observer).</summary>
    public required string Country { get; init; }

    /// <summary>What is offered, item by item.</summary>
    public required IReadOnlyList<AssistanceItem> Items { get; init; }

    /// <summary>When (stamped by the contact point).</summary>
    public required DateTimeOffset OfferedAt { get; init; }

    /// <summary>A note for the requester.</summary>
    public string? Note { get; init; }

    /// <summary>The numbered points of the leaders' statement this serves.</summary>
    public IReadOnlyList<int>? PlanPoints { get; init; }

    /// <summary>
    /// Exercise traffic: relayed and shown marked as such, kept out of commitments and compliance. Offers
    /// and every later step inherit it from the request they belong to.
    /// </summary>
    public bool Exercise { get; init; }

    /// <summary>The originating contact point's signature over this message.</summary>
    public Signature? Signature { get; init; }
}

/// <summary>Where a needs analysis stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NeedsAnalysisStatus>))]
public enum NeedsAnalysisStatus
{
    /// <summary>Open: the 24-hour clock runs until it becomes a request or is closed.</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>Turned into a request for assistance.</summary>
    [JsonStringEnumMemberName("requested")] Requested,

    /// <summary>Closed by its owner without a request.</summary>
    [JsonStringEnumMemberName("closed")] Closed,
}

/// <summary>Where an offer stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OfferStatus>))]
public enum OfferStatus
{
    /// <summary>Made, waiting for the requester.</summary>
    [JsonStringEnumMemberName("offered")] Offered,

    /// <summary>The requester accepted it.</summary>
    [JsonStringEnumMemberName("accepted")] Accepted,

    /// <summary>The requester declined it.</summary>
    [JsonStringEnumMemberName("declined")] Declined,

    /// <summary>The offering participant committed the resources.</summary>
    [JsonStringEnumMemberName("committed")] Committed,

    /// <summary>On the way.</summary>
    [JsonStringEnumMemberName("dispatched")] Dispatched,

    /// <summary>Arrived.</summary>
    [JsonStringEnumMemberName("delivered")] Delivered,

    /// <summary>The offering participant took it back before it was dispatched.</summary>
    [JsonStringEnumMemberName("withdrawn")] Withdrawn,
}

/// <summary>An offer moved on: accepted or declined by the requester; committed, dispatched, delivered or withdrawn by the offerer.</summary>
public sealed record OfferStatusChanged
{
    /// <summary>The offer.</summary>
    public required Guid OfferId { get; init; }

    /// <summary>The request it answers.</summary>
    public required Guid RequestId { get; init; }

    /// <summary>The country that asked.</summary>
    public required string Requester { get; init; }

    /// <summary>The participant offering.</summary>
    public required string Offerer { get; init; }

    /// <summary>The participant making this change: the requester or the offerer.</summary>
    public required string Country { get; init; }

    /// <summary>The new status.</summary>
    public required OfferStatus Status { get; init; }

    /// <summary>When (stamped by the contact point).</summary>
    public required DateTimeOffset ChangedAt { get; init; }

    /// <summary>A note, such as a reason for declining.</summary>
    public string? Note { get; init; }

    /// <summary>The originating contact point's signature over this message.</summary>
    public Signature? Signature { get; init; }
}

/// <summary>Where a request stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestStatus>))]
public enum RequestStatus
{
    /// <summary>Taking offers.</summary>
    [JsonStringEnumMemberName("open")] Open,

    /// <summary>Everything asked for was delivered.</summary>
    [JsonStringEnumMemberName("closed")] Closed,

    /// <summary>The requester withdrew it.</summary>
    [JsonStringEnumMemberName("withdrawn")] Withdrawn,

    /// <summary>Nothing changed for the configured time (90 days by the Mechanism's rule).</summary>
    [JsonStringEnumMemberName("lapsed")] Lapsed,
}

/// <summary>The hub closed a request: fully delivered, or lapsed. Sent to every participant and the Commission.</summary>
public sealed record AssistanceRequestClosed
{
    /// <summary>The request.</summary>
    public required Guid RequestId { get; init; }

    /// <summary>The country that asked.</summary>
    public required string Country { get; init; }

    /// <summary><see cref="RequestStatus.Closed"/> or <see cref="RequestStatus.Lapsed"/>.</summary>
    public required RequestStatus Status { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset ClosedAt { get; init; }

    /// <summary>Why, in words.</summary>
    public required string Reason { get; init; }
}

/// <summary>A needs analysis was still open 24 hours after it was opened. Sent to the Commission and the country.</summary>
public sealed record NeedsAnalysisOverdue
{
    /// <summary>The analysis.</summary>
    public required Guid NeedsAnalysisId { get; init; }

    /// <summary>The country in need.</summary>
    public required string Country { get; init; }

    /// <summary>When it was opened.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>When it was due.</summary>
    public required DateTimeOffset DueAt { get; init; }
}
