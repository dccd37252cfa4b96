using System.Text.Json;
using BalkanHub.ContactPoint.Data;
using BalkanHub.Contracts;
using Microsoft.EntityFrameworkCore;

namespace BalkanHub.ContactPoint.Inbox;

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
    JsonElement Payload, DateTimeOffset? AcknowledgeBy = null, ChainReactionEstimate? ChainReaction = null, bool Exercise = false)
{
    /// <summary>Maps a stored item.</summary>
    public static InboxItemView From(InboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        using var payload = JsonDocument.Parse(item.Payload);
        return new(item.Sequence, item.Kind, item.ItemKey, item.Source, item.MessageType, item.RequiresAcknowledgement,
            item.RelayedAt, item.ReceivedAt, item.AcknowledgedAt, payload.RootElement.Clone(), item.AcknowledgeBy,
            item.ChainReaction is null ? null : JsonSerializer.Deserialize<ChainReactionEstimate>(item.ChainReaction, JsonSerializerOptions.Web), item.Exercise);
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

    /// <summary>Visible items after <paramref name="after"/>, in sequence order.</summary>
    public static async Task<List<InboxItemView>> AfterAsync(ContactPointDb db, long after, int limit, CancellationToken cancellationToken)
    {
        var watermark = await WatermarkAsync(db, cancellationToken);
        var rows = await db.Inbox.AsNoTracking()
            .Where(i => i.Sequence > after && i.Sequence <= watermark)
            .OrderBy(i => i.Sequence).Take(limit).ToListAsync(cancellationToken);
        return rows.ConvertAll(InboxItemView.From);
    }
}
