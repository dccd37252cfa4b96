using BalkanHub.Contracts;
using BalkanHub.ServiceDefaults.Outbox;
using Microsoft.EntityFrameworkCore;
using BalkanHub.ServiceDefaults.Hosting;
using Microsoft.EntityFrameworkCore.Design;

namespace BalkanHub.Aggregator.Data;

/// <summary>
/// The aggregator's store: every item received, every relay with its per-recipient sequence, and the
/// outbox the relays leave through.
/// </summary>
/// <remarks>
/// The model differs by provider (times are UTC ticks on SQLite), and EF Core keeps one migration set per
/// context type, so each provider has a context of its own, <see cref="SqliteAggregatorDb"/> and
/// <see cref="PostgresAggregatorDb"/>, with its own migrations. Everything else injects this base type.
/// </remarks>
public abstract class AggregatorDb(DbContextOptions options) : DbContext(options), IOutboxDbContext
{
    /// <summary>Message ids already processed: the inbox that makes redeliveries harmless.</summary>
    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();

    /// <summary>Every version of every daily report.</summary>
    public DbSet<StoredReport> Reports => Set<StoredReport>();

    /// <summary>Each report version's flows across each of the reporter's borders, for the picture and reconciliation in SQL.</summary>
    public DbSet<ReportFlow> ReportFlows => Set<ReportFlow>();

    /// <summary>Each report version's nationality breakdown.</summary>
    public DbSet<ReportNationality> ReportNationalities => Set<ReportNationality>();

    /// <summary>Days a country had not reported by the deadline, and when the Commission was told.</summary>
    public DbSet<MissingReport> MissingReports => Set<MissingReport>();

    /// <summary>Needs analyses, with their 24-hour clock.</summary>
    public DbSet<StoredNeedsAnalysis> NeedsAnalyses => Set<StoredNeedsAnalysis>();

    /// <summary>Assistance requests, as they stand.</summary>
    public DbSet<StoredRequest> AssistanceRequests => Set<StoredRequest>();

    /// <summary>Offers against requests, as they stand.</summary>
    public DbSet<StoredOffer> AssistanceOffers => Set<StoredOffer>();

    /// <summary>Explicit progress reports on commitments.</summary>
    public DbSet<CommitmentProgress> CommitmentProgress => Set<CommitmentProgress>();

    /// <summary>Every measure, as it stands after its latest relayed revision.</summary>
    public DbSet<StoredMeasure> Measures => Set<StoredMeasure>();

    /// <summary>Every revision received, relayed or waiting for an earlier one.</summary>
    public DbSet<StoredMeasureRevision> MeasureRevisions => Set<StoredMeasureRevision>();

    /// <summary>Everything relayed, once per item.</summary>
    public DbSet<HubItem> Items => Set<HubItem>();

    /// <summary>Who each item was relayed to, with that recipient's sequence number.</summary>
    public DbSet<Relay> Relays => Set<Relay>();

    /// <summary>The last sequence number given to each recipient.</summary>
    public DbSet<RecipientSequence> RecipientSequences => Set<RecipientSequence>();

    /// <summary>Messages parked in the error queues, for operators to replay or discard.</summary>
    public DbSet<DeadLetter> DeadLetters => Set<DeadLetter>();

    /// <summary>The append-only, hash-chained audit trail.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Where the audit trail starts once retention has pruned its oldest entries: one row, or none.</summary>
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();

