using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.Aggregator.Reports;

/// <summary>One version of a country's daily report.</summary>
public sealed class StoredReport
{
    public long Id { get; set; }

    /// <summary>The report across its versions, as the contact point named it.</summary>
    public Guid ReportId { get; set; }

    /// <summary>Reporting country.</summary>
    public required string Country { get; set; }

    /// <summary>The day covered.</summary>
    public DateOnly ReportDate { get; set; }

    /// <summary>1, 2, 3…</summary>
    public int Version { get; set; }

    /// <summary>Whether this is the version that counts: the highest relayed.</summary>
    public bool IsLatest { get; set; }

    /// <summary>
    /// Whether it was relayed. A version that overtook an earlier one on the bus waits until the earlier
    /// one arrives, so recipients always see corrections in order.
    /// </summary>
    public bool Relayed { get; set; }

    /// <summary>The message id it arrived with.</summary>
    public Guid MessageId { get; set; }

    /// <summary>When the contact point accepted it.</summary>
    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>When the aggregator stored it.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>An exercise report: relayed and marked, counted nowhere (see the model's query filter).</summary>
    public bool Exercise { get; set; }

    /// <summary>Arrivals total, kept as a column for aggregation in SQL.</summary>
    public int Arrivals { get; set; }

    /// <summary>Departures total.</summary>
    public int Departures { get; set; }

    /// <summary>People present at the end of the day.</summary>
    public int PeoplePresent { get; set; }

    /// <summary>People registered.</summary>
    public int Registered { get; set; }

    /// <summary>Asylum applications lodged.</summary>
    public int AsylumApplications { get; set; }

    /// <summary>Men among the arrivals.</summary>
    public int Men { get; set; }

    /// <summary>Women among the arrivals.</summary>
    public int Women { get; set; }

    /// <summary>Children among the arrivals.</summary>
    public int Children { get; set; }

    /// <summary>Unaccompanied children among the arrivals.</summary>
    public int UnaccompaniedChildren { get; set; }

    /// <summary>Reception places.</summary>
    public int CapacityTotal { get; set; }

    /// <summary>Reception places occupied.</summary>
    public int CapacityOccupied { get; set; }

    /// <summary>When the day's report was due.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>Whether this version was submitted by <see cref="DueAt"/>. The first version decides the day's punctuality.</summary>
    public bool OnTime { get; set; }

    /// <summary>The whole <see cref="DailyReportSubmitted"/> message, as JSON.</summary>
    public required string Message { get; set; }
}

/// <summary>Whether a flow entered or left the reporting country.</summary>
public enum FlowDirection
{
    /// <summary>Arrivals from the neighbour.</summary>
    In,

    /// <summary>Departures toward the neighbour.</summary>
    Out,
}

/// <summary>How many people one report version says crossed one of its borders, in one direction.</summary>
public sealed class StoredReportFlow
{
    public long Id { get; set; }

    /// <summary>The report version.</summary>
    public long ReportRowId { get; set; }

    /// <summary>The report version.</summary>
    public StoredReport Report { get; set; } = null!;

    /// <summary>The reporting country.</summary>
    public required string Country { get; set; }

    /// <summary>The day.</summary>
    public DateOnly ReportDate { get; set; }

    /// <summary>The neighbour on the other side of the border.</summary>
    public required string Neighbour { get; set; }

    /// <summary>In or out.</summary>
    public FlowDirection Direction { get; set; }

    /// <summary>People.</summary>
    public int Count { get; set; }
}

/// <summary>One nationality's count in one report version.</summary>
public sealed class StoredReportNationality
{
    public long Id { get; set; }

    /// <summary>The report version.</summary>
    public long ReportRowId { get; set; }

    /// <summary>The report version.</summary>
    public StoredReport Report { get; set; } = null!;

    /// <summary>The reporting country.</summary>
    public required string Country { get; set; }

    /// <summary>The day.</summary>
    public DateOnly ReportDate { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code of the nationality.</summary>
    public required string Nationality { get; set; }

    /// <summary>People.</summary>
    public int Count { get; set; }
}

internal sealed class StoredReportConfiguration : IEntityTypeConfiguration<StoredReport>
{
    public void Configure(EntityTypeBuilder<StoredReport> builder)
    {
        builder.HasKey(r => r.Id);
        // The business identity: a re-sent report is recognised even under a new message id.
        builder.HasIndex(r => new { r.Country, r.ReportDate, r.Exercise, r.Version }).IsUnique();
        // Exercise reports are relayed and marked, and counted nowhere: every query of the figures skips them,
        // and only intake, which versions them, asks for them with IgnoreQueryFilters.
        builder.HasQueryFilter(r => !r.Exercise);
        builder.HasIndex(r => new { r.IsLatest, r.ReportDate, r.Country });
        builder.HasIndex(r => r.ReportId);
        builder.HasIndex(r => new { r.Version, r.ReportDate, r.Country });
        builder.Property(r => r.Country).HasMaxLength(16);
    }
}

internal sealed class StoredReportFlowConfiguration : IEntityTypeConfiguration<StoredReportFlow>
{
    public void Configure(EntityTypeBuilder<StoredReportFlow> builder)
    {
        builder.HasKey(f => f.Id);
        builder.HasOne(f => f.Report).WithMany().HasForeignKey(f => f.ReportRowId);
        builder.HasQueryFilter(f => !f.Report.Exercise);
        builder.HasIndex(f => new { f.ReportDate, f.Country, f.Neighbour });
        builder.HasIndex(f => f.ReportRowId);
        builder.Property(f => f.Country).HasMaxLength(16);
        builder.Property(f => f.Neighbour).HasMaxLength(16);
    }
}

internal sealed class StoredReportNationalityConfiguration : IEntityTypeConfiguration<StoredReportNationality>
{
    public void Configure(EntityTypeBuilder<StoredReportNationality> builder)
    {
        builder.HasKey(n => n.Id);
        builder.HasOne(n => n.Report).WithMany().HasForeignKey(n => n.ReportRowId);
        builder.HasQueryFilter(n => !n.Report.Exercise);
        builder.HasIndex(n => new { n.ReportDate, n.Country });
        builder.HasIndex(n => n.ReportRowId);
        builder.Property(n => n.Country).HasMaxLength(16);
        builder.Property(n => n.Nationality).HasMaxLength(16);
    }
}
