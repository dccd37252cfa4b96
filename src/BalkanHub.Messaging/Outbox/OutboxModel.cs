using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BalkanHub.Messaging.Outbox;

/// <summary>A DbContext that holds an outbox.</summary>
public interface IOutboxDbContext
{
    /// <summary>The outbox table.</summary>
    DbSet<OutboxMessage> OutboxMessages { get; }

    /// <summary>Saves tracked changes (the DbContext's own).</summary>
    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

/// <summary>Mapping of the outbox table, and writing to it.</summary>
public static class OutboxModel
{
    /// <summary>The options message bodies are stored with; the dispatcher reads them back with the same.</summary>
    public static JsonSerializerOptions BodyOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Maps <see cref="OutboxMessage"/> in a model.</summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("OutboxMessages");
            e.HasKey(m => m.Id);
            e.HasIndex(m => m.MessageId).IsUnique();
            // The dispatcher only ever looks for what is still waiting.
            e.HasIndex(m => new { m.DispatchedAt, m.Id });
            e.Property(m => m.Stream).HasMaxLength(64);
            e.Property(m => m.Destination).HasMaxLength(255);
            e.Property(m => m.MessageType).HasMaxLength(255);
        });
        return modelBuilder;
    }

    /// <summary>Adds a message to publish by its type (an event), in the caller's transaction.</summary>
    public static OutboxMessage Publish<T>(this IOutboxDbContext db, T message, string stream, DateTimeOffset now) where T : class =>
        Add(db, message, stream, destination: null, now);

    /// <summary>Adds a message to send to one recipient's exchange, in the caller's transaction.</summary>
    public static OutboxMessage Send<T>(this IOutboxDbContext db, T message, string destination, string stream, DateTimeOffset now) where T : class =>
        Add(db, message, stream, destination, now);

    static OutboxMessage Add<T>(IOutboxDbContext db, T message, string stream, string? destination, DateTimeOffset now) where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = new OutboxMessage
        {
            MessageId = NewId.NextGuid(),
            Stream = stream,
            Destination = destination,
            MessageType = $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}",
            Body = JsonSerializer.Serialize(message, BodyOptions),
            TraceParent = Activity.Current?.Id,
            CreatedAt = now,
        };
        db.OutboxMessages.Add(row);
        return row;
    }
}
