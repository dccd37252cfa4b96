using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>
/// How long old rows are kept. Section <c>Retention</c>. Unset means forever, the default: deleting
/// records is a decision for the operator (and the law they work under), never a surprise.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Retention";

    /// <summary>
    /// Days the aggregator keeps audit-trail entries (unset: forever). The trail stays verifiable: the
    /// hash of the last pruned entry is recorded as where the chain now starts, and the newest entry is
    /// never pruned, since the next one is chained to it.
    /// </summary>
    [Range(1, 36_500)]
    public int? AuditDays { get; set; }

    /// <summary>
    /// Days delivery bookkeeping is kept (unset: forever): dispatched outbox rows and, at the aggregator,
    /// processed message ids and resolved dead letters; at a contact point, idempotency answers and
    /// finished notifications with their attempts. Reports, measures, relays and inboxes are the record,
    /// and are never pruned.
    /// </summary>
    [Range(1, 36_500)]
    public int? HistoryDays { get; set; }

    /// <summary>How often old rows are looked for (default an hour).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement (default 1000), so a first pruning of years never holds the write lock for long.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;
}

/// <summary>Deleting old rows a batch at a time.</summary>
public static class Pruning
{
    /// <summary>
    /// Deletes the rows of <paramref name="rows"/>, <paramref name="batchSize"/> at a time in key order,
    /// each batch a statement of its own, and returns how many went.
    /// </summary>
    public static async Task<int> DeleteInBatchesAsync<TEntity, TKey>(IQueryable<TEntity> rows, System.Linq.Expressions.Expression<Func<TEntity, TKey>> key,
        int batchSize, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var deleted = await rows.OrderBy(key).Take(batchSize).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
            if (deleted < batchSize)
                return total;
        }
    }
}
