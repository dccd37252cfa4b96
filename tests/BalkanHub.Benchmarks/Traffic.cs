using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using BalkanHub.Domain.Route;
using BalkanHub.Testing;

namespace BalkanHub.Benchmarks;

/// <summary>What a batch of posted reports came to.</summary>
internal sealed record TrafficResult(
    int Reports, int Relays, TimeSpan Elapsed, bool Complete, int Refused, int Missing,
    IReadOnlyList<double> DeliveryMs, IReadOnlyList<double> AcceptMs, int PushesMissed)
{
    public double ReportsPerSecond => Reports / Elapsed.TotalSeconds;

    /// <summary>The submissions and the relays to contact points: the messages that crossed the bus.</summary>
    public double BusMessagesPerSecond => (Reports + Relays) / Elapsed.TotalSeconds;
}

/// <summary>
/// Scenarios 2 and 3: reports posted to every contact point over HTTP, with an Idempotency-Key each,
/// and counted until the aggregator's feed holds each one and every neighbour's inbox holds its relay.
/// </summary>
internal sealed class Traffic(Network network, Observer observer, RouteMap route)
{
    /// <summary>How many countries post: a day carries one report of each.</summary>
    public int Countries => network.ContactPoints.Count;

    /// <summary>The deliveries a report of <paramref name="country"/> makes: each neighbour and extra subscriber that runs here, and the feed.</summary>
    public IEnumerable<string> RecipientsOf(string country) =>
        route.NeighboursOf(country).Union(route.ExtraSubscribersOf(country)).Where(network.ContactPoints.ContainsKey).Order(StringComparer.Ordinal);

    /// <summary>Scenario 2: every country posts as fast as it is answered, <paramref name="concurrency"/> posts in flight each.</summary>
    public async Task<TrafficResult> FullSpeedAsync(int perCountry, DateOnly firstDay, int concurrency, TimeSpan drain)
    {
        var reports = network.ContactPoints.Keys.SelectMany(c => Enumerable.Range(0, perCountry).Select(i => (Country: c, Day: firstDay.AddDays(i)))).ToList();
        var refused = 0;
        var posted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var accept = new ConcurrentBag<double>();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(network.ContactPoints.Keys.Select(country => Task.Run(async () =>
        {
            var queue = new ConcurrentQueue<DateOnly>(reports.Where(r => r.Country == country).Select(r => r.Day));
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (queue.TryDequeue(out var day))
                    Interlocked.Add(ref refused, await PostUntilAcceptedAsync(country, day, posted, accept));
            }));
        })));
        return await CountAsync(reports, start, posted, accept, refused, drain);
    }

    /// <summary>Scenario 3: a fixed offered load, sent on schedule whether or not earlier posts were answered.</summary>
    public async Task<TrafficResult> FixedLoadAsync(double perSecond, TimeSpan duration, DateOnly firstDay, TimeSpan drain)
    {
        var countries = network.ContactPoints.Keys.Order(StringComparer.Ordinal).ToArray();
        var total = (int)(perSecond * duration.TotalSeconds);
        var reports = Enumerable.Range(0, total).Select(i => (Country: countries[i % countries.Length], Day: firstDay.AddDays(i / countries.Length))).ToList();
        var refused = 0;
        var posted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var accept = new ConcurrentBag<double>();
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
                await Task.Delay(due);
            var (country, day) = reports[i];
            inFlight.Add(Task.Run(async () => Interlocked.Add(ref refused, await PostUntilAcceptedAsync(country, day, posted, accept))));
        }
        await Task.WhenAll(inFlight);
        return await CountAsync(reports, start, posted, accept, refused, drain);
    }

    /// <summary>Posts one report until a 202, as a national system would; returns how many times it was refused (429 or a failure) first.</summary>
    async Task<int> PostUntilAcceptedAsync(string country, DateOnly day, ConcurrentDictionary<string, long> posted, ConcurrentBag<double> accept)
    {
        var key = Network.ReportKey(country, day);
        var refusals = 0;
        while (true)
        {
            var sent = Stopwatch.GetTimestamp();
            posted.TryAdd(key, sent);
            try
            {
                using var response = await network.PostReportAsync(country, Samples.PlainReport(day, 1000 + day.DayNumber % 500), $"bench-{country}-{day:yyyyMMdd}");
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accept.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    return refusals;
                }
                if ((int)response.StatusCode is >= 400 and < 500 and not 429 and not 408)
                    throw new InvalidOperationException($"{country} refused a valid report: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            refusals++;
            // The hub answers 429 with Retry-After: 1.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    async Task<TrafficResult> CountAsync(List<(string Country, DateOnly Day)> reports, long start, ConcurrentDictionary<string, long> posted,
        ConcurrentBag<double> accept, int refused, TimeSpan drain)
    {
        var expected = reports.SelectMany(r => RecipientsOf(r.Country).Append(Observer.Feed).Select(to => (Recipient: to, Key: Network.ReportKey(r.Country, r.Day)))).ToList();
        var complete = await observer.WaitForAsync(expected, drain);
        var seen = expected.Where(observer.Seen.ContainsKey).Select(e => observer.Seen[e]).DefaultIfEmpty(Stopwatch.GetTimestamp()).Max();
        var relays = expected.Count(e => e.Recipient != Observer.Feed);
        // From the POST to the push reaching the neighbour's SignalR client; the feed is the aggregator's, not a neighbour's.
        var delivery = expected.Where(e => e.Recipient != Observer.Feed && observer.Pushed.ContainsKey(e))
            .Select(e => Stopwatch.GetElapsedTime(posted[e.Key], observer.Pushed[e]).TotalMilliseconds).ToList();
        return new TrafficResult(reports.Count, relays, Stopwatch.GetElapsedTime(start, seen), complete, refused,
            expected.Count(e => !observer.Seen.ContainsKey(e)), delivery, [.. accept], relays - delivery.Count);
    }
}
