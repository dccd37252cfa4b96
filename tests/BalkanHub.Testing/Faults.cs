using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using BalkanHub.Domain.Route;

namespace BalkanHub.Testing;

/// <summary>
/// Posts daily reports from every contact point as fast as they are accepted, the way national systems
/// would: each with an Idempotency-Key, retried with the same key until a 202 arrives, whatever fails
/// in between. Between two reports a fault can be injected; the load pauses for nobody.
/// </summary>
public sealed class LoadGenerator(Network network, IReadOnlyList<string> countries, int reportsPerCountry, DateOnly firstDay)
{
    readonly ConcurrentDictionary<string, (string Country, DateOnly Day)> _accepted = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, DateTimeOffset> _acceptedAt = new(StringComparer.Ordinal);
    int _sent;

    /// <summary>POST attempts, retries included.</summary>
    public int Sent => _sent;

    /// <summary>Reports answered 202.</summary>
    public int Accepted => _accepted.Count;

    /// <summary>Item key of each accepted report, with its country and day.</summary>
    public IReadOnlyDictionary<string, (string Country, DateOnly Day)> AcceptedItems => _accepted;

    /// <summary>When each report was accepted.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> AcceptedAt => _acceptedAt;

    /// <summary>Called after each 202, with the country and how many were accepted so far; it may inject a fault.</summary>
    public Func<string, int, Task>? AfterAccepted { get; init; }

    /// <summary>Pause between two reports of one country, so that the load lasts long enough to fault it in the middle.</summary>
    public TimeSpan Pace { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// How many of each country's last reports wait for <see cref="HoldTailUntil"/>, so that part of the load
    /// always follows a fault however long the fault takes to clear on a busy machine.
    /// </summary>
    public int Tail { get; init; }

    /// <summary>Completes when the tail may be posted (the fault has cleared).</summary>
    public Task HoldTailUntil { get; init; } = Task.CompletedTask;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(countries.Select(c => Task.Run(() => PostAllAsync(c, cancellationToken), cancellationToken)));
    }

    async Task PostAllAsync(string country, CancellationToken cancellationToken)
    {
        for (var i = 0; i < reportsPerCountry; i++)
        {
            if (i == reportsPerCountry - Tail)
                await HoldTailUntil.WaitAsync(cancellationToken);
            var day = firstDay.AddDays(i);
            var key = $"load-{country}-{day:yyyyMMdd}";
            var report = Samples.PlainReport(day, arrivals: 1000 + i);
            var backoff = TimeSpan.FromMilliseconds(100);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Interlocked.Increment(ref _sent);
                try
                {
                    using var response = await network.PostReportAsync(country, (JsonObject)report.DeepClone(), key);
                    if ((int)response.StatusCode == 202)
                        break;
                    if ((int)response.StatusCode is >= 400 and < 500 and not 429 and not 408)
                        throw new InvalidOperationException($"{country} refused a valid report: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
                catch (HttpRequestException)
                {
                    // The contact point is down or restarting: retry with the same key.
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
                await Task.Delay(backoff, cancellationToken);
                backoff = TimeSpan.FromMilliseconds(Math.Min(2000, backoff.TotalMilliseconds * 2));
            }
            _acceptedAt.TryAdd(Network.ReportKey(country, day), DateTimeOffset.UtcNow);
            _accepted.TryAdd(Network.ReportKey(country, day), (country, day));
            if (AfterAccepted is not null)
                await AfterAccepted(country, _accepted.Count);
            if (Pace > TimeSpan.Zero)
                await Task.Delay(Pace, cancellationToken);
        }
    }
}

/// <summary>What the checker found for one scenario.</summary>
public sealed record DeliveryReport(
    string Scenario, int Sent, int Accepted, int Expected, int Delivered, int Lost, int Duplicated, int Unexpected,
    IReadOnlyList<string> Gaps, TimeSpan? Recovery, IReadOnlyList<string> Examples)
{
    public static string Header =>
        "| scenario | sent | accepted | deliveries expected | delivered | lost | duplicated | unexpected | sequence gaps | recovery |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Scenario} | {Sent} | {Accepted} | {Expected} | {Delivered} | {Lost} | {Duplicated} | {Unexpected} | {Gaps.Count} | {(Recovery is { } r ? $"{r.TotalSeconds:F1} s" : "never")} |");
}

/// <summary>
/// Counts, in the manner of Jepsen's queue checker, what each recipient should have received and what
/// it did: lost, duplicated and unexpected items, per recipient, from every contact point's inbox and
/// from the aggregator's feed, and checks that every recipient's sequence runs 1, 2, 3… without gaps.
/// </summary>
public static class DeliveryChecker
{
    public const string Feed = "FEED";

