using BalkanHub.Contracts;
using BalkanHub.ServiceDefaults.Outbox;
using Microsoft.EntityFrameworkCore;
using BalkanHub.ServiceDefaults.Hosting;
using Microsoft.EntityFrameworkCore.Design;

namespace BalkanHub.ContactPoint.Data;

/// <summary>The contact point's own store: its reports and measures, its inbox, and its outbox.</summary>
public sealed class ContactPointDb(DbContextOptions<ContactPointDb> options) : DbContext(options), IOutboxDbContext
{
    /// <summary>Every version of every daily report this country posted.</summary>
    public DbSet<ReportVersion> Reports => Set<ReportVersion>();

    /// <summary>This country's measures, as they stand now.</summary>
    public DbSet<Measure> Measures => Set<Measure>();

    /// <summary>Every revision of every measure.</summary>
    public DbSet<MeasureRevision> MeasureRevisions => Set<MeasureRevision>();

    /// <summary>Items relayed to this country, by the sequence the aggregator gave them.</summary>
    public DbSet<InboxItem> Inbox => Set<InboxItem>();

    /// <summary>This country's needs analyses.</summary>
    public DbSet<Assistance.NeedsAnalysisRow> NeedsAnalyses => Set<Assistance.NeedsAnalysisRow>();

    /// <summary>Requests this contact point knows of: its own and those relayed to it.</summary>
    public DbSet<Assistance.RequestRow> AssistanceRequests => Set<Assistance.RequestRow>();

    /// <summary>Offers this contact point knows of: its own and those against its requests.</summary>
    public DbSet<Assistance.OfferRow> AssistanceOffers => Set<Assistance.OfferRow>();

    /// <summary>How far the inbox is complete without gaps.</summary>
    public DbSet<InboxWatermark> InboxWatermarks => Set<InboxWatermark>();

    /// <summary>Answers already given to requests with an <c>Idempotency-Key</c>.</summary>
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>Urgent items to bring to officers outside the app, by webhook or email.</summary>
    public DbSet<Notification> Notifications => Set<Notification>();

