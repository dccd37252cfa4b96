using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.ContactPoint.Measures;

/// <summary>A measure as it stands now.</summary>
public sealed class StoredMeasure
{
    /// <summary>Local order of announcement, used as the list cursor.</summary>
    public long Number { get; set; }

    /// <summary>The measure's id.</summary>
    public Guid MeasureId { get; set; }

    /// <summary>The latest revision.</summary>
    public int Revision { get; set; }

    /// <summary>Status stored at the latest transition.</summary>
    public MeasureStatus Status { get; set; }

    /// <summary>The latest <see cref="MeasureNotice"/> as JSON.</summary>
    public required string Notice { get; set; }
}

/// <summary>One revision of a measure: the announcement or a later transition.</summary>
public sealed class StoredMeasureRevision
{
    public long Id { get; set; }

    /// <summary>The measure.</summary>
    public Guid MeasureId { get; set; }

    /// <summary>1 for the announcement, then one more per transition.</summary>
    public int Revision { get; set; }

    /// <summary>announced, updated, cancelled or lifted.</summary>
    public required string Transition { get; set; }

    /// <summary>When the transition was accepted.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Why, in the officer's words.</summary>
    public string? Reason { get; set; }

    /// <summary>The <see cref="MeasureNotice"/> after the transition, as JSON.</summary>
    public required string Notice { get; set; }
}

internal sealed class StoredMeasureConfiguration : IEntityTypeConfiguration<StoredMeasure>
{
    public void Configure(EntityTypeBuilder<StoredMeasure> builder)
    {
        builder.HasKey(m => m.Number);
        builder.HasIndex(m => m.MeasureId).IsUnique();
        // Two officers updating the same measure at once: the second gets 409, not a lost updatbuilder.
        builder.Property(m => m.Revision).IsConcurrencyToken();
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
