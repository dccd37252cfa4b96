using BalkanHub.Aggregator.Data;
using Microsoft.AspNetCore.SignalR;

namespace BalkanHub.Aggregator.Feed;

/// <summary>What the feed hub pushes.</summary>
public interface IFeedClient
{
    /// <summary>An entry appended to the consolidated feed.</summary>
    Task Appended(FeedEntry entry);
}

/// <summary>
/// <c>/hubs/feed</c>: pushes the consolidated feed as it grows. Entries carry their sequence, and
/// <see cref="EntriesAfter"/> catches up a client that reconnects.
/// </summary>
public sealed class FeedHub(AggregatorDb db) : Hub<IFeedClient>
{
    /// <summary>Entries after <paramref name="after"/>.</summary>
    public Task<List<FeedEntry>> EntriesAfter(long after, int limit = 100) =>
        FeedQueries.AfterAsync(db, after, Math.Clamp(limit, 1, 1000), Context.ConnectionAborted);
}

/// <summary>Pushes committed feed entries to connected clients.</summary>
public sealed class FeedNotifier(AggregatorDb db, IHubContext<FeedHub, IFeedClient> hub)
{
    /// <summary>Pushes the entries for these feed relays, in order.</summary>
    public async Task PushAsync(IReadOnlyList<Data.Relay> feedRelays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedRelays);
        if (feedRelays.Count == 0)
            return;
        foreach (var entry in await FeedQueries.ToEntriesAsync(db, feedRelays, cancellationToken))
            await hub.Clients.All.Appended(entry);
    }
}
