using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.Aggregator.Admin;

/// <summary>A message that could not be processed, taken from an error queue.</summary>
public sealed class StoredDeadLetter
{
    public long Id { get; set; }

    /// <summary>The queue it was meant for, such as <c>aggregator</c> or <c>contact-point-gr</c>.</summary>
    public required string Queue { get; set; }

    /// <summary>Its message id, when it has one.</summary>
    public string? MessageId { get; set; }

    /// <summary>Its message types, as MassTransit names them, when known.</summary>
    public string? MessageType { get; set; }

    /// <summary>Why it was parked: the exception's message, or the broker's dead-letter reason.</summary>
    public required string Reason { get; set; }

    /// <summary>The exception type, when a consumer failed.</summary>
    public string? ExceptionType { get; set; }

    /// <summary>How many times MassTransit retried it before parking it.</summary>
    public int? Retries { get; set; }

    /// <summary>The AMQP properties and headers, as JSON.</summary>
    public required string Headers { get; set; }

    /// <summary>The body, exactly as it was.</summary>
    public required byte[] Body { get; set; }

    /// <summary>Identifies one parking of one message, so a redelivery is not stored twice.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>When it was taken from the error queue.</summary>
    public DateTimeOffset ParkedAt { get; set; }

    /// <summary>parked, replayed or discarded.</summary>
    public required string Status { get; set; }

    /// <summary>When an operator replayed or discarded it.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>Who did.</summary>
    public string? ResolvedBy { get; set; }

    /// <summary>Why it was discarded.</summary>
    public string? Resolution { get; set; }
}

internal sealed class StoredDeadLetterConfiguration : IEntityTypeConfiguration<StoredDeadLetter>
{
    public void Configure(EntityTypeBuilder<StoredDeadLetter> builder)
    {
        builder.HasKey(d => d.Id);
        builder.HasIndex(d => d.Fingerprint).IsUnique();
        builder.HasIndex(d => new { d.Status, d.Id });
        builder.HasIndex(d => d.ResolvedAt);
    }
}
