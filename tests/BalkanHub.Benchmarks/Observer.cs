using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using BalkanHub.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace BalkanHub.Benchmarks;

/// <summary>
/// Watches where items arrive: a SignalR client on every contact point's <c>/hubs/alerts</c> and one on
/// the aggregator's <c>/hubs/feed</c> note when each push comes in; a poller reads every inbox and the
/// feed over HTTP, only what is new, once a second, and catches whatever a push missed (pushes can be
/// missed; the stores cannot). A delivery counts from the first time either way saw it.
/// </summary>
internal sealed class Observer : IAsyncDisposable
{
    /// <summary>The aggregator's feed, as a recipient name.</summary>
    public const string Feed = "FEED";

    readonly Network _network;
    readonly ConcurrentDictionary<(string Recipient, string Key), long> _pushed = new();
    readonly ConcurrentDictionary<(string Recipient, string Key), long> _seen = new();
    readonly Dictionary<string, long> _after = new(StringComparer.Ordinal);
    readonly List<HubConnection> _connections = [];
    readonly CancellationTokenSource _stop = new();
    Task _polling = Task.CompletedTask;

    Observer(Network network) => _network = network;

    /// <summary>Stopwatch timestamp of the push of each item to each recipient.</summary>
    public IReadOnlyDictionary<(string Recipient, string Key), long> Pushed => _pushed;

    /// <summary>Stopwatch timestamp at which each item was first seen at each recipient, pushed or polled.</summary>
    public IReadOnlyDictionary<(string Recipient, string Key), long> Seen => _seen;

    public static async Task<Observer> StartAsync(Network network)
    {
        var observer = new Observer(network);
        foreach (var (country, process) in network.ContactPoints)
        {
            var token = network.Key.Token(country, "viewer", $"benchmark-observer-{country}");
            var connection = Connect(new Uri(process.BaseAddress, "hubs/alerts"), token);
            connection.On<JsonElement>("Relayed", item => observer.Record(observer._pushed, country, item));
            observer._connections.Add(connection);
        }
        var feed = Connect(new Uri(network.Aggregator.BaseAddress, "hubs/feed"), network.Key.Token("EU", "commission", "benchmark-observer-feed"));
        feed.On<JsonElement>("Appended", entry => observer.Record(observer._pushed, Feed, entry));
        observer._connections.Add(feed);
        await Task.WhenAll(observer._connections.Select(c => c.StartAsync()));
        observer._polling = observer.PollForeverAsync(observer._stop.Token);
        return observer;
    }

    /// <summary>A SignalR client straight over WebSockets, as browsers on a good network connect.</summary>
    public static HubConnection Connect(Uri hub, string token) =>
        new HubConnectionBuilder()
            .WithUrl(hub, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();

    void Record(ConcurrentDictionary<(string, string), long> pushes, string recipient, JsonElement item)
    {
        var now = Stopwatch.GetTimestamp();
        var key = item.GetProperty("itemKey").GetString()!;
        pushes.TryAdd((recipient, key), now);
        _seen.TryAdd((recipient, key), now);
    }

    /// <summary>Whether every one of these deliveries has been seen.</summary>
    public bool All(IEnumerable<(string Recipient, string Key)> expected) => expected.All(_seen.ContainsKey);

    /// <summary>Waits until every one of these deliveries has been seen, or the timeout.</summary>
    public async Task<bool> WaitForAsync(IReadOnlyCollection<(string Recipient, string Key)> expected, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!All(expected))
        {
            if (deadline.Elapsed > timeout)
                return false;
            await Task.Delay(100);
        }
        return true;
    }

    async Task PollForeverAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var country in _network.ContactPoints.Keys)
                    await PollAsync(country, _network.Http(country), "api/inbox", cancellationToken);
                await PollAsync(Feed, _network.AggregatorHttp, "api/feed", cancellationToken);
                await Task.Delay(1000, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                // A service busy or restarting (the footprint scenario restarts them): the next round reads it.
            }
        }
    }

    async Task PollAsync(string recipient, HttpClient http, string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            var after = _after.GetValueOrDefault(recipient);
            using var response = await http.GetAsync(new Uri($"{path}?after={after}&limit=1000", UriKind.Relative), cancellationToken);
            if (!response.IsSuccessStatusCode)
                return;
            var page = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
            var items = page["items"]!.AsArray();
            var now = Stopwatch.GetTimestamp();
            foreach (var item in items)
                _seen.TryAdd((recipient, (string)item!["itemKey"]!), now);
            if (items.Count == 0)
                return;
            _after[recipient] = (long)page["next"]!;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        foreach (var connection in _connections)
            await connection.DisposeAsync();
        _stop.Dispose();
    }
}
