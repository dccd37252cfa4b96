namespace BalkanHub.ContactPoint.Retention;

/// <summary>
/// Deletes delivery bookkeeping older than <see cref="RetentionOptions.HistoryDays"/>, in batches, every
/// <see cref="RetentionOptions.Interval"/>: dispatched outbox rows, idempotency answers, and
/// notifications that were delivered or given up, with their attempts. Reports, measures and the inbox
/// are the country's record and stay. A contact point keeps no audit trail of its own (its refusals go
/// to the aggregator's), so <see cref="RetentionOptions.AuditDays"/> does not apply here.
/// </summary>
public sealed partial class ContactPointRetention(IServiceScopeFactory scopes, IOptionsMonitor<RetentionOptions> options, TimeProvider clock, ILogger<ContactPointRetention> logger)
    : PeriodicCheck(clock, logger)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.CurrentValue.Interval;

    /// <inheritdoc />
    public override async Task CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (settings.HistoryDays is not { } historyDays)
            return;
        // The hub's clock, not real time: the rows carry the hub's stamps, and a replay's rows must age with the replay.
        var cutoff = Clock.GetUtcNow().AddDays(-historyDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactPointDb>();
        var finished = db.Notifications.Where(n => n.Status != "pending" && n.CreatedAt < cutoff);
        var pruned = await Pruning.DeleteInBatchesAsync(db.OutboxMessages.Where(m => m.DispatchedAt != null && m.DispatchedAt < cutoff), m => m.Id, settings.BatchSize, cancellationToken)
            + await Pruning.DeleteInBatchesAsync(db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff), r => r.Key, settings.BatchSize, cancellationToken)
            // Attempts first: a notification is never gone while its attempts remain.
            + await Pruning.DeleteInBatchesAsync(db.NotificationAttempts.Where(a => finished.Any(n => n.Id == a.NotificationId)), a => a.Id, settings.BatchSize, cancellationToken)
            + await Pruning.DeleteInBatchesAsync(finished, n => n.Id, settings.BatchSize, cancellationToken);
        if (pruned > 0)
            Pruned(logger, pruned);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Count} delivery records")]
    static partial void Pruned(ILogger logger, int count);
}
