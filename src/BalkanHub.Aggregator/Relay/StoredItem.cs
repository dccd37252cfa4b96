using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.Aggregator.Relay;

/// <summary>An item the hub relays: a report version, a measure revision, an acknowledgement, an alert.</summary>
public sealed class StoredItem
{
    /// <summary>The source of items the hub raises itself.</summary>
    public const string HubSource = "HUB";

    /// <summary>
    /// An item the hub raises itself (an alert, an escalation, a closure), with a fresh message id. It is an
    /// <paramref name="exercise"/> when the item it derives from is: an exercise never causes a real alert.
    /// </summary>
    public static StoredItem Raised<T>(string itemKey, T payload, DateTimeOffset now, RelayedItemKind kind = RelayedItemKind.Alert, string? planPoints = null,
        bool exercise = false)
        where T : class => new()
    {
        Exercise = exercise,
        ItemKey = itemKey,
        Kind = kind,
        Source = HubSource,
        MessageType = typeof(T).Name,
        SourceMessageId = MassTransit.NewId.NextGuid(),
        ReceivedAt = now,
        RequiresAcknowledgement = false,
        PlanPoints = planPoints,
        Payload = System.Text.Json.JsonSerializer.Serialize(payload, System.Text.Json.JsonSerializerOptions.Web),
    };

    /// <summary>Plan points as stored for filtering in SQL: <c>|3|7|</c>, or null when there are none.</summary>
    public static string? PlanPointsOf(IReadOnlyList<int>? points) =>
        points is { Count: > 0 } ? "|" + string.Join('|', points.Distinct().Order()) + "|" : null;

    public long Id { get; set; }

    /// <summary>Stable identity, such as <c>report:GR:2015-10-20:v2</c>.</summary>
    public required string ItemKey { get; set; }

    /// <summary>What kind of item.</summary>
    public RelayedItemKind Kind { get; set; }

    /// <summary>Who it came from, or HUB.</summary>
    public required string Source { get; set; }

    /// <summary>Contract name of the payload.</summary>
    public required string MessageType { get; set; }

    /// <summary>The message id it arrived with.</summary>
    public Guid SourceMessageId { get; set; }

    /// <summary>When the aggregator accepted it.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Whether recipients must acknowledge it.</summary>
    public bool RequiresAcknowledgement { get; set; }

    /// <summary>The points of the leaders' statement it serves, as <c>|3|7|</c>, so the feed filters by point in SQL.</summary>
    public string? PlanPoints { get; set; }

    /// <summary>The item this one supersedes (the previous version or revision), if any.</summary>
    public string? Supersedes { get; set; }

    /// <summary>Exercise traffic: relayed and marked as such, kept out of the picture and compliance.</summary>
    public bool Exercise { get; set; }

    /// <summary>The message, as JSON.</summary>
    public required string Payload { get; set; }
}

internal sealed class StoredItemConfiguration : IEntityTypeConfiguration<StoredItem>
{
    public void Configure(EntityTypeBuilder<StoredItem> builder)
    {
        builder.HasKey(i => i.Id);
        builder.HasIndex(i => i.ItemKey).IsUnique();
        // What a country may read is found by the message an item came with (exports, feed links).
        builder.HasIndex(i => i.SourceMessageId);
        builder.Property(i => i.ItemKey).HasMaxLength(200);
        builder.Property(i => i.Source).HasMaxLength(16);
    }
}
