using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BalkanHub.ContactPoint.Notifications;

/// <summary>An urgent item to deliver to one webhook or to the email addresses.</summary>
public sealed class StoredNotification
{
    /// <summary>Row id, also the delivery id the receiver sees.</summary>
    public long Id { get; set; }

    /// <summary>The inbox item it is about.</summary>
    public long Sequence { get; set; }

    /// <summary><c>webhook</c> or <c>email</c>.</summary>
    public required string Channel { get; set; }

    /// <summary>The webhook URL, or the email addresses.</summary>
    public required string Target { get; set; }

    /// <summary><c>pending</c>, <c>delivered</c> or <c>failed</c> (given up after a day).</summary>
    public required string Status { get; set; }

    /// <summary>Delivery attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When it was queued.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When to try next.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>When it was delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>The last failure.</summary>
    public string? LastError { get; set; }
}

/// <summary>One attempt to deliver a notification, kept for the officers and the operators.</summary>
public sealed class StoredNotificationAttempt
{
    public long Id { get; set; }

    /// <summary>The notification.</summary>
    public long NotificationId { get; set; }

    /// <summary>When it was tried.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Whether it was delivered.</summary>
    public bool Succeeded { get; set; }

    /// <summary>The HTTP status or SMTP answer, or the error.</summary>
    public required string Outcome { get; set; }
}

internal sealed class StoredNotificationConfiguration : IEntityTypeConfiguration<StoredNotification>
{
    public void Configure(EntityTypeBuilder<StoredNotification> builder)
    {
        builder.HasKey(n => n.Id);
        builder.HasIndex(n => new { n.Status, n.NextAttemptAt });
        builder.HasIndex(n => n.CreatedAt);
    }
}

internal sealed class StoredNotificationAttemptConfiguration : IEntityTypeConfiguration<StoredNotificationAttempt>
{
    public void Configure(EntityTypeBuilder<StoredNotificationAttempt> builder)
    {
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.NotificationId);
    }
}