    /// <summary>Every attempt to deliver a notification.</summary>
    public DbSet<NotificationAttempt> NotificationAttempts => Set<NotificationAttempt>();

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
        modelBuilder.Entity<Assistance.NeedsAnalysisRow>(e => e.HasKey(n => n.Id));
        modelBuilder.Entity<Assistance.RequestRow>(e =>
        {
            e.HasKey(r => r.Id);
            e.HasIndex(r => new { r.Country, r.Status });
        });
        modelBuilder.Entity<Assistance.OfferRow>(e =>
        {
            e.HasKey(o => o.Id);
            e.HasIndex(o => o.RequestId);
        });
        modelBuilder.Entity<ReportVersion>(e =>
        {
            e.HasKey(r => r.Id);
            e.HasIndex(r => new { r.ReportDate, r.Exercise, r.Version }).IsUnique();
            e.HasIndex(r => new { r.IsLatest, r.ReportDate });
            e.HasIndex(r => new { r.ReportId, r.Version });
        });
        modelBuilder.Entity<Measure>(e =>
        {
            e.HasKey(m => m.Number);
            e.HasIndex(m => m.MeasureId).IsUnique();
            // Two officers updating the same measure at once: the second gets 409, not a lost update.
            e.Property(m => m.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<MeasureRevision>(e =>
        {
            e.HasKey(r => r.Id);
            e.HasIndex(r => new { r.MeasureId, r.Revision }).IsUnique();
        });
        modelBuilder.Entity<InboxItem>(e =>
        {
            e.HasKey(i => i.Sequence);
            e.Property(i => i.Sequence).ValueGeneratedNever();
            e.HasIndex(i => i.ItemKey);
        });
        modelBuilder.Entity<InboxWatermark>(e =>
        {
            e.HasKey(w => w.Id);
            e.Property(w => w.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.HasKey(r => r.Key);
            // Retention deletes by age.
            e.HasIndex(r => r.CreatedAt);
        });
        modelBuilder.Entity<Notification>(e =>
        {
            e.HasKey(n => n.Id);
            e.HasIndex(n => new { n.Status, n.NextAttemptAt });
            e.HasIndex(n => n.CreatedAt);
        });
        modelBuilder.Entity<NotificationAttempt>(e =>
        {
            e.HasKey(a => a.Id);
            e.HasIndex(a => a.NotificationId);
        });
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

/// <summary>One version of a daily report, as accepted.</summary>
public sealed class ReportVersion
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The report, across its versions.</summary>
    public Guid ReportId { get; set; }

    /// <summary>The day covered.</summary>
    public DateOnly ReportDate { get; set; }

    /// <summary>1, 2, 3…</summary>
    public int Version { get; set; }

    /// <summary>Whether this is the version that counts.</summary>
    public bool IsLatest { get; set; }

    /// <summary>When it was accepted.</summary>
    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>The <see cref="DailyFlowReport"/> as JSON.</summary>
    /// <summary>An exercise report: versioned apart from the day's real report.</summary>
    public bool Exercise { get; set; }

    public required string Report { get; set; }
}

/// <summary>A measure as it stands now.</summary>
public sealed class Measure
{
    /// <summary>Local order of announcement, used as the list cursor.</summary>
    public long Number { get; set; }

    /// <summary>The measure's id.</summary>
    public Guid MeasureId { get; set; }

    /// <summary>The latest revision.</summary>
    public int Revision { get; set; }

    /// <summary>Status stored at the latest transition.</summary>
    public MeasureStatus Status { get; set; }

    /// <summary>The latest <see cref="MeasureNotice"/> as JSON.</summary>
    public required string Notice { get; set; }
}

/// <summary>One revision of a measure: the announcement or a later transition.</summary>
public sealed class MeasureRevision
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The measure.</summary>
    public Guid MeasureId { get; set; }

    /// <summary>1 for the announcement, then one more per transition.</summary>
    public int Revision { get; set; }

    /// <summary>announced, updated, cancelled or lifted.</summary>
    public required string Transition { get; set; }

    /// <summary>When the transition was accepted.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Why, in the officer's words.</summary>
    public string? Reason { get; set; }

    /// <summary>The <see cref="MeasureNotice"/> after the transition, as JSON.</summary>
    public required string Notice { get; set; }
}

/// <summary>An item the aggregator relayed to this country.</summary>
public sealed class InboxItem
{
    /// <summary>This country's sequence number for the item, assigned by the aggregator.</summary>
    public long Sequence { get; set; }

    /// <summary>The relay message's id.</summary>
    public Guid MessageId { get; set; }

    /// <summary>What kind of item.</summary>
    public RelayedItemKind Kind { get; set; }

    /// <summary>The item's stable key.</summary>
    public required string ItemKey { get; set; }

    /// <summary>Who it came from.</summary>
    public required string Source { get; set; }

    /// <summary>The contract name of the payload.</summary>
    public required string MessageType { get; set; }

    /// <summary>Whether this country must acknowledge it.</summary>
    public bool RequiresAcknowledgement { get; set; }

    /// <summary>When the aggregator relayed it.</summary>
    public DateTimeOffset RelayedAt { get; set; }

    /// <summary>When it arrived here.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>When this country acknowledged it.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>When this country's acknowledgement is due, for items that need one.</summary>
    public DateTimeOffset? AcknowledgeBy { get; set; }

    /// <summary>The hub's estimate of what the measure does to this country, as JSON, for caps and closures.</summary>
    public string? ChainReaction { get; set; }

    /// <summary>Exercise traffic: shown marked as such.</summary>
    public bool Exercise { get; set; }

    /// <summary>The original message, as JSON.</summary>
    public required string Payload { get; set; }
}

/// <summary>
/// The highest sequence up to which the inbox has no gaps. Relays can arrive out of order (concurrent
/// consumers, redeliveries), and a client reading "after N" must never skip an item that arrives
/// late, so the inbox shows items only up to this mark.
/// </summary>
public sealed class InboxWatermark
{
    /// <summary>Always 1: a single row.</summary>
    public int Id { get; set; } = 1;

    /// <summary>Every sequence up to this one is present.</summary>
    public long Contiguous { get; set; }
}

/// <summary>An urgent item to deliver to one webhook or to the email addresses.</summary>
public sealed class Notification
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
public sealed class NotificationAttempt
{
    /// <summary>Row id.</summary>
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

/// <summary>The answer given to a request with an <c>Idempotency-Key</c>, replayed on a retry.</summary>
public sealed class IdempotencyRecord
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
