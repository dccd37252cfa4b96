using System.Text.Json;
using System.Text.Json.Serialization;

namespace BalkanHub.Contracts;

/// <summary>
/// Sent by the aggregator to one recipient's own queue: an item relayed to that recipient. The sequence
/// is the recipient's own and gap-free, so a client that was offline catches up from "everything after N".
/// </summary>
public sealed record RelayItem
{
    /// <summary>Code of the participant the item is for. A contact point refuses items for anyone else.</summary>
    public required string Recipient { get; init; }

    /// <summary>The recipient's sequence number: 1, 2, 3… with no gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>What kind of item this is.</summary>
    public required RelayedItemKind Kind { get; init; }

    /// <summary>
    /// Stable identity of the item across re-sends, such as <c>report:GR:2015-10-20:v2</c> or
    /// <c>measure:{id}:r3</c>.
    /// </summary>
    public required string ItemKey { get; init; }

    /// <summary>The participant the item came from, or <c>HUB</c> for alerts the hub raises itself.</summary>
    public required string Source { get; init; }

    /// <summary>Name of the contract in <see cref="Payload"/>, such as <c>DailyReportSubmitted</c>.</summary>
    public required string MessageType { get; init; }

    /// <summary>When the aggregator accepted the original item.</summary>
    public required DateTimeOffset RelayedAt { get; init; }

    /// <summary>Whether the recipient must acknowledge the item (measures).</summary>
    public required bool RequiresAcknowledgement { get; init; }

    /// <summary>The original message, unchanged.</summary>
    public required JsonElement Payload { get; init; }

    /// <summary>
    /// For a cap or closure that lands on this recipient: the hub's estimate of the backlog it will create
    /// here. Kept apart from <see cref="Payload"/>, which stays exactly as the sender signed it.
    /// </summary>
    public ChainReactionEstimate? ChainReaction { get; init; }

    /// <summary>When this recipient's acknowledgement is due, for items that need one.</summary>
    public DateTimeOffset? AcknowledgeBy { get; init; }

    /// <summary>Exercise traffic: show it marked as such, and count it nowhere.</summary>
    public bool Exercise { get; init; }
}

/// <summary>Kinds of relayed item.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RelayedItemKind>))]
public enum RelayedItemKind
{
    /// <summary>A daily flow report, or a correction of one.</summary>
    [JsonStringEnumMemberName("dailyReport")] DailyReport,

    /// <summary>A measure notice or one of its transitions.</summary>
    [JsonStringEnumMemberName("measure")] Measure,

    /// <summary>A recipient acknowledged an item.</summary>
    [JsonStringEnumMemberName("acknowledgement")] Acknowledgement,

    /// <summary>An alert the hub raised itself.</summary>
    [JsonStringEnumMemberName("alert")] Alert,

    /// <summary>A needs analysis, an assistance request, an offer, or a change to one of them.</summary>
    [JsonStringEnumMemberName("assistance")] Assistance,
}

/// <summary>A country acknowledged an item relayed to it.</summary>
public sealed record RelayAcknowledged
{
    /// <summary>The acknowledging country.</summary>
    public required string Country { get; init; }

    /// <summary>The item's sequence in that country's inbox.</summary>
    public required long Sequence { get; init; }

    /// <summary>The item's stable key.</summary>
    public required string ItemKey { get; init; }

    /// <summary>When the country acknowledged it.</summary>
    public required DateTimeOffset AcknowledgedAt { get; init; }

    /// <summary>The originating contact point's signature over this message; see <see cref="Contracts.Signature"/>.</summary>
    public Signature? Signature { get; init; }
}

/// <summary>
/// A contact point found a gap in its inbox: later relays arrived, but these earlier sequences did not
/// within the grace period. The aggregator sends them again from its store. Gap-free sequences make a
/// lost relay visible; this makes it repair itself.
/// </summary>
public sealed record RelayGapReported
{
    /// <summary>The most sequences one report names; a contact point asks for its first gap only, and the aggregator refuses more.</summary>
    public const int MaxMissing = 500;

    /// <summary>The country whose inbox has the gap; it may ask only for its own relays.</summary>
    public required string Country { get; init; }

    /// <summary>The sequences missing from that country's inbox, in order.</summary>
    public required IReadOnlyList<long> Missing { get; init; }

    /// <summary>When the contact point reported the gap.</summary>
    public required DateTimeOffset ReportedAt { get; init; }

    /// <summary>The originating contact point's signature over this message; see <see cref="Contracts.Signature"/>.</summary>
    public Signature? Signature { get; init; }
}

/// <summary>
/// Sent by the aggregator to one recipient's own queue now and then: the highest sequence it has relayed
/// to that recipient so far. Gap repair sees a missing sequence only when a later one arrives, so without
/// this a contact point that lost its newest relays (a dead-lettered message, a store restored from an
/// older backup) would never learn of them. A contact point whose inbox stays below this number asks for
/// the rest with a <see cref="RelayGapReported"/>.
/// </summary>
public sealed record RelayTailAnnounced
{
    /// <summary>Code of the participant whose relays are counted. A contact point ignores one for anyone else.</summary>
    public required string Recipient { get; init; }

    /// <summary>The recipient's highest relayed sequence (0 when nothing was relayed to it yet).</summary>
    public required long LastSequence { get; init; }

    /// <summary>When the aggregator read that sequence.</summary>
    public required DateTimeOffset AnnouncedAt { get; init; }
}
