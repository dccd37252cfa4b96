using BalkanHub.Aggregator.Audit;

namespace BalkanHub.Aggregator.Retention;

/// <summary>
/// Deletes audit entries older than <see cref="RetentionOptions.AuditDays"/> and delivery bookkeeping
/// older than <see cref="RetentionOptions.HistoryDays"/>, in batches, every
/// <see cref="RetentionOptions.Interval"/>. Nothing is deleted when neither is set.
/// </summary>
public sealed partial class AggregatorRetention(IServiceScopeFactory scopes, IOptionsMonitor<RetentionOptions> options, TimeProvider clock, ILogger<AggregatorRetention> logger)
    : PeriodicCheck(clock, logger)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.CurrentValue.Interval;

    /// <inheritdoc />
    public override async Task CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        // The hub's clock, not real time: the rows carry the hub's stamps, and a replay's rows must age with the replay.
        var now = Clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AggregatorDb>();
        if (settings.AuditDays is { } auditDays)
        {
            var pruned = await PruneAuditAsync(db, now.AddDays(-auditDays), now, settings.BatchSize, cancellationToken);
            if (pruned > 0)
                Pruned(logger, pruned, "audit entries");
        }
        if (settings.HistoryDays is { } historyDays)
        {
            var cutoff = now.AddDays(-historyDays);
            var pruned = await Pruning.DeleteInBatchesAsync(db.OutboxMessages.Where(m => m.DispatchedAt != null && m.DispatchedAt < cutoff), m => m.Id, settings.BatchSize, cancellationToken)
                + await Pruning.DeleteInBatchesAsync(db.ProcessedMessages.Where(m => m.ProcessedAt < cutoff), m => m.MessageId, settings.BatchSize, cancellationToken)
                // Parked letters wait for an operator however old they are; only resolved ones are history.
                + await Pruning.DeleteInBatchesAsync(db.DeadLetters.Where(d => d.ResolvedAt != null && d.ResolvedAt < cutoff), d => d.Id, settings.BatchSize, cancellationToken);
            if (pruned > 0)
                Pruned(logger, pruned, "delivery records");
        }
    }

    /// <summary>
    /// Deletes the oldest audit entries, from the start of the trail up to the first entry at or after
    /// <paramref name="cutoff"/>, and moves the trail's checkpoint with them, a batch per transaction.
    /// </summary>
    /// <remarks>
    /// Only a prefix of the trail goes, so what remains is still a gap-free chain; the checkpoint holds
    /// the hash of the last entry deleted, which the first remaining one names as its predecessor, so
    /// verification starts there. An old entry behind a recent one stays. The newest entry always stays:
    /// the next one appended is chained to its hash.
    /// </remarks>
    public static async Task<int> PruneAuditAsync(AggregatorDb db, DateTimeOffset cutoff, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var last = await db.AuditEntries.MaxAsync(a => (long?)a.Sequence, cancellationToken) ?? 0;
        var firstRecent = await db.AuditEntries.Where(a => a.At >= cutoff).MinAsync(a => (long?)a.Sequence, cancellationToken) ?? last;
        var upTo = Math.Min(firstRecent, last) - 1;
        var from = await db.AuditCheckpoints.AsNoTracking().Select(c => (long?)c.FirstSequence).SingleOrDefaultAsync(cancellationToken) ?? 1;
        var total = 0;
        while (from <= upTo)
        {
            var end = Math.Min(from + batchSize - 1, upTo);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var hash = await db.AuditEntries.Where(a => a.Sequence == end).Select(a => a.Hash).SingleOrDefaultAsync(cancellationToken);
            if (hash is null)
                return total; // another replica pruned it meanwhile: the next round starts from its checkpoint
            total += await db.AuditEntries.Where(a => a.Sequence >= from && a.Sequence <= end).ExecuteDeleteAsync(cancellationToken);
            var checkpoint = await db.AuditCheckpoints.SingleOrDefaultAsync(cancellationToken);
            if (checkpoint is null)
                db.AuditCheckpoints.Add(checkpoint = new StoredAuditCheckpoint { PreviousHash = hash });
            checkpoint.FirstSequence = end + 1;
            checkpoint.PreviousHash = hash;
            checkpoint.PrunedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            from = end + 1;
        }
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Count} {What}")]
    static partial void Pruned(ILogger logger, int count, string what);
}
