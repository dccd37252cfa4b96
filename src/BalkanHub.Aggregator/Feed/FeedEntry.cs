using System.Globalization;
using System.Text.Json;
using BalkanHub.Aggregator.Data;
using BalkanHub.Aggregator.Relay;
using BalkanHub.Contracts;
using BalkanHub.Domain.Measures;
using Microsoft.EntityFrameworkCore;


namespace BalkanHub.Aggregator.Feed;

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

/// <summary>Reads the feed.</summary>
public static class FeedQueries
{
    /// <summary>Feed entries after <paramref name="after"/>, in sequence order.</summary>
    public static async Task<List<FeedEntry>> AfterAsync(AggregatorDb db, MeasureOptions measures, long after, int limit, CancellationToken cancellationToken,
        int? planPoint = null, FeedFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var point = planPoint is { } p ? string.Create(CultureInfo.InvariantCulture, $"|{p}|") : null;
        var query = db.Relays.AsNoTracking().Include(r => r.Item)
            .Where(r => r.Recipient == RelayRecipients.Feed && r.Sequence > after)
            .Where(r => point == null || (r.Item.PlanPoints != null && r.Item.PlanPoints.Contains(point)));
        if (filter?.Kind is { } kind)
            query = query.Where(r => r.Item.Kind == kind);
        if (filter?.Source is { } source)
            query = query.Where(r => r.Item.Source == source);
        if (filter?.Exercise is { } exercise)
            query = query.Where(r => r.Item.Exercise == exercise);
        var rows = await query.OrderBy(r => r.Sequence).Take(limit).ToListAsync(cancellationToken);
        return await ToEntriesAsync(db, measures, rows, cancellationToken);
    }


    /// <summary>Turns feed relays into entries, with each item's other recipients.</summary>
    public static async Task<List<FeedEntry>> ToEntriesAsync(AggregatorDb db, MeasureOptions measures, IReadOnlyList<StoredRelay> feedRelays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(feedRelays);
        var itemIds = feedRelays.Select(r => r.ItemId).ToList();
        var others = (await db.Relays.AsNoTracking()
                .Where(r => itemIds.Contains(r.ItemId) && r.Recipient != RelayRecipients.Feed)
                .Select(r => new { r.ItemId, r.Recipient, r.Sequence, r.AcknowledgedAt, r.DueAt, r.EscalatedAt })
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.ItemId, r => new RecipientStatus(r.Recipient, r.Sequence, r.AcknowledgedAt, r.DueAt, r.EscalatedAt));
        return feedRelays.Select(r =>
        {
            using var payload = JsonDocument.Parse(r.Item.Payload);
            LeadTime? lead = r.Item.Kind == RelayedItemKind.Measure && payload.RootElement.TryGetProperty("measure", out var measure)
                ? LeadTime.Of(measure.Deserialize<MeasureNotice>(JsonSerializerOptions.Web)!)
                : null;
            return new FeedEntry(r.Sequence, r.Item.Kind, r.Item.ItemKey, r.Item.Source, r.Item.MessageType, r.RelayedAt,
                r.Item.Supersedes, [.. others[r.ItemId].OrderBy(o => o.Recipient, StringComparer.Ordinal)], payload.RootElement.Clone(),
                lead?.Hours, lead?.IsShortNotice(measures),
                r.ChainReaction is null ? null : JsonSerializer.Deserialize<List<ChainReactionEstimate>>(r.ChainReaction, JsonSerializerOptions.Web),
                r.Item.Exercise, lead?.IsRetroactive);
        }).ToList();
    }
}

/// <summary>The feed's filters; every one given must hold.</summary>
public sealed record FeedFilter(RelayedItemKind? Kind, string? Source, bool? Exercise);
