using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.Aggregator.Measures;

/// <summary>A measure as it stands after its latest relayed revision.</summary>
public sealed class StoredMeasure
{
    /// <summary>The measure's id.</summary>
    public Guid MeasureId { get; set; }

    /// <summary>Country taking the measure.</summary>
    public required string Country { get; set; }

    /// <summary>Latest revision relayed.</summary>
    public int Revision { get; set; }

    /// <summary>Kind of measure.</summary>
    public MeasureType Type { get; set; }

    /// <summary>Status at the latest revision.</summary>
    public MeasureStatus Status { get; set; }

    /// <summary>When it was announced (UTC).</summary>
    public DateTimeOffset AnnouncedAt { get; set; }

    /// <summary>When it takes effect (UTC).</summary>
    public DateTimeOffset EffectiveFrom { get; set; }

    /// <summary>When it ends by itself (UTC).</summary>
    public DateTimeOffset? EffectiveUntil { get; set; }

    /// <summary>The latest <see cref="MeasureNotice"/> as JSON.</summary>
    public required string Notice { get; set; }

    /// <summary>Exercise traffic: relayed and marked, kept out of the picture and compliance.</summary>
    public bool Exercise { get; set; }
}

/// <summary>A revision of a measure as received.</summary>
public sealed class StoredMeasureRevision
{
    public long Id { get; set; }

    /// <summary>The measure.</summary>
    public Guid MeasureId { get; set; }

    /// <summary>The revision number.</summary>
    public int Revision { get; set; }

    /// <summary>Contract name: MeasureAnnounced, MeasureUpdated…</summary>
    public required string MessageType { get; set; }

    /// <summary>The message id it arrived with.</summary>
    public Guid MessageId { get; set; }

    /// <summary>When it arrived.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>
    /// Whether it was relayed. A revision that overtook an earlier one on the bus waits here until the
    /// earlier one arrives, so recipients always see transitions in order.
    /// </summary>
    public bool Relayed { get; set; }

    /// <summary>The whole message, as JSON.</summary>
    public required string Payload { get; set; }
}

internal sealed class StoredMeasureConfiguration : IEntityTypeConfiguration<StoredMeasure>
{
    public void Configure(EntityTypeBuilder<StoredMeasure> builder)
    {
        builder.HasKey(m => m.MeasureId);
        builder.HasIndex(m => new { m.Country, m.AnnouncedAt });
        builder.Property(m => m.Country).HasMaxLength(16);
    }
}

internal sealed class StoredMeasureRevisionConfiguration : IEntityTypeConfiguration<StoredMeasureRevision>
{
    public void Configure(EntityTypeBuilder<StoredMeasureRevision> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.MeasureId, r.Revision }).IsUnique();
    }
}