    /// <inheritdoc />
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProcessedMessage>(e =>
        {
            e.HasKey(m => m.MessageId);
            // Retention deletes by age.
            e.HasIndex(m => m.ProcessedAt);
        });
        modelBuilder.Entity<StoredReport>(e =>
        {
            e.HasKey(r => r.Id);
            // The business identity: a re-sent report is recognised even under a new message id.
            e.HasIndex(r => new { r.Country, r.ReportDate, r.Exercise, r.Version }).IsUnique();
            // Exercise reports are relayed and marked, and counted nowhere: every query of the figures skips them,
            // and only intake, which versions them, asks for them with IgnoreQueryFilters.
            e.HasQueryFilter(r => !r.Exercise);
            e.HasIndex(r => new { r.IsLatest, r.ReportDate, r.Country });
            e.HasIndex(r => r.ReportId);
            e.HasIndex(r => new { r.Version, r.ReportDate, r.Country });
            e.Property(r => r.Country).HasMaxLength(16);
        });
        modelBuilder.Entity<ReportFlow>(e =>
        {
            e.HasKey(f => f.Id);
            e.HasOne(f => f.Report).WithMany().HasForeignKey(f => f.ReportRowId);
            e.HasQueryFilter(f => !f.Report.Exercise);
            e.HasIndex(f => new { f.ReportDate, f.Country, f.Neighbour });
            e.HasIndex(f => f.ReportRowId);
            e.Property(f => f.Country).HasMaxLength(16);
            e.Property(f => f.Neighbour).HasMaxLength(16);
        });
        modelBuilder.Entity<ReportNationality>(e =>
        {
            e.HasKey(n => n.Id);
            e.HasOne(n => n.Report).WithMany().HasForeignKey(n => n.ReportRowId);
            e.HasQueryFilter(n => !n.Report.Exercise);
            e.HasIndex(n => new { n.ReportDate, n.Country });
            e.HasIndex(n => n.ReportRowId);
            e.Property(n => n.Country).HasMaxLength(16);
            e.Property(n => n.Nationality).HasMaxLength(16);
        });
        modelBuilder.Entity<MissingReport>(e =>
        {
            e.HasKey(m => new { m.Country, m.ReportDate });
            e.Property(m => m.Country).HasMaxLength(16);
        });
        modelBuilder.Entity<StoredNeedsAnalysis>(e =>
        {
            e.HasKey(n => n.NeedsAnalysisId);
            e.HasIndex(n => new { n.Status, n.DueAt });
            e.Property(n => n.Country).HasMaxLength(16);
        });
        modelBuilder.Entity<StoredRequest>(e =>
        {
            e.HasKey(r => r.RequestId);
            e.HasIndex(r => new { r.Status, r.LastChangeAt });
            e.Property(r => r.Country).HasMaxLength(16);
        });
        modelBuilder.Entity<StoredOffer>(e =>
        {
            e.HasKey(o => o.OfferId);
            e.HasIndex(o => o.RequestId);
            e.HasIndex(o => new { o.Requester, o.Status });
            e.Property(o => o.Offerer).HasMaxLength(16);
            e.Property(o => o.Requester).HasMaxLength(16);
        });
        modelBuilder.Entity<CommitmentProgress>(e =>
        {
            e.HasKey(p => p.Id);
            e.HasIndex(p => new { p.CommitmentId, p.ReportedAt });
        });
        modelBuilder.Entity<StoredMeasure>(e =>
        {
            e.HasKey(m => m.MeasureId);
            e.HasIndex(m => new { m.Country, m.AnnouncedAt });
            e.Property(m => m.Country).HasMaxLength(16);
        });
        modelBuilder.Entity<StoredMeasureRevision>(e =>
        {
            e.HasKey(r => r.Id);
            e.HasIndex(r => new { r.MeasureId, r.Revision }).IsUnique();
        });
        modelBuilder.Entity<HubItem>(e =>
        {
            e.HasKey(i => i.Id);
            e.HasIndex(i => i.ItemKey).IsUnique();
            e.Property(i => i.ItemKey).HasMaxLength(200);
            e.Property(i => i.Source).HasMaxLength(16);
        });
        modelBuilder.Entity<Relay>(e =>
        {
            e.HasKey(r => r.Id);
            // Gap-free and unique per recipient, and an item reaches each recipient once.
            e.HasIndex(r => new { r.Recipient, r.Sequence }).IsUnique();
            e.HasIndex(r => new { r.Recipient, r.ItemId }).IsUnique();
            e.HasOne(r => r.Item).WithMany().HasForeignKey(r => r.ItemId);
            // The deadline clock looks only at what is due and not yet acknowledged or escalated.
            e.HasIndex(r => new { r.EscalatedAt, r.AcknowledgedAt, r.DueAt });
            e.Property(r => r.Recipient).HasMaxLength(16);
        });
        modelBuilder.Entity<RecipientSequence>(e =>
        {
            e.HasKey(s => s.Recipient);
            e.Property(s => s.Recipient).HasMaxLength(16);
        });
        modelBuilder.Entity<DeadLetter>(e =>
        {
            e.HasKey(d => d.Id);
            e.HasIndex(d => d.Fingerprint).IsUnique();
            e.HasIndex(d => new { d.Status, d.Id });
            e.HasIndex(d => d.ResolvedAt);
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedNever();
            e.HasIndex(a => new { a.Actor, a.Sequence });
            e.HasIndex(a => new { a.Action, a.Sequence });
            // Retention looks for the first entry recent enough to keep.
            e.HasIndex(a => a.At);
        });
        modelBuilder.Entity<AuditCheckpoint>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).ValueGeneratedNever();
        });
        modelBuilder.AddOutbox();
    }
}

