using BalkanHub.Aggregator.Audit;
using BalkanHub.Aggregator.Measures;
using BalkanHub.Aggregator.Assistance;
using BalkanHub.Aggregator.Reports;
using BalkanHub.Aggregator.Commitments;
using BalkanHub.Aggregator.Intake;
using BalkanHub.Aggregator.Admin;
using BalkanHub.Aggregator.FeedLinks;
using BalkanHub.Aggregator.Subscriptions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;

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
public abstract class AggregatorDb(DbContextOptions options) : DbContext(options), IOutboxDbContext, IDataProtectionKeyContext
{
    /// <summary>The keys that protect sign-in cookies and antiforgery tokens, shared by the replicas and kept across restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Message ids already processed: the inbox that makes redeliveries harmless.</summary>
    public DbSet<StoredProcessedMessage> ProcessedMessages => Set<StoredProcessedMessage>();

    /// <summary>Every version of every daily report.</summary>
    public DbSet<StoredReport> Reports => Set<StoredReport>();

    /// <summary>Each report version's flows across each of the reporter's borders, for the picture and reconciliation in SQL.</summary>
    public DbSet<StoredReportFlow> ReportFlows => Set<StoredReportFlow>();

    /// <summary>Each report version's nationality breakdown.</summary>
    public DbSet<StoredReportNationality> ReportNationalities => Set<StoredReportNationality>();

    /// <summary>Days a country had not reported by the deadline, and when the Commission was told.</summary>
    public DbSet<StoredMissingReport> MissingReports => Set<StoredMissingReport>();

    /// <summary>Needs analyses, with their 24-hour clock.</summary>
    public DbSet<StoredNeedsAnalysis> NeedsAnalyses => Set<StoredNeedsAnalysis>();

    /// <summary>Assistance requests, as they stand.</summary>
    public DbSet<StoredRequest> AssistanceRequests => Set<StoredRequest>();

    /// <summary>Offers against requests, as they stand.</summary>
    public DbSet<StoredOffer> AssistanceOffers => Set<StoredOffer>();

    /// <summary>Explicit progress reports on commitments.</summary>
    public DbSet<StoredCommitmentProgress> CommitmentProgress => Set<StoredCommitmentProgress>();

    /// <summary>Every measure, as it stands after its latest relayed revision.</summary>
    public DbSet<StoredMeasure> Measures => Set<StoredMeasure>();

    /// <summary>Every revision received, relayed or waiting for an earlier one.</summary>
    public DbSet<StoredMeasureRevision> MeasureRevisions => Set<StoredMeasureRevision>();

    /// <summary>Everything relayed, once per item.</summary>
    public DbSet<StoredItem> Items => Set<StoredItem>();

    /// <summary>Who each item was relayed to, with that recipient's sequence number.</summary>
    public DbSet<StoredRelay> Relays => Set<StoredRelay>();

    /// <summary>The last sequence number given to each recipient.</summary>
    public DbSet<StoredRecipientSequence> RecipientSequences => Set<StoredRecipientSequence>();

    /// <summary>Messages parked in the error queues, for operators to replay or discard.</summary>
    public DbSet<StoredDeadLetter> DeadLetters => Set<StoredDeadLetter>();

    /// <summary>Who receives which source's items beyond the neighbours the agreement names.</summary>
    public DbSet<StoredSubscription> Subscriptions => Set<StoredSubscription>();

    /// <summary>Read-only feed links, by the hash of their secret.</summary>
    public DbSet<StoredFeedLink> FeedLinks => Set<StoredFeedLink>();

    /// <summary>The append-only, hash-chained audit trail.</summary>
    public DbSet<StoredAuditEntry> AuditEntries => Set<StoredAuditEntry>();

    /// <summary>Where the audit trail starts once retention has pruned its oldest entries: one row, or none.</summary>
    public DbSet<StoredAuditCheckpoint> AuditCheckpoints => Set<StoredAuditCheckpoint>();

    /// <inheritdoc />
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Each entity is mapped beside its feature (Reports/StoredReport.cs, Relay/StoredRelay.cs, ...).
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AggregatorDb).Assembly);
        modelBuilder.AddOutbox();
    }
}
