using BalkanHub.Domain.Assistance;
using BalkanHub.Domain.Validation;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.Aggregator.Assistance;

/// <summary>A needs analysis, as it stands.</summary>
public sealed class StoredNeedsAnalysis
{
    /// <summary>The analysis.</summary>
    public Guid NeedsAnalysisId { get; set; }

    /// <summary>The country in need.</summary>
    public required string Country { get; set; }

    /// <summary>When it was opened.</summary>
    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>When it is due: 24 hours after it was opened.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary><c>open</c>, <c>requested</c> (turned into a request) or <c>closed</c>.</summary>
    public NeedsAnalysisStatus Status { get; set; }

    /// <summary>The request it became.</summary>
    public Guid? RequestId { get; set; }

    /// <summary>When the Commission was told it was overdue.</summary>
    public DateTimeOffset? OverdueAt { get; set; }

    /// <summary>The <see cref="NeedsAnalysisOpened"/> message, as JSON.</summary>
    public required string Payload { get; set; }

    /// <summary>Exercise traffic: relayed and marked, kept out of commitments and compliance.</summary>
    public bool Exercise { get; set; }
}

/// <summary>An assistance request, as it stands.</summary>
public sealed class StoredRequest : StoredRequestFacts
{
    /// <summary>The request.</summary>
    public Guid RequestId { get; set; }

    /// <summary>When anything about it or its offers last changed; it lapses when this grows old.</summary>
    public DateTimeOffset LastChangeAt { get; set; }

    /// <summary>When it was closed, withdrawn or lapsed.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The plan points, as <c>|3|7|</c>.</summary>
    public string? PlanPoints { get; set; }
}

/// <summary>An offer against a request, as it stands.</summary>
public sealed class StoredOffer : StoredOfferFacts
{
    /// <summary>The offer.</summary>
    public Guid OfferId { get; set; }

    /// <summary>When it was delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }
}

internal sealed class StoredNeedsAnalysisConfiguration : IEntityTypeConfiguration<StoredNeedsAnalysis>
{
    public void Configure(EntityTypeBuilder<StoredNeedsAnalysis> builder)
    {
        builder.HasKey(n => n.NeedsAnalysisId);
        // Stored by its wire name, as the rows before the enum were.
        builder.Property(n => n.Status).HasConversion(v => EnumNames.NameOf(v), v => EnumNames.Parse<NeedsAnalysisStatus>(v));
        builder.HasIndex(n => new { n.Status, n.DueAt });
        builder.Property(n => n.Country).HasMaxLength(16);
    }
}

internal sealed class StoredRequestConfiguration : IEntityTypeConfiguration<StoredRequest>
{
    public void Configure(EntityTypeBuilder<StoredRequest> builder)
    {
        builder.HasKey(r => r.RequestId);
        builder.HasIndex(r => new { r.Status, r.LastChangeAt });
        builder.Property(r => r.Country).HasMaxLength(16);
    }
}

internal sealed class StoredOfferConfiguration : IEntityTypeConfiguration<StoredOffer>
{
    public void Configure(EntityTypeBuilder<StoredOffer> builder)
    {
        builder.HasKey(o => o.OfferId);
        builder.HasIndex(o => o.RequestId);
        builder.HasIndex(o => new { o.Requester, o.Status });
        builder.Property(o => o.Offerer).HasMaxLength(16);
        builder.Property(o => o.Requester).HasMaxLength(16);
    }
}