/// <summary>The aggregator's store on SQLite, with the migrations in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteAggregatorDb(DbContextOptions<SqliteAggregatorDb> options) : AggregatorDb(options)
{
    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite has no date-time type, and EF Core cannot compare or order DateTimeOffset text there.
        // Stored as a number instead (every time here is UTC), deadlines and trends are queried in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}

/// <summary>The aggregator's store on PostgreSQL, with the migrations in <c>Data/Migrations/Postgres</c>.</summary>
public sealed class PostgresAggregatorDb(DbContextOptions<PostgresAggregatorDb> options) : AggregatorDb(options);

/// <summary>
/// What <c>dotnet ef migrations add … --context SqliteAggregatorDb</c> builds the model with. Adding a
/// migration needs no database; the file named here is only opened by <c>dotnet ef database update</c>.
/// </summary>
public sealed class SqliteAggregatorDbFactory : IDesignTimeDbContextFactory<SqliteAggregatorDb>
{
    /// <inheritdoc />
    public SqliteAggregatorDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAggregatorDb>().UseSqlite("Data Source=aggregator.db").Options);
}

/// <summary>
/// What <c>dotnet ef migrations add … --context PostgresAggregatorDb</c> builds the model with. Adding a
/// migration needs no server; the connection string is only used by <c>dotnet ef database update</c>,
/// and can be given with <c>--connection</c>.
/// </summary>
public sealed class PostgresAggregatorDbFactory : IDesignTimeDbContextFactory<PostgresAggregatorDb>
{
    /// <inheritdoc />
    public PostgresAggregatorDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAggregatorDb>().UseNpgsql("Host=localhost;Database=balkanhub").Options);
}

/// <summary>A message id the aggregator has processed.</summary>
public sealed class ProcessedMessage
{
    /// <summary>The MassTransit MessageId.</summary>
    public Guid MessageId { get; set; }

    /// <summary>The contract name.</summary>
    public required string MessageType { get; set; }

    /// <summary>When it was processed.</summary>
    public DateTimeOffset ProcessedAt { get; set; }
}

/// <summary>One version of a country's daily report.</summary>
public sealed class StoredReport
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The report across its versions, as the contact point named it.</summary>
    public Guid ReportId { get; set; }

    /// <summary>Reporting country.</summary>
    public required string Country { get; set; }

    /// <summary>The day covered.</summary>
    public DateOnly ReportDate { get; set; }

    /// <summary>1, 2, 3…</summary>
    public int Version { get; set; }

    /// <summary>Whether this is the version that counts: the highest relayed.</summary>
    public bool IsLatest { get; set; }

    /// <summary>
    /// Whether it was relayed. A version that overtook an earlier one on the bus waits until the earlier
    /// one arrives, so recipients always see corrections in order.
    /// </summary>
    public bool Relayed { get; set; }

    /// <summary>The message id it arrived with.</summary>
    public Guid MessageId { get; set; }

    /// <summary>When the contact point accepted it.</summary>
    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>When the aggregator stored it.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Arrivals total, kept as a column for aggregation in SQL.</summary>
    /// <summary>An exercise report: relayed and marked, counted nowhere (see the model's query filter).</summary>
    public bool Exercise { get; set; }

    public int Arrivals { get; set; }

    /// <summary>Departures total.</summary>
    public int Departures { get; set; }

    /// <summary>People present at the end of the day.</summary>
    public int PeoplePresent { get; set; }

    /// <summary>People registered.</summary>
    public int Registered { get; set; }

    /// <summary>Asylum applications lodged.</summary>
    public int AsylumApplications { get; set; }

    /// <summary>Men among the arrivals.</summary>
    public int Men { get; set; }

    /// <summary>Women among the arrivals.</summary>
    public int Women { get; set; }

    /// <summary>Children among the arrivals.</summary>
    public int Children { get; set; }

    /// <summary>Unaccompanied children among the arrivals.</summary>
    public int UnaccompaniedChildren { get; set; }

    /// <summary>Reception places.</summary>
    public int CapacityTotal { get; set; }

    /// <summary>Reception places occupied.</summary>
    public int CapacityOccupied { get; set; }

    /// <summary>When the day's report was due.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>Whether this version was submitted by <see cref="DueAt"/>. The first version decides the day's punctuality.</summary>
    public bool OnTime { get; set; }

    /// <summary>The whole <see cref="DailyReportSubmitted"/> message, as JSON.</summary>
    public required string Message { get; set; }
}

