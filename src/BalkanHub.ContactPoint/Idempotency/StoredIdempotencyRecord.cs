using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.ContactPoint.Idempotency;

/// <summary>The answer given to a request with an <c>Idempotency-Key</c>, replayed on a retry.</summary>
public sealed class StoredIdempotencyRecord
{
    /// <summary>The client's key.</summary>
    public required string Key { get; set; }

    /// <summary>Method and route the key was used on.</summary>
    public required string Operation { get; set; }

    /// <summary>SHA-256 of the request body, to refuse the key's reuse for another request.</summary>
    public required string RequestHash { get; set; }

    /// <summary>The status code answered.</summary>
    public int StatusCode { get; set; }

    /// <summary>The body answered, as JSON.</summary>
    public required string Response { get; set; }

    /// <summary>Where the created resource is.</summary>
    public string? Location { get; set; }

    /// <summary>When it was first answered.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class StoredIdempotencyRecordConfiguration : IEntityTypeConfiguration<StoredIdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<StoredIdempotencyRecord> builder)
    {
        builder.HasKey(r => r.Key);
        // Retention deletes by agbuilder.
        builder.HasIndex(r => r.CreatedAt);
    }
}
