using System.Text.Json;
using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.ContactPoint;

/// <summary>Items relayed to this country, as clients see them.</summary>
/// <param name="Sequence">This country's gap-free sequence number.</param>
/// <param name="Kind">What kind of item.</param>
/// <param name="ItemKey">The item's stable key.</param>
/// <param name="Source">Who it came from.</param>
/// <param name="MessageType">Contract name of the payload.</param>
/// <param name="RequiresAcknowledgement">Whether this country must acknowledge it.</param>
/// <param name="RelayedAt">When the aggregator relayed it.</param>
/// <param name="ReceivedAt">When it arrived here.</param>
/// <param name="AcknowledgedAt">When this country acknowledged it.</param>
/// <param name="Payload">The original message.</param>
/// <param name="AcknowledgeBy">When this country's acknowledgement is due.</param>
/// <param name="ChainReaction">For a cap or closure: the hub's estimate of the backlog it creates here.</param>
/// <param name="Exercise">Exercise traffic: to be shown marked as such.</param>
public sealed record InboxItemView(
    long Sequence, RelayedItemKind Kind, string ItemKey, string Source, string MessageType,
    bool RequiresAcknowledgement, DateTimeOffset RelayedAt, DateTimeOffset ReceivedAt, DateTimeOffset? AcknowledgedAt,
    JsonElement Payload, DateTimeOffset? AcknowledgeBy = null, ChainReactionEstimate? ChainReaction = null, bool Exercise = false);

/// <summary>A page of the inbox; <paramref name="Next"/> is the last sequence returned, or <c>after</c> when none.</summary>
public sealed record InboxPage(IReadOnlyList<InboxItemView> Items, long Next);

/// <summary>The answer to an acknowledgement.</summary>
public sealed record Acknowledgement(long Sequence, string ItemKey, DateTimeOffset AcknowledgedAt);