/// <summary>A measure as it stands after its latest relayed revision.</summary>
public sealed class StoredMeasure
{
    /// <summary>The measure's id.</summary>
    public Guid MeasureId { get; set; }

    /// <summary>Country taking the measure.</summary>
    public required string Country { get; set; }

    /// <summary>Latest revision relayed.</summary>
    public int Revision { get; set; }

    /// <summary>Kind of measure.</summary>
    public MeasureType Type { get; set; }

    /// <summary>Status at the latest revision.</summary>
    public MeasureStatus Status { get; set; }

    /// <summary>When it was announced (UTC).</summary>
    public DateTimeOffset AnnouncedAt { get; set; }

    /// <summary>When it takes effect (UTC).</summary>
    public DateTimeOffset EffectiveFrom { get; set; }

    /// <summary>When it ends by itself (UTC).</summary>
    public DateTimeOffset? EffectiveUntil { get; set; }

    /// <summary>The latest <see cref="MeasureNotice"/> as JSON.</summary>
    public required string Notice { get; set; }

    /// <summary>Exercise traffic: relayed and marked, kept out of the picture and compliance.</summary>
    public bool Exercise { get; set; }
}

/// <summary>A revision of a measure as received.</summary>
public sealed class StoredMeasureRevision
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The measure.</summary>
    public Guid MeasureId { get; set; }

    /// <summary>The revision number.</summary>
    public int Revision { get; set; }

    /// <summary>Contract name: MeasureAnnounced, MeasureUpdated…</summary>
    public required string MessageType { get; set; }

    /// <summary>The message id it arrived with.</summary>
    public Guid MessageId { get; set; }

    /// <summary>When it arrived.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>
    /// Whether it was relayed. A revision that overtook an earlier one on the bus waits here until the
    /// earlier one arrives, so recipients always see transitions in order.
    /// </summary>
    public bool Relayed { get; set; }

    /// <summary>The whole message, as JSON.</summary>
    public required string Payload { get; set; }
}

/// <summary>An item the hub relays: a report version, a measure revision, an acknowledgement, an alert.</summary>
public sealed class HubItem
{
    /// <summary>The source of items the hub raises itself.</summary>
    public const string HubSource = "HUB";

    /// <summary>
    /// An item the hub raises itself (an alert, an escalation, a closure), with a fresh message id. It is an
    /// <paramref name="exercise"/> when the item it derives from is: an exercise never causes a real alert.
    /// </summary>
    public static HubItem Raised<T>(string itemKey, T payload, DateTimeOffset now, RelayedItemKind kind = RelayedItemKind.Alert, string? planPoints = null,
        bool exercise = false)
        where T : class => new()
    {
        Exercise = exercise,
        ItemKey = itemKey,
        Kind = kind,
        Source = HubSource,
        MessageType = typeof(T).Name,
        SourceMessageId = MassTransit.NewId.NextGuid(),
        ReceivedAt = now,
        RequiresAcknowledgement = false,
        PlanPoints = planPoints,
        Payload = System.Text.Json.JsonSerializer.Serialize(payload, System.Text.Json.JsonSerializerOptions.Web),
    };

