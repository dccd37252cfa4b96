using Microsoft.EntityFrameworkCore.Design;
using BalkanHub.ContactPoint.Inbox;
using BalkanHub.ContactPoint.Notifications;
using BalkanHub.ContactPoint.Reports;
using BalkanHub.ContactPoint.Idempotency;

using BalkanHub.ContactPoint.Assistance;
using BalkanHub.ContactPoint.Measures;

using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;

namespace BalkanHub.ContactPoint.Data;

/// <summary>The contact point's own store: its reports and measures, its inbox, and its outbox.</summary>
public sealed class ContactPointDb(DbContextOptions<ContactPointDb> options) : DbContext(options), IOutboxDbContext, IDataProtectionKeyContext
{
    /// <summary>The keys that protect sign-in cookies and antiforgery tokens, kept across restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Every version of every daily report this country posted.</summary>
    public DbSet<StoredReportVersion> Reports => Set<StoredReportVersion>();

    /// <summary>This country's measures, as they stand now.</summary>
    public DbSet<StoredMeasure> Measures => Set<StoredMeasure>();

    /// <summary>Every revision of every measure.</summary>
    public DbSet<StoredMeasureRevision> MeasureRevisions => Set<StoredMeasureRevision>();

    /// <summary>Items relayed to this country, by the sequence the aggregator gave them.</summary>
    public DbSet<StoredInboxItem> Inbox => Set<StoredInboxItem>();

    /// <summary>This country's needs analyses.</summary>
    public DbSet<StoredNeedsAnalysis> NeedsAnalyses => Set<StoredNeedsAnalysis>();

    /// <summary>Requests this contact point knows of: its own and those relayed to it.</summary>
    public DbSet<StoredRequest> AssistanceRequests => Set<StoredRequest>();

    /// <summary>Offers this contact point knows of: its own and those against its requests.</summary>
    public DbSet<StoredOffer> AssistanceOffers => Set<StoredOffer>();

    /// <summary>How far the inbox is complete without gaps.</summary>
    public DbSet<StoredInboxWatermark> InboxWatermarks => Set<StoredInboxWatermark>();

    /// <summary>Answers already given to requests with an <c>Idempotency-Key</c>.</summary>
    public DbSet<StoredIdempotencyRecord> IdempotencyRecords => Set<StoredIdempotencyRecord>();

    /// <summary>Urgent items to bring to officers outside the app, by webhook or email.</summary>
    public DbSet<StoredNotification> Notifications => Set<StoredNotification>();

    /// <summary>Every attempt to deliver a notification.</summary>
    public DbSet<StoredNotificationAttempt> NotificationAttempts => Set<StoredNotificationAttempt>();

    /// <inheritdoc />
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot compare DateTimeOffset text; stored as a number (all times here are UTC), the
        // notification sender asks for what is due in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Each entity is mapped beside its feature (Reports/StoredReportVersion.cs, Inbox/StoredInboxItem.cs, ...).
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ContactPointDb).Assembly);
        modelBuilder.AddOutbox();
    }
}

/// <summary>
/// What <c>dotnet ef migrations add</c> builds the model with. Adding a migration needs no database; the
/// file named here is only opened by <c>dotnet ef database update</c>.
/// </summary>
public sealed class ContactPointDbFactory : IDesignTimeDbContextFactory<ContactPointDb>
{
    /// <inheritdoc />
    public ContactPointDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ContactPointDb>().UseSqlite("Data Source=contact-point.db").Options);
}