    /// <summary>Waits until every expected delivery has happened (or the timeout), then counts.</summary>
    public static async Task<DeliveryReport> CheckAsync(string scenario, Network network, RouteMap route,
        IReadOnlyDictionary<string, (string Country, DateOnly Day)> accepted, int sent, TimeSpan? recovery, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(accepted);
        var expected = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (key, (country, _)) in accepted)
        {
            foreach (var recipient in route.NeighboursOf(country).Union(route.ExtraSubscribersOf(country)).Where(network.ContactPoints.ContainsKey).Append(Feed))
            {
                if (!expected.TryGetValue(recipient, out var set))
                    expected[recipient] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(key);
            }
        }

        Dictionary<string, List<(long Sequence, string Key)>> seen = [];
        var stopwatch = Stopwatch.StartNew();
        var fewestMissing = int.MaxValue;
        var lastProgress = TimeSpan.Zero;
        while (true)
        {
            seen = await ReadEverythingAsync(network);
            var missing = expected.Sum(e => e.Value.Except(seen.GetValueOrDefault(e.Key, []).Select(s => s.Key), StringComparer.Ordinal).Count());
            if (missing < fewestMissing)
                (fewestMissing, lastProgress) = (missing, stopwatch.Elapsed);
            // Past the timeout, a network still delivering is slow, not losing: on a CI box shared by every
            // suite the backlog has drained for longer than the load took. What stops arriving for two
            // minutes is lost; twice the timeout ends the wait whatever happens.
            if (missing == 0 || (stopwatch.Elapsed > timeout && stopwatch.Elapsed - lastProgress > TimeSpan.FromMinutes(2))
                || stopwatch.Elapsed > 2 * timeout)
                break;
            // Each look reads every inbox and the whole feed, thousands of items: not so often that the
            // checker itself slows the services down.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        // A little longer, so that late duplicates would have their chance to show.
        await Task.Delay(2000);
        seen = await ReadEverythingAsync(network);

        int lost = 0, duplicated = 0, unexpected = 0, delivered = 0, wanted = 0;
        var gaps = new List<string>();
        var examples = new List<string>();
        foreach (var recipient in expected.Keys.Union(seen.Keys).Order(StringComparer.Ordinal))
        {
            // "aggregator→MK" is what the aggregator's store says it relayed to MK: held to MK's expectations.
            var want = expected.GetValueOrDefault(recipient.StartsWith("aggregator→", StringComparison.Ordinal) ? recipient["aggregator→".Length..] : recipient) ?? [];
            var got = seen.GetValueOrDefault(recipient) ?? [];
            wanted += want.Count;
            var counts = got.Where(g => g.Key.StartsWith("report:", StringComparison.Ordinal)).GroupBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            foreach (var key in want)
            {
                if (counts.TryGetValue(key, out var n))
                {
                    delivered++;
                    duplicated += n - 1;
                    if (n > 1)
                        examples.Add($"{recipient} got {key} {n} times");
                }
                else
                {
                    lost++;
                    if (examples.Count < 10)
                        examples.Add($"{recipient} never got {key}");
                }
            }
            foreach (var key in counts.Keys.Where(k => !want.Contains(k)))
            {
                unexpected++;
                if (examples.Count < 10)
                    examples.Add($"{recipient} got {key}, which was not for it");
            }
            var sequences = got.Select(g => g.Sequence).Order().ToList();
            if (!sequences.SequenceEqual(Enumerable.Range(1, sequences.Count).Select(n => (long)n)))
                gaps.Add($"{recipient}: {string.Join(",", sequences.Take(20))}…");
        }
        // Each delivery is counted twice: in the recipient's inbox, and in the aggregator's record of what it relayed.
        return new DeliveryReport(scenario, sent, accepted.Count, wanted, delivered, lost, duplicated, unexpected, gaps, recovery, examples);
    }

