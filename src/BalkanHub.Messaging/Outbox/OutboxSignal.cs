using System.Data.Common;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BalkanHub.Messaging.Outbox;

/// <summary>Wakes the dispatcher when a transaction holding outbox rows has committed.</summary>
public sealed class OutboxSignal
{
    // One pending wake-up is enough: the dispatcher drains everything committed when it runs.
    readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks the dispatcher to look now.</summary>
    public void Notify() => _wakeUps.Writer.TryWrite(true);

    /// <summary>Waits for a wake-up or for the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _wakeUps.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed.
        }
    }
}

/// <summary>
/// Calls <see cref="OutboxSignal.Notify"/> after every commit that may hold outbox rows, so no code path
/// can forget to (waking the dispatcher needlessly costs one indexed query), and stamps new rows written
/// during an HTTP request with who made the request.
/// </summary>
public sealed class OutboxCommitInterceptor(OutboxSignal signal, IHttpContextAccessor http) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <inheritdoc />
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (http.HttpContext is { } context && eventData.Context is not null)
        {
            var added = eventData.Context.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added && e.Entity.Headers is null).ToList();
            if (added.Count > 0)
            {
                var headers = ActorHeaders.Of(context);
                foreach (var entry in added)
                    entry.Entity.Headers = headers;
            }
        }
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        // Inside an explicit transaction the rows are not visible yet: the commit below wakes the dispatcher.
        if (eventData.Context?.Database.CurrentTransaction is null)
            signal.Notify();
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();
}
