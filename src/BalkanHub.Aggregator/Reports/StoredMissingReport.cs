using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.Aggregator.Reports;

/// <summary>A day a country had not reported by the deadline.</summary>
public sealed class StoredMissingReport
{
    /// <summary>The country.</summary>
    public required string Country { get; set; }

    /// <summary>The day.</summary>
    public DateOnly ReportDate { get; set; }

    /// <summary>When the report was due.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>When the Commission's feed was told.</summary>
    public DateTimeOffset AlertedAt { get; set; }
}

internal sealed class StoredMissingReportConfiguration : IEntityTypeConfiguration<StoredMissingReport>
{
    public void Configure(EntityTypeBuilder<StoredMissingReport> builder)
    {
        builder.HasKey(m => new { m.Country, m.ReportDate });
        builder.Property(m => m.Country).HasMaxLength(16);
    }
}