    /// <summary>Plan points as stored for filtering in SQL: <c>|3|7|</c>, or null when there are none.</summary>
    public static string? PlanPointsOf(IReadOnlyList<int>? points) =>
        points is { Count: > 0 } ? "|" + string.Join('|', points.Distinct().Order()) + "|" : null;

    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>Stable identity, such as <c>report:GR:2015-10-20:v2</c>.</summary>
    public required string ItemKey { get; set; }

    /// <summary>What kind of item.</summary>
    public RelayedItemKind Kind { get; set; }

    /// <summary>Who it came from, or HUB.</summary>
    public required string Source { get; set; }

    /// <summary>Contract name of the payload.</summary>
    public required string MessageType { get; set; }

    /// <summary>The message id it arrived with.</summary>
    public Guid SourceMessageId { get; set; }

    /// <summary>When the aggregator accepted it.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Whether recipients must acknowledge it.</summary>
    public bool RequiresAcknowledgement { get; set; }

    /// <summary>The points of the leaders' statement it serves, as <c>|3|7|</c>, so the feed filters by point in SQL.</summary>
    public string? PlanPoints { get; set; }

    /// <summary>The item this one supersedes (the previous version or revision), if any.</summary>
    public string? Supersedes { get; set; }

    /// <summary>Exercise traffic: relayed and marked as such, kept out of the picture and compliance.</summary>
    public bool Exercise { get; set; }

    /// <summary>The message, as JSON.</summary>
    public required string Payload { get; set; }
}

/// <summary>An item relayed to one recipient, at that recipient's next sequence number.</summary>
public sealed class Relay
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>A contact point's participant code, or FEED for the Commission's consolidated feed.</summary>
    public required string Recipient { get; set; }

    /// <summary>The recipient's sequence number: 1, 2, 3… without gaps.</summary>
    public long Sequence { get; set; }

    /// <summary>The item.</summary>
    public long ItemId { get; set; }

    /// <summary>The item.</summary>
    public HubItem Item { get; set; } = null!;

    /// <summary>When the relay was written.</summary>
    public DateTimeOffset RelayedAt { get; set; }

    /// <summary>When the recipient acknowledged it.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>When the recipient's acknowledgement is due, for items that need one.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>When the hub told the Commission the acknowledgement was overdue.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>The chain-reaction estimate attached to this relay, as JSON: one for the affected country, all of them for the feed.</summary>
    public string? ChainReaction { get; set; }
}

/// <summary>
/// One entry of the audit trail. Each entry's hash covers its fields and the previous entry's hash, so
/// removing or altering any entry breaks every hash after it.
/// </summary>
public sealed class AuditEntry
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
public sealed class AuditCheckpoint
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

/// <summary>A message that could not be processed, taken from an error queue.</summary>
public sealed class DeadLetter
{
    /// <summary>Row id.</summary>
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

/// <summary>The last sequence number given to a recipient.</summary>
public sealed class RecipientSequence
{
    /// <summary>The recipient.</summary>
    public required string Recipient { get; set; }

    /// <summary>The last number given.</summary>
    public long Last { get; set; }
}

/// <summary>Whether a flow entered or left the reporting country.</summary>
public enum FlowDirection
{
    /// <summary>Arrivals from the neighbour.</summary>
    In,

    /// <summary>Departures toward the neighbour.</summary>
    Out,
}

/// <summary>How many people one report version says crossed one of its borders, in one direction.</summary>
public sealed class ReportFlow
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The report version.</summary>
    public long ReportRowId { get; set; }

    /// <summary>The report version.</summary>
    public StoredReport Report { get; set; } = null!;

    /// <summary>The reporting country.</summary>
    public required string Country { get; set; }

    /// <summary>The day.</summary>
    public DateOnly ReportDate { get; set; }

    /// <summary>The neighbour on the other side of the border.</summary>
    public required string Neighbour { get; set; }

    /// <summary>In or out.</summary>
    public FlowDirection Direction { get; set; }

    /// <summary>People.</summary>
    public int Count { get; set; }
}

