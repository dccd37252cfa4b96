using System.Text.Json;
using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>One item in the Commission's consolidated feed, with whom it was relayed to.</summary>
/// <param name="Sequence">The feed's own gap-free sequence number.</param>
/// <param name="Kind">What kind of item.</param>
/// <param name="ItemKey">The item's stable key.</param>
/// <param name="Source">Who it came from.</param>
/// <param name="MessageType">Contract name of the payload.</param>
/// <param name="RelayedAt">When the aggregator relayed it.</param>
/// <param name="Supersedes">The earlier version or revision this one replaces, if any.</param>
/// <param name="Recipients">Each country it was relayed to, with that country's sequence and acknowledgement.</param>
/// <param name="Payload">The original message.</param>
/// <param name="LeadTimeHours">For a measure: hours from announcement to effect.</param>
/// <param name="ShortNotice">For a measure: whether it was announced with less than the agreed notice.</param>
/// <param name="ChainReactions">For a cap or closure: the hub's backlog estimates for the countries it lands on.</param>
/// <param name="Exercise">Exercise traffic, shown marked and counted nowhere.</param>
/// <param name="Retroactive">For a measure: announced only after it took effect.</param>
public sealed record FeedEntry(
    long Sequence, RelayedItemKind Kind, string ItemKey, string Source, string MessageType, DateTimeOffset RelayedAt,
    string? Supersedes, IReadOnlyList<RecipientStatus> Recipients, JsonElement Payload,
    double? LeadTimeHours = null, bool? ShortNotice = null, IReadOnlyList<ChainReactionEstimate>? ChainReactions = null, bool Exercise = false,
    bool? Retroactive = null);

/// <summary>Where one recipient stands with an item.</summary>
/// <param name="Recipient">The country.</param>
/// <param name="Sequence">Its sequence number for the item.</param>
/// <param name="AcknowledgedAt">When it acknowledged, if it has.</param>
/// <param name="DueAt">When its acknowledgement is due, for items that need one.</param>
/// <param name="EscalatedAt">When the Commission was told it was overdue.</param>
public sealed record RecipientStatus(string Recipient, long Sequence, DateTimeOffset? AcknowledgedAt, DateTimeOffset? DueAt = null, DateTimeOffset? EscalatedAt = null);

/// <summary>A page of the feed; <paramref name="Next"/> is the last sequence returned, or <c>after</c> when none.</summary>
public sealed record FeedPage(IReadOnlyList<FeedEntry> Items, long Next);
