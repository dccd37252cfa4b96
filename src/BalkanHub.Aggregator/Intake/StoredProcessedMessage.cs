using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.Aggregator.Intake;

/// <summary>A message id the aggregator has processed.</summary>
public sealed class StoredProcessedMessage
{
    /// <summary>The MassTransit MessageId.</summary>
    public Guid MessageId { get; set; }

    /// <summary>The contract name.</summary>
    public required string MessageType { get; set; }

    /// <summary>When it was processed.</summary>
    public DateTimeOffset ProcessedAt { get; set; }
}

internal sealed class StoredProcessedMessageConfiguration : IEntityTypeConfiguration<StoredProcessedMessage>
{
    public void Configure(EntityTypeBuilder<StoredProcessedMessage> builder)
    {
        builder.HasKey(m => m.MessageId);
        // Retention deletes by agbuilder.
        builder.HasIndex(m => m.ProcessedAt);
    }
}
