
namespace BalkanHub.ContactPoint.Inbox;

/// <summary>
/// The shared wire record cannot know the stored entity, so the mapping lives here, written as a static
/// extension so that callers still say <c>InboxItemView.From(item)</c>.
/// </summary>
public static class InboxItemViews
{
    extension(InboxItemView)
    {
        /// <summary>Maps a stored item.</summary>
        public static InboxItemView From(StoredInboxItem item)
        {
            ArgumentNullException.ThrowIfNull(item);
            using var payload = JsonDocument.Parse(item.Payload);
            return new(item.Sequence, item.Kind, item.ItemKey, item.Source, item.MessageType, item.RequiresAcknowledgement,
                item.RelayedAt, item.ReceivedAt, item.AcknowledgedAt, payload.RootElement.Clone(), item.AcknowledgeBy,
                item.ChainReaction is null ? null : JsonSerializer.Deserialize<ChainReactionEstimate>(item.ChainReaction, JsonSerializerOptions.Web), item.Exercise);
        }
    }
}

/// <summary>Reading the inbox, only ever up to its gap-free watermark.</summary>
public static class InboxStore
{
    /// <summary>The highest sequence up to which nothing is missing.</summary>
    public static async Task<long> WatermarkAsync(ContactPointDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.InboxWatermarks.AsNoTracking().Where(w => w.Id == 1).Select(w => w.Contiguous).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Visible items after <paramref name="after"/>, in sequence order, that pass <paramref name="filter"/>.</summary>
    public static async Task<List<InboxItemView>> AfterAsync(ContactPointDb db, long after, int limit, CancellationToken cancellationToken, InboxFilter? filter = null)
    {
        var watermark = await WatermarkAsync(db, cancellationToken);
        var query = db.Inbox.AsNoTracking().Where(i => i.Sequence > after && i.Sequence <= watermark);
        if (filter is not null)
            query = filter.Apply(query);
        var rows = await query.OrderBy(i => i.Sequence).Take(limit).ToListAsync(cancellationToken);
        return rows.ConvertAll(InboxItemView.From);
    }
}

/// <summary>The inbox's filters; every one given must hold.</summary>
public sealed record InboxFilter(RelayedItemKind? Kind, string? Source, bool? Unacknowledged, DateOnly? From, DateOnly? To, string? Text)
{
    /// <summary>Narrows <paramref name="items"/> to what the filters keep. Days are UTC days of relayedAt.</summary>
    public IQueryable<StoredInboxItem> Apply(IQueryable<StoredInboxItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (Kind is { } kind)
            items = items.Where(i => i.Kind == kind);
        if (Source is { } source)
            items = items.Where(i => i.Source == source);
        if (Unacknowledged is { } open)
            items = open
                ? items.Where(i => i.RequiresAcknowledgement && i.AcknowledgedAt == null)
                : items.Where(i => !i.RequiresAcknowledgement || i.AcknowledgedAt != null);
        if (From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            items = items.Where(i => i.RelayedAt >= start);
        }
        if (To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            items = items.Where(i => i.RelayedAt < end);
        }
        if (Text is { } text)
        {
            // An officer types "bregana" for Bregana: compared in lower case on both stores (SQLite and
            // PostgreSQL differ on whether a plain comparison minds the case).
            var lower = text.ToLowerInvariant();
            // Runs in SQL as lower(…) LIKE …: the culture and comparison overloads the analyzers ask for have no translation.
#pragma warning disable CA1304, CA1311, CA1862
            items = items.Where(i => i.ItemKey.ToLower().Contains(lower) || i.Payload.ToLower().Contains(lower));
#pragma warning restore CA1304, CA1311, CA1862
        }
        return items;
    }
}
