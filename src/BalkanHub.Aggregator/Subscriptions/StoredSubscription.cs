using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.Aggregator.Subscriptions;

/// <summary>
/// A participant's wish to receive a source's items of one kind beyond its neighbours'. Removing one keeps
/// the row (with when and by whom), so the route file's seed does not bring back what a participant removed.
/// </summary>
public sealed class StoredSubscription
{
    /// <summary>The <see cref="Source"/> that stands for every participant on the route.</summary>
    public const string AnySource = "*";

    /// <summary>The <see cref="Origin"/> of those seeded from the route file.</summary>
    public const string FromRoute = "route";

    /// <summary>The <see cref="Origin"/> of those made through the API.</summary>
    public const string FromApi = "api";

    /// <summary>The kinds a participant may subscribe to; alerts, acknowledgements and assistance go to those they concern.</summary>
    public static readonly IReadOnlyList<RelayedItemKind> Kinds = [RelayedItemKind.DailyReport, RelayedItemKind.Measure];

    public Guid Id { get; set; }

    public required string Subscriber { get; set; }

    /// <summary>A participant's code, or <see cref="AnySource"/>.</summary>
    public required string Source { get; set; }

    public RelayedItemKind Kind { get; set; }

    /// <summary><see cref="FromRoute"/> or <see cref="FromApi"/>.</summary>
    public required string Origin { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset? RemovedAt { get; set; }

    public string? RemovedBy { get; set; }

    /// <summary>
    /// Who subscribed to <paramref name="source"/>'s items of <paramref name="kind"/>, read in the relaying
    /// transaction so a change applies to the very next item, on every aggregator replica.
    /// </summary>
    public static Task<List<string>> SubscribersAsync(AggregatorDb db, string source, RelayedItemKind kind, CancellationToken cancellationToken) =>
        db.Subscriptions.AsNoTracking()
            .Where(s => s.RemovedAt == null && s.Kind == kind && (s.Source == source || s.Source == AnySource))
            .Select(s => s.Subscriber).Distinct().ToListAsync(cancellationToken);
}

internal sealed class StoredSubscriptionConfiguration : IEntityTypeConfiguration<StoredSubscription>
{
    public void Configure(EntityTypeBuilder<StoredSubscription> builder)
    {
        builder.HasKey(s => s.Id);
        // One live subscription per subscriber, source and kind: two replicas seeding at once cannot both add it.
        builder.HasIndex(s => new { s.Subscriber, s.Source, s.Kind }).IsUnique().HasFilter("\"RemovedAt\" IS NULL");
        builder.HasIndex(s => new { s.Source, s.Kind });
        builder.Property(s => s.Subscriber).HasMaxLength(16);
        builder.Property(s => s.Source).HasMaxLength(16);
        builder.Property(s => s.Origin).HasMaxLength(16);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.Property(s => s.RemovedBy).HasMaxLength(200);
    }
}