    /// <summary>
    /// Every contact point's inbox, and the feed with, per recipient, the sequence the aggregator gave
    /// each relay (so the aggregator's store is checked as well as what arrived).
    /// </summary>
    static async Task<Dictionary<string, List<(long, string)>>> ReadEverythingAsync(Network network)
    {
        var seen = new Dictionary<string, List<(long, string)>>(StringComparer.Ordinal);
        foreach (var country in network.ContactPoints.Keys)
            seen[country] = [.. (await network.InboxAsync(country)).Select(i => ((long)i["sequence"]!, (string)i["itemKey"]!))];
        var feed = await network.FeedAsync();
        seen[Feed] = [.. feed.Select(e => ((long)e["sequence"]!, (string)e["itemKey"]!))];
        foreach (var group in feed.SelectMany(e => e["recipients"]!.AsArray().Select(r => ((string)r!["recipient"]!, (long)r["sequence"]!, (string)e["itemKey"]!)))
                     .GroupBy(r => r.Item1))
            seen[$"aggregator→{group.Key}"] = [.. group.Select(r => (r.Item2, r.Item3))];
        return seen;
    }

    /// <summary>
    /// From the moment the fault was cleared to the first report accepted after it reaching the Commission's
    /// feed; null if it never did, so that the checker still counts and the diagnostics still print.
    /// </summary>
    public static async Task<TimeSpan?> RecoveryAsync(Network network, LoadGenerator load, DateTimeOffset clearedAt, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(load);
        var first = load.AcceptedAt.Where(a => a.Value > clearedAt).OrderBy(a => a.Value).Select(a => a.Key).FirstOrDefault();
        if (first is null)
            return TimeSpan.Zero;
        try
        {
            // The one item, not the whole feed: read while the load runs, thousands of items five times a
            // second would slow the aggregator down more than the fault did.
            var entry = await Eventually.Get(async () =>
            {
                using var response = await network.AggregatorHttp.GetAsync(new Uri($"api/items/{Uri.EscapeDataString(first)}", UriKind.Relative));
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
            }, $"{first} in the Commission feed", timeout ?? TimeSpan.FromMinutes(8));
            return (DateTimeOffset)entry["relayedAt"]! - clearedAt;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// Appends the scenario's row to the report file ./test.sh prints, and to the test output; where several
    /// faults struck one load, a line under it for each, with its own recovery.
    /// </summary>
    public static void Print(DeliveryReport report, IEnumerable<(string Fault, TimeSpan? Recovery)>? faults = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new StringBuilder().AppendLine(report.Row);
        foreach (var (fault, recovery) in faults ?? [])
            rows.AppendLine(CultureInfo.InvariantCulture, $"| ↳ {fault} | | | | | | | | | {(recovery is { } r ? $"{r.TotalSeconds:F1} s" : "never")} |");
        var text = new StringBuilder().AppendLine(DeliveryReport.Header).Append(rows);
        foreach (var example in report.Examples.Take(10))
            text.AppendLine(CultureInfo.InvariantCulture, $"  {example}");
        foreach (var gap in report.Gaps.Take(10))
            text.AppendLine(CultureInfo.InvariantCulture, $"  gap: {gap}");
        TestContext.Out.WriteLine(text.ToString());
        FailureReport.AppendToRunReport("faults.md", rows.ToString());
    }
}
