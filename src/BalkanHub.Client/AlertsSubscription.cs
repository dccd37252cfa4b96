using BalkanHub.Api.Contracts.ContactPoint;
using Microsoft.AspNetCore.SignalR.Client;

namespace BalkanHub.Client;

/// <summary>
/// A live subscription to a contact point's <c>/hubs/alerts</c> that never misses an item. Pushes can be
/// lost while the connection is down, so after every (re)connect it asks the hub for everything after
/// the last sequence it delivered, and a push that skips ahead triggers the same catch-up. Items reach
/// the handler one at a time, in sequence order, each once.
/// </summary>
public sealed class AlertsSubscription : IAsyncDisposable
{
    readonly HubConnection _connection;
    readonly Func<InboxItemView, Task> _onItem;
    readonly SemaphoreSlim _gate = new(1, 1);
    readonly CancellationTokenSource _stopping = new();
    long _last;

    AlertsSubscription(HubConnection connection, long after, Func<InboxItemView, Task> onItem)
    {
        _connection = connection;
        _last = after;
        _onItem = onItem;
    }

    /// <summary>The last sequence delivered to the handler.</summary>
    public long LastSequence => Interlocked.Read(ref _last);

    int _reconnects;

    /// <summary>How many times the connection was re-established.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    internal static async Task<AlertsSubscription> StartAsync(Uri hub, string? token, long after, Func<InboxItemView, Task> onItem, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, o => o.AccessTokenProvider = () => Task.FromResult(token))
            .WithAutomaticReconnect(new KeepTrying())
            .Build();
        var subscription = new AlertsSubscription(connection, after, onItem);
        connection.On<InboxItemView>("Relayed", subscription.OnPushAsync);
        connection.Reconnected += async _ =>
        {
            Interlocked.Increment(ref subscription._reconnects);
            await subscription.CatchUpAsync();
        };
        // Automatic reconnection gives up only if the policy says so; this one never does, but a
        // connection closed by the server is started again here too.
        connection.Closed += async _ =>
        {
            if (!subscription._stopping.IsCancellationRequested)
                await subscription.ConnectAsync(subscription._stopping.Token);
        };
        await subscription.ConnectAsync(cancellationToken);
        return subscription;
    }

    async Task ConnectAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // Started but the catch-up failed: try the catch-up again, not a start on a live connection.
                if (_connection.State == HubConnectionState.Disconnected)
                    await _connection.StartAsync(cancellationToken);
                await CatchUpAsync();
                return;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && attempt < 1000)
            {
                await Task.Delay(KeepTrying.DelayFor(attempt), cancellationToken);
            }
        }
    }

    async Task OnPushAsync(InboxItemView item)
    {
        if (item.Sequence > LastSequence + 1)
        {
            // Something was missed: read it from the hub rather than deliver out of order.
            await CatchUpAsync();
            return;
        }
        await DeliverAsync([item]);
    }

    async Task CatchUpAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var items = await _connection.InvokeAsync<List<InboxItemView>>("ItemsAfter", LastSequence, 100, _stopping.Token);
            if (items.Count == 0)
                return;
            await DeliverAsync(items);
        }
    }

    async Task DeliverAsync(IEnumerable<InboxItemView> items)
    {
        await _gate.WaitAsync();
        try
        {
            foreach (var item in items.OrderBy(i => i.Sequence))
            {
                // Only the next one: older ones were delivered, later ones wait for the gap to fill.
                if (item.Sequence != LastSequence + 1)
                    continue;
                await _onItem(item);
                Interlocked.Exchange(ref _last, item.Sequence);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _connection.DisposeAsync();
        _stopping.Dispose();
        _gate.Dispose();
    }

    /// <summary>Reconnects for as long as it takes, backing off to five seconds between attempts.</summary>
    sealed class KeepTrying : IRetryPolicy
    {
        public static TimeSpan DelayFor(int attempt) => TimeSpan.FromMilliseconds(Math.Min(5000, 250 * Math.Pow(2, Math.Min(attempt, 5))));

        public TimeSpan? NextRetryDelay(RetryContext retryContext) => DelayFor((int)retryContext.PreviousRetryCount);
    }
}
