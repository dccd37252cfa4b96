using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.Aggregator.Relay;

/// <summary>An item relayed to one recipient, at that recipient's next sequence number.</summary>
public sealed class StoredRelay
{
    public long Id { get; set; }

    /// <summary>A contact point's participant code, or FEED for the Commission's consolidated feed.</summary>
    public required string Recipient { get; set; }

    /// <summary>The recipient's sequence number: 1, 2, 3… without gaps.</summary>
    public long Sequence { get; set; }

    /// <summary>The item.</summary>
    public long ItemId { get; set; }

    /// <summary>The item.</summary>
    public StoredItem Item { get; set; } = null!;

    /// <summary>When the relay was written.</summary>
    public DateTimeOffset RelayedAt { get; set; }

    /// <summary>When the recipient acknowledged it.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>When the recipient's acknowledgement is due, for items that need one.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>When the hub told the Commission the acknowledgement was overdue.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>The chain-reaction estimate attached to this relay, as JSON: one for the affected country, all of them for the feed.</summary>
    public string? ChainReaction { get; set; }
}

/// <summary>The last sequence number given to a recipient.</summary>
public sealed class StoredRecipientSequence
{
    /// <summary>The recipient.</summary>
    public required string Recipient { get; set; }

    /// <summary>The last number given.</summary>
    public long Last { get; set; }
}

internal sealed class StoredRelayConfiguration : IEntityTypeConfiguration<StoredRelay>
{
    public void Configure(EntityTypeBuilder<StoredRelay> builder)
    {
        builder.HasKey(r => r.Id);
        // Gap-free and unique per recipient, and an item reaches each recipient once.
        builder.HasIndex(r => new { r.Recipient, r.Sequence }).IsUnique();
        builder.HasIndex(r => new { r.Recipient, r.ItemId }).IsUnique();
        builder.HasOne(r => r.Item).WithMany().HasForeignKey(r => r.ItemId);
        // The deadline clock looks only at what is due and not yet acknowledged or escalated.
        builder.HasIndex(r => new { r.EscalatedAt, r.AcknowledgedAt, r.DueAt });
        builder.Property(r => r.Recipient).HasMaxLength(16);
    }
}

internal sealed class StoredRecipientSequenceConfiguration : IEntityTypeConfiguration<StoredRecipientSequence>
{
    public void Configure(EntityTypeBuilder<StoredRecipientSequence> builder)
    {
        builder.HasKey(s => s.Recipient);
        builder.Property(s => s.Recipient).HasMaxLength(16);
    }
}
