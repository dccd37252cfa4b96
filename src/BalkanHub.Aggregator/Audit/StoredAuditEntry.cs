using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.Aggregator.Audit;

/// <summary>
/// One entry of the audit trail. Each entry's hash covers its fields and the previous entry's hash, so
/// removing or altering any entry breaks every hash after it.
/// </summary>
public sealed class StoredAuditEntry
{
    /// <summary>Position in the trail: 1, 2, 3… without gaps.</summary>
    public long Sequence { get; set; }

    /// <summary>When the action happened.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The service that saw the action: <c>aggregator</c> or a contact point such as <c>contact-point-gr</c>.</summary>
    public required string RecordedBy { get; set; }

    /// <summary>The person (token subject), a broker user, or <c>anonymous</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>The participant the actor acts for.</summary>
    public string? ActorCountry { get; set; }

    /// <summary>The actor's role.</summary>
    public string? Role { get; set; }

    /// <summary>What was attempted.</summary>
    public required string Action { get; set; }

    /// <summary>What it was done to.</summary>
    public string? Target { get; set; }

    /// <summary>Where it came from: a client address or a broker user.</summary>
    public string? Origin { get; set; }

    /// <summary>How it ended.</summary>
    public required string Outcome { get; set; }

    /// <summary>Why, when it was refused.</summary>
    public string? Details { get; set; }

    /// <summary>The previous entry's hash (hex), or empty for the first.</summary>
    public required string PreviousHash { get; set; }

    /// <summary>SHA-256 (hex) of this entry's canonical form, previous hash included.</summary>
    public required string Hash { get; set; }
}

/// <summary>
/// Where the audit trail starts after retention pruned the entries before it: the first entry kept and
/// the hash of the last one pruned, which that entry names as its predecessor.
/// </summary>
public sealed class StoredAuditCheckpoint
{
    /// <summary>Always 1: a single row.</summary>
    public int Id { get; set; } = 1;

    /// <summary>The first sequence still in the trail.</summary>
    public long FirstSequence { get; set; }

    /// <summary>The hash of entry <see cref="FirstSequence"/> − 1, the last one pruned.</summary>
    public required string PreviousHash { get; set; }

    /// <summary>When the trail was last pruned.</summary>
    public DateTimeOffset PrunedAt { get; set; }
}

internal sealed class StoredAuditEntryConfiguration : IEntityTypeConfiguration<StoredAuditEntry>
{
    public void Configure(EntityTypeBuilder<StoredAuditEntry> builder)
    {
        builder.HasKey(a => a.Sequence);
        builder.Property(a => a.Sequence).ValueGeneratedNever();
        builder.HasIndex(a => new { a.Actor, a.Sequence });
        builder.HasIndex(a => new { a.Action, a.Sequence });
        // Retention looks for the first entry recent enough to keep.
        builder.HasIndex(a => a.At);
    }
}

internal sealed class StoredAuditCheckpointConfiguration : IEntityTypeConfiguration<StoredAuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<StoredAuditCheckpoint> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
    }
}
