using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BalkanHub.Domain.Route;
using BalkanHub.Testing;
using Microsoft.Data.Sqlite;

namespace BalkanHub.Benchmarks;

/// <summary>
/// Scenario 7: each fault kind of the fault suite, at the fault suite's load (eleven contact points,
/// about 20 reports a second, the fault after 30 % of them), timed instead of asserted. For each kind it
/// prints how long the broker or the service took to be ready again, how long the reports took to reach
/// the feed just before the fault (the backlog the load keeps anyway), and the recovery: from the fault
/// being cleared to the first report accepted after it reaching the Commission's feed. It also counts
/// what the checker of the fault suite counts, so a faster recovery that loses something shows.
/// </summary>
internal sealed class Recovery(Figures figures, RouteMap route, IReadOnlyDictionary<string, string> overrides)
{
    public const string Title = "7 recovery";

    /// <summary>One fault: what it does, and how long what it restarted took to be ready (null when nothing restarts).</summary>
    internal sealed record FaultKind(string Name, Func<IReadOnlyList<PrivateBroker>, Network, Task, Task<TimeSpan?>> Inject,
        int ClusterNodes = 1, TimeSpan? Pace = null, string? KillRightAfterAcceptedBy = null);

    public static IReadOnlyList<FaultKind> Kinds { get; } =
    [
        new("contact point kill -9 after a 202", async (_, network, killed) =>
        {
            await killed;
            await Task.Delay(TimeSpan.FromSeconds(3));
            return await RestartAsync(network.ContactPoints["HR"]);
        }, KillRightAfterAcceptedBy: "HR"),
        new("aggregator kill -9", async (_, network, _) =>
        {
            network.Aggregator.Kill();
            await Task.Delay(TimeSpan.FromSeconds(3));
            return await RestartAsync(network.Aggregator);
        }),
        new("aggregator database write-locked 8 s", async (_, network, _) =>
        {
            await StoreLock.HoldAsync(Path.Combine(network.DataDir, "aggregator.db"), TimeSpan.FromSeconds(8));
            return null;
        }),
        new("broker kill -9", async (brokers, _, _) =>
        {
            await brokers[0].KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var ready = Stopwatch.StartNew();
            await brokers[0].StartAgainAsync();
            return ready.Elapsed;
        }),
        new("3-node cluster, intake queue leader kill -9", async (brokers, _, _) =>
        {
            var leader = await brokers[0].LeaderOfAsync("aggregator");
            await brokers.Single(b => b.Node == leader).KillAsync();
            return null;
        }, ClusterNodes: 3, Pace: TimeSpan.FromMilliseconds(1000)),
    ];

    static async Task<TimeSpan?> RestartAsync(ServiceProcess service)
    {
        var ready = Stopwatch.StartNew();
        service.Start();
        await service.WaitUntilReadyAsync();
        return ready.Elapsed;
    }

    public async Task RunAsync(IReadOnlyCollection<string> only, int perCountry, CancellationToken cancellationToken)
    {
        foreach (var kind in Kinds.Where(k => only.Count == 0 || only.Any(o => k.Name.Contains(o, StringComparison.OrdinalIgnoreCase))))
            await RunAsync(kind, perCountry, cancellationToken);
    }

    async Task RunAsync(FaultKind kind, int perCountry, CancellationToken cancellationToken)
    {
        Console.WriteLine($"benchmark: recovery from {kind.Name}");
        var brokers = new List<PrivateBroker>();
        Network? network = null;
        try
        {
            await PrivateBroker.StartClusterAsync(brokers, kind.ClusterNodes);
            network = await Network.StartAsync(brokers[0], Network.AllCountries, (_, settings) =>
            {
                PrivateBroker.ClusterSettings(brokers, settings);
                foreach (var (key, value) in overrides)
                    settings[key] = value;
            });

            var trigger = Network.AllCountries.Length * perCountry * 3 / 10;
            var killed = new TaskCompletionSource();
            Task<TimeSpan?>? injected = null;
            DateTimeOffset faultAt = default, clearedAt = default;
            var fired = 0;
            var load = new LoadGenerator(network, Network.AllCountries, perCountry, new DateOnly(2010, 1, 1))
            {
                Pace = kind.Pace ?? TimeSpan.FromMilliseconds(550),
                AfterAccepted = (country, accepted) =>
                {
                    if (accepted < trigger || (kind.KillRightAfterAcceptedBy is not null && country != kind.KillRightAfterAcceptedBy)
                        || Interlocked.Exchange(ref fired, 1) == 1)
                        return Task.CompletedTask;
                    faultAt = DateTimeOffset.UtcNow;
                    if (kind.KillRightAfterAcceptedBy is not null)
                    {
                        network.ContactPoints[kind.KillRightAfterAcceptedBy].Kill();
                        killed.SetResult();
                    }
                    injected = Task.Run(async () =>
                    {
                        var ready = await kind.Inject(brokers, network, killed.Task);
                        clearedAt = DateTimeOffset.UtcNow;
                        return ready;
                    }, cancellationToken);
                    return Task.CompletedTask;
                },
            };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(10));
            await load.RunAsync(timeout.Token);
            var readyAfter = await injected!;
            var recovery = await DeliveryChecker.RecoveryAsync(network, load, clearedAt);
            var report = await DeliveryChecker.CheckAsync(kind.Name, network, route, load.AcceptedItems, load.Sent, recovery, TimeSpan.FromMinutes(8));
            var relayedAt = (await network.FeedAsync()).ToDictionary(e => (string)e["itemKey"]!, e => (DateTimeOffset)e["relayedAt"]!, StringComparer.Ordinal);
            var lagBefore = Lag(load, relayedAt, faultAt - TimeSpan.FromSeconds(15), faultAt);

            var title = $"{Title}: {kind.Name}";
            figures.Add(title, "outage: fault to cleared", (clearedAt - faultAt).TotalSeconds, " s", "F1");
            figures.Add(title, "broker or service ready after its restart", readyAfter?.TotalSeconds ?? double.NaN, " s", "F1",
                note: readyAfter is null ? "(nothing restarts)" : "");
            figures.Add(title, "lag before the fault (median, report accepted to feed)", lagBefore, " s", "F1");
            figures.Add(title, "recovery: cleared to first later report in the feed", recovery?.TotalSeconds ?? double.NaN, " s", "F1", atMost: 10);
            figures.Add(new Figure(title, "lost / duplicated / unexpected / sequence gaps",
                string.Create(CultureInfo.InvariantCulture, $"{report.Lost} / {report.Duplicated} / {report.Unexpected} / {report.Gaps.Count}"),
                "0 / 0 / 0 / 0", report.Lost + report.Duplicated + report.Unexpected + report.Gaps.Count == 0 ? "met" : "no",
                string.Create(CultureInfo.InvariantCulture, $"{report.Accepted} reports, {report.Expected} deliveries expected")));
        }
        finally
        {
            if (network is not null)
                await network.DisposeAsync();
            foreach (var broker in brokers)
                await broker.DisposeAsync();
        }
    }

    /// <summary>The median time from a report's 202 to its feed entry, for reports accepted in [from, to).</summary>
    internal static double Lag(LoadGenerator load, IReadOnlyDictionary<string, DateTimeOffset> relayedAt, DateTimeOffset from, DateTimeOffset to) =>
        Stats.Median([.. load.AcceptedAt.Where(a => a.Value >= from && a.Value < to && relayedAt.ContainsKey(a.Key))
            .Select(a => (relayedAt[a.Key] - a.Value).TotalSeconds)]);
}