/// <summary>One nationality's count in one report version.</summary>
public sealed class ReportNationality
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The report version.</summary>
    public long ReportRowId { get; set; }

    /// <summary>The report version.</summary>
    public StoredReport Report { get; set; } = null!;

    /// <summary>The reporting country.</summary>
    public required string Country { get; set; }

    /// <summary>The day.</summary>
    public DateOnly ReportDate { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code of the nationality.</summary>
    public required string Nationality { get; set; }

    /// <summary>People.</summary>
    public int Count { get; set; }
}

/// <summary>A day a country had not reported by the deadline.</summary>
public sealed class MissingReport
{
    /// <summary>The country.</summary>
    public required string Country { get; set; }

    /// <summary>The day.</summary>
    public DateOnly ReportDate { get; set; }

    /// <summary>When the report was due.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>When the Commission's feed was told.</summary>
    public DateTimeOffset AlertedAt { get; set; }
}

/// <summary>A needs analysis, as it stands.</summary>
public sealed class StoredNeedsAnalysis
{
    /// <summary>The analysis.</summary>
    public Guid NeedsAnalysisId { get; set; }

    /// <summary>The country in need.</summary>
    public required string Country { get; set; }

    /// <summary>When it was opened.</summary>
    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>When it is due: 24 hours after it was opened.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary><c>open</c>, <c>requested</c> (turned into a request) or <c>closed</c>.</summary>
    public required string Status { get; set; }

    /// <summary>The request it became.</summary>
    public Guid? RequestId { get; set; }

    /// <summary>When the Commission was told it was overdue.</summary>
    public DateTimeOffset? OverdueAt { get; set; }

    /// <summary>The <see cref="NeedsAnalysisOpened"/> message, as JSON.</summary>
    public required string Payload { get; set; }

    /// <summary>Exercise traffic: relayed and marked, kept out of commitments and compliance.</summary>
    public bool Exercise { get; set; }
}

/// <summary>An assistance request, as it stands.</summary>
public sealed class StoredRequest
{
    /// <summary>The request.</summary>
    public Guid RequestId { get; set; }

    /// <summary>The country asking.</summary>
    public required string Country { get; set; }

    /// <summary>Its title.</summary>
    public required string Title { get; set; }

    /// <summary>What is asked for, as JSON.</summary>
    public required string Items { get; set; }

    /// <summary>Where it stands.</summary>
    public RequestStatus Status { get; set; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>When anything about it or its offers last changed; it lapses when this grows old.</summary>
    public DateTimeOffset LastChangeAt { get; set; }

    /// <summary>When it was closed, withdrawn or lapsed.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The needs analysis it came from.</summary>
    public Guid? NeedsAnalysisId { get; set; }

    /// <summary>The plan points, as <c>|3|7|</c>.</summary>
    public string? PlanPoints { get; set; }

    /// <summary>Exercise traffic: relayed and marked, kept out of commitments and compliance.</summary>
    public bool Exercise { get; set; }
}

/// <summary>An offer against a request, as it stands.</summary>
public sealed class StoredOffer
{
    /// <summary>The offer.</summary>
    public Guid OfferId { get; set; }

    /// <summary>The request.</summary>
    public Guid RequestId { get; set; }

    /// <summary>The country that asked.</summary>
    public required string Requester { get; set; }

    /// <summary>The participant offering.</summary>
    public required string Offerer { get; set; }

    /// <summary>What is offered, as JSON.</summary>
    public required string Items { get; set; }

    /// <summary>Where it stands.</summary>
    public OfferStatus Status { get; set; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset OfferedAt { get; set; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>When it was delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Exercise traffic: relayed and marked, kept out of commitments and compliance.</summary>
    public bool Exercise { get; set; }
}

/// <summary>An owner's report of progress on a commitment: the total reached so far.</summary>
public sealed class CommitmentProgress
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The commitment.</summary>
    public required string CommitmentId { get; set; }

    /// <summary>The total reached, in the commitment's unit.</summary>
    public int Value { get; set; }

    /// <summary>How it was reached, in the owner's words.</summary>
    public string? Note { get; set; }

    /// <summary>Who reported it (token subject).</summary>
    public required string Reporter { get; set; }

    /// <summary>For which participant.</summary>
    public required string ReporterCountry { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset ReportedAt { get; set; }
}
