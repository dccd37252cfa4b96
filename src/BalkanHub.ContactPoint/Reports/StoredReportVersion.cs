using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.ContactPoint.Reports;

/// <summary>One version of a daily report, as accepted.</summary>
public sealed class StoredReportVersion
{
    public long Id { get; set; }

    /// <summary>The report, across its versions.</summary>
    public Guid ReportId { get; set; }

    /// <summary>The day covered.</summary>
    public DateOnly ReportDate { get; set; }

    /// <summary>1, 2, 3…</summary>
    public int Version { get; set; }

    /// <summary>Whether this is the version that counts.</summary>
    public bool IsLatest { get; set; }

    /// <summary>When it was accepted.</summary>
    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>An exercise report: versioned apart from the day's real report.</summary>
    public bool Exercise { get; set; }

    /// <summary>The <see cref="DailyFlowReport"/> as JSON.</summary>
    public required string Report { get; set; }
}

internal sealed class StoredReportVersionConfiguration : IEntityTypeConfiguration<StoredReportVersion>
{
    public void Configure(EntityTypeBuilder<StoredReportVersion> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.ReportDate, r.Exercise, r.Version }).IsUnique();
        builder.HasIndex(r => new { r.IsLatest, r.ReportDate });
        builder.HasIndex(r => new { r.ReportId, r.Version });
    }
}
