using System.Globalization;
using System.Text.Json;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Measures;


namespace BalkanHub.Aggregator.Feed;

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
