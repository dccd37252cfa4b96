using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.ContactPoint.Inbox;

/// <summary>An item the aggregator relayed to this country.</summary>
public sealed class StoredInboxItem
{
    /// <summary>This country's sequence number for the item, assigned by the aggregator.</summary>
    public long Sequence { get; set; }

    /// <summary>The relay message's id.</summary>
    public Guid MessageId { get; set; }

    /// <summary>What kind of item.</summary>
    public RelayedItemKind Kind { get; set; }

    /// <summary>The item's stable key.</summary>
    public required string ItemKey { get; set; }

    /// <summary>Who it came from.</summary>
    public required string Source { get; set; }

    /// <summary>The contract name of the payload.</summary>
    public required string MessageType { get; set; }

    /// <summary>Whether this country must acknowledge it.</summary>
    public bool RequiresAcknowledgement { get; set; }

    /// <summary>When the aggregator relayed it.</summary>
    public DateTimeOffset RelayedAt { get; set; }

    /// <summary>When it arrived here.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>When this country acknowledged it.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>When this country's acknowledgement is due, for items that need one.</summary>
    public DateTimeOffset? AcknowledgeBy { get; set; }

    /// <summary>The hub's estimate of what the measure does to this country, as JSON, for caps and closures.</summary>
    public string? ChainReaction { get; set; }

    /// <summary>Exercise traffic: shown marked as such.</summary>
    public bool Exercise { get; set; }

    /// <summary>The original message, as JSON.</summary>
    public required string Payload { get; set; }
}

/// <summary>
/// The highest sequence up to which the inbox has no gaps. Relays can arrive out of order (concurrent
/// consumers, redeliveries), and a client reading "after N" must never skip an item that arrives
/// late, so the inbox shows items only up to this mark.
/// </summary>
public sealed class StoredInboxWatermark
{
    /// <summary>Always 1: a single row.</summary>
    public int Id { get; set; } = 1;

    /// <summary>Every sequence up to this one is present.</summary>
    public long Contiguous { get; set; }
}

internal sealed class StoredInboxItemConfiguration : IEntityTypeConfiguration<StoredInboxItem>
{
    public void Configure(EntityTypeBuilder<StoredInboxItem> builder)
    {
        builder.HasKey(i => i.Sequence);
        builder.Property(i => i.Sequence).ValueGeneratedNever();
        builder.HasIndex(i => i.ItemKey);
    }
}

internal sealed class StoredInboxWatermarkConfiguration : IEntityTypeConfiguration<StoredInboxWatermark>
{
    public void Configure(EntityTypeBuilder<StoredInboxWatermark> builder)
    {
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
    }
}
