using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.Aggregator.FeedLinks;

/// <summary>
/// A revocable, read-only link to one participant's feeds, for readers that cannot send a bearer token
/// (feed readers, national alerting systems). Only the SHA-256 of its secret is stored.
/// </summary>
public sealed class StoredFeedLink
{
    public Guid Id { get; set; }

    /// <summary>Whose relayed items it serves; EU serves the route's.</summary>
    public required string Participant { get; set; }

    /// <summary>What it is for, as its maker said.</summary>
    public required string Label { get; set; }

    /// <summary>The secret's SHA-256, in lower-case hex: what a request's secret is looked up by.</summary>
    public required string SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The subject of the officer who made it.</summary>
    public required string CreatedBy { get; set; }

    /// <summary>The last fetch through it.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>When it was revoked; from then on it answers 404.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class StoredFeedLinkConfiguration : IEntityTypeConfiguration<StoredFeedLink>
{
    public void Configure(EntityTypeBuilder<StoredFeedLink> builder)
    {
        builder.HasKey(l => l.Id);
        builder.HasIndex(l => l.SecretHash).IsUnique();
        builder.HasIndex(l => l.Participant);
        builder.Property(l => l.Participant).HasMaxLength(16);
        builder.Property(l => l.Label).HasMaxLength(200);
        builder.Property(l => l.SecretHash).HasMaxLength(64);
        builder.Property(l => l.CreatedBy).HasMaxLength(200);
    }
}
