using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.Aggregator.Commitments;

/// <summary>An owner's report of progress on a commitment: the total reached so far.</summary>
public sealed class StoredCommitmentProgress
{
    public long Id { get; set; }

    /// <summary>The commitment.</summary>
    public required string CommitmentId { get; set; }

    /// <summary>The total reached, in the commitment's unit.</summary>
    public int Value { get; set; }

    /// <summary>How it was reached, in the owner's words.</summary>
    public string? Note { get; set; }

    /// <summary>Who reported it (token subject).</summary>
    public required string Reporter { get; set; }

    /// <summary>For which participant.</summary>
    public required string ReporterCountry { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset ReportedAt { get; set; }
}

internal sealed class StoredCommitmentProgressConfiguration : IEntityTypeConfiguration<StoredCommitmentProgress>
{
    public void Configure(EntityTypeBuilder<StoredCommitmentProgress> builder)
    {
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => new { p.CommitmentId, p.ReportedAt });
    }
}
