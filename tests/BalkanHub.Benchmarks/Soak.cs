using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BalkanHub.Domain.Route;
using BalkanHub.Testing;

namespace BalkanHub.Benchmarks;

/// <summary>
/// Scenario 8: the whole network for a set time at a steady, realistic load (10 reports a second over
/// eleven contact points, a measure notice now and then, and neighbours acknowledging what awaits them),
/// while every few minutes the broker or a random service is killed with -9 and restarted. At the end
/// the fault suite's checker counts what each recipient lost, received twice or out of sequence, and
/// the table shows each kill with its restart and recovery times.
/// </summary>
internal sealed class Soak(Figures figures, RouteMap route, IReadOnlyDictionary<string, string> overrides)
{
    public const string Title = "8 soak";

    public async Task RunAsync(TimeSpan duration, TimeSpan killEvery, double reportsPerSecond, int seed, CancellationToken cancellationToken)
    {
        Console.WriteLine($"benchmark: soak for {duration.TotalMinutes:F0} min at {reportsPerSecond} reports/s, a kill every {killEvery.TotalMinutes:F1} min");
        var random = new Random(seed);
        await using var broker = await PrivateBroker.StartWithDefinitionsAsync();
        var network = await Network.StartAsync(broker, Network.AllCountries, (_, settings) =>
        {
            foreach (var (key, value) in overrides)
                settings[key] = value;
        });
        await using (network)
        {
            var pace = TimeSpan.FromSeconds(Network.AllCountries.Length / reportsPerSecond);
            var perCountry = (int)Math.Ceiling(duration / pace);
            var load = new LoadGenerator(network, Network.AllCountries, perCountry, new DateOnly(2012, 1, 1)) { Pace = pace };
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var started = Stopwatch.StartNew();
            var reports = load.RunAsync(stop.Token);
            var side = SideTrafficAsync(network, random, stop.Token);
            var kills = new List<(string What, DateTimeOffset At, DateTimeOffset ClearedAt, TimeSpan Ready)>();
            while (started.Elapsed + killEvery < duration && !reports.IsCompleted)
            {
                await Task.WhenAny(reports, Task.Delay(killEvery, stop.Token));
                if (reports.IsCompleted)
                    break;
                kills.Add(await KillOneAsync(network, broker, random));
            }
            await reports;
            await stop.CancelAsync();
            var (measures, acknowledgements) = await side;

            var report = await DeliveryChecker.CheckAsync("soak", network, route, load.AcceptedItems, load.Sent, null, TimeSpan.FromMinutes(10));
            var relayedAt = (await network.FeedAsync()).ToDictionary(e => (string)e["itemKey"]!, e => (DateTimeOffset)e["relayedAt"]!, StringComparer.Ordinal);
            figures.Add(new Figure(Title, "wall time, start to end of the check",
                string.Create(CultureInfo.InvariantCulture, $"{started.Elapsed.TotalMinutes:F1} min"), "", "",
                string.Create(CultureInfo.InvariantCulture, $"{report.Accepted} reports accepted, {measures} measures, {acknowledgements} acknowledgements, {kills.Count} kills")));
            figures.Add(new Figure(Title, "lost / duplicated / unexpected / sequence gaps",
                string.Create(CultureInfo.InvariantCulture, $"{report.Lost} / {report.Duplicated} / {report.Unexpected} / {report.Gaps.Count}"),
                "0 / 0 / 0 / 0", report.Lost + report.Duplicated + report.Unexpected + report.Gaps.Count == 0 ? "met" : "no",
                string.Create(CultureInfo.InvariantCulture, $"{report.Delivered} of {report.Expected} deliveries") + (report.Examples.Count > 0 ? "; " + string.Join("; ", report.Examples.Take(3)) : "")));
            foreach (var (what, at, clearedAt, ready) in kills)
            {
                var first = load.AcceptedAt.Where(a => a.Value > clearedAt).OrderBy(a => a.Value).Select(a => a.Key).FirstOrDefault();
                var recovery = first is not null && relayedAt.TryGetValue(first, out var r) ? (r - clearedAt).TotalSeconds : double.NaN;
                figures.Add($"{Title}: {what} at {at:HH:mm:ss}", "ready after restart / recovery to first later report in feed",
                    recovery, " s", "F1", atMost: 10, note: string.Create(CultureInfo.InvariantCulture, $"ready in {ready.TotalSeconds:F1} s"));
            }
        }
    }

    /// <summary>Kills the broker, the aggregator or a contact point, at random, and starts it again.</summary>
    static async Task<(string, DateTimeOffset, DateTimeOffset, TimeSpan)> KillOneAsync(Network network, PrivateBroker broker, Random random)
    {
        var targets = new List<string> { "broker", "aggregator" };
        targets.AddRange(network.ContactPoints.Keys.Select(c => $"contact point {c}"));
        var target = targets[random.Next(targets.Count)];
        var at = DateTimeOffset.UtcNow;
        Console.WriteLine($"benchmark: soak kills the {target}");
        var ready = Stopwatch.StartNew();
        if (target == "broker")
        {
            await broker.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            ready.Restart();
            await broker.StartAgainAsync();
        }
        else
        {
            var service = target == "aggregator" ? network.Aggregator : network.ContactPoints[target["contact point ".Length..]];
            service.Kill();
            await Task.Delay(TimeSpan.FromSeconds(3));
            ready.Restart();
            service.Start();
            await service.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        }
        return (target, at, DateTimeOffset.UtcNow, ready.Elapsed);
    }

    /// <summary>A measure notice from a random country every few seconds, and neighbours acknowledging what awaits them.</summary>
    static async Task<(int Measures, int Acknowledgements)> SideTrafficAsync(Network network, Random random, CancellationToken cancellationToken)
    {
        int measures = 0, acknowledgements = 0;
        var countries = network.ContactPoints.Keys.ToList();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                var country = countries[random.Next(countries.Count)];
                var notice = new JsonObject
                {
                    ["type"] = "other",
                    ["title"] = $"Soak notice {measures + 1}",
                    ["severity"] = "minor",
                    ["effectiveFrom"] = DateTimeOffset.UtcNow.AddDays(2).ToString("O", CultureInfo.InvariantCulture),
                };
                using (var posted = await network.Http(country).PostAsJsonAsync("api/measures", notice, cancellationToken))
                    if ((int)posted.StatusCode == 202)
                        measures++;
                var neighbour = countries[random.Next(countries.Count)];
                var waiting = await network.Http(neighbour).GetFromJsonAsync<JsonObject>("api/inbox?unacknowledged=true&limit=5", cancellationToken);
                foreach (var item in waiting!["items"]!.AsArray())
                {
                    using var ack = await network.Http(neighbour).PostAsync(new Uri($"api/inbox/{(long)item!["sequence"]!}/ack", UriKind.Relative), null, cancellationToken);
                    if (ack.IsSuccessStatusCode)
                        acknowledgements++;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (HttpRequestException)
            {
                // The service is being killed or restarted: the next round tries again.
            }
            catch (TaskCanceledException)
            {
            }
        }
        return (measures, acknowledgements);
    }
}
