using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Measures;
using Microsoft.AspNetCore.SignalR;
using Polly;
using Polly.Retry;

namespace BalkanHub.Aggregator.Feed;

/// <summary>What the feed hub pushes.</summary>
public interface IFeedClient
{
    /// <summary>An entry appended to the consolidated feed (Commission, agencies, operators).</summary>
    Task Appended(FeedEntry entry);

    /// <summary>An item relayed to the country whose group the connection is in.</summary>
    Task Relayed(FeedEntry entry);
}

/// <summary>
/// <c>/hubs/feed</c>: pushes the consolidated feed to those who read everything, and each country's
/// relays to that country's group. Group membership follows the same rules as HTTP: a country joins
/// only its own group. Entries carry their sequence, and <see cref="EntriesAfter"/> catches up.
/// </summary>
public sealed class FeedHub(AggregatorDb db, IOptions<MeasureOptions> measures) : Hub<IFeedClient>
{
    /// <summary>The group of connections that read everything.</summary>
    public const string FeedGroup = "feed";

    /// <summary>The group of one country's connections.</summary>
    public static string GroupOf(string country) => $"country:{country}";

    /// <inheritdoc />
    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        if (user.ReadsEverything() || user.IsInRole(HubRoles.Operator))
            await Groups.AddToGroupAsync(Context.ConnectionId, FeedGroup);
        else if (user.Country() is { } country)
            await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(country));
        await base.OnConnectedAsync();
    }

    /// <summary>Joins a country's group: allowed for that country's own people, and for those who read everything.</summary>
    public async Task Join(string country)
    {
        var user = Context.User!;
        if (!(user.ReadsEverything() || user.Country() == country))
            throw new HubException($"Not allowed: {user.Country()} cannot join the group of {country}.");
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(country));
    }

    /// <summary>Feed entries after <paramref name="after"/>: those who read everything only.</summary>
    public Task<List<FeedEntry>> EntriesAfter(long after, int limit = 100)
    {
        if (!(Context.User!.ReadsEverything() || Context.User!.IsInRole(HubRoles.Operator)))
            throw new HubException("Not allowed: the consolidated feed is for the Commission and the agencies.");
        return FeedQueries.AfterAsync(db, measures.Value, after, HubLimits.Check(limit, after), Context.ConnectionAborted);
    }
}

/// <summary>Pushes committed relays: the feed entry to the feed group, and each relay to its country's group.</summary>
public sealed partial class FeedNotifier(AggregatorDb db, IOptions<MeasureOptions> measures, IHubContext<FeedHub, IFeedClient> hub, ILogger<FeedNotifier> logger)
{
    // A push runs after the commit. With several replicas it goes through Redis, whose connection is made on
    // first use and can fail or time out on a busy host. An exception here used to reach the consumer: the
    // message was retried, found already processed, and the push was lost for every client of every
    // replica. So each push is retried briefly, and one that still fails is logged, never thrown: the
    // item is stored and relayed, and a client catches up from its last sequence. Once a push has failed,
    // the rest of the call's pushes are skipped: with Redis down each would wait out its own timeouts, and
    // intake would slow to that pace.
    static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
    {
        MaxRetryAttempts = 2,
        Delay = TimeSpan.FromMilliseconds(200),
    }).Build();

    /// <summary>Pushes the entries for these feed relays, in order.</summary>
    public async Task PushAsync(IReadOnlyList<StoredRelay> feedRelays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedRelays);
        if (feedRelays.Count == 0)
            return;
        foreach (var entry in await FeedQueries.ToEntriesAsync(db, measures.Value, feedRelays, cancellationToken))
        {
            if (!await SendAsync(entry, () => hub.Clients.Group(FeedHub.FeedGroup).Appended(entry), cancellationToken))
                return;
            foreach (var recipient in entry.Recipients.Where(r => r.Recipient != RelayRecipients.Feed))
                // A recipient sees the item and its own number; who else received it is for the sender and the Commission.
                if (!await SendAsync(entry, () => hub.Clients.Group(FeedHub.GroupOf(recipient.Recipient)).Relayed(entry with { Sequence = recipient.Sequence, Recipients = [] }),
                        cancellationToken))
                    return;
        }
    }

    async Task<bool> SendAsync(FeedEntry entry, Func<Task> send, CancellationToken cancellationToken)
    {
        try
        {
            await Retry.ExecuteAsync(async _ => await send(), cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogPushFailed(logger, ex, entry.ItemKey);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push {ItemKey} to live clients; it is stored and relayed, and clients catch up from their last sequence")]
    static partial void LogPushFailed(ILogger logger, Exception exception, string itemKey);
}
