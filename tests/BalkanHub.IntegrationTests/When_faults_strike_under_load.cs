using System.Diagnostics;
using BalkanHub.Domain.Route;
using Microsoft.Data.Sqlite;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// A 202 is a promise. All eleven contact points post daily reports while faults strike in the middle of
/// the load; afterwards a checker reads every inbox and the aggregator's feed and counts lost, duplicated
/// and unexpected deliveries per recipient, and sequence gaps. All must be zero.
/// </summary>
/// <remarks>
/// The four single-node faults strike one load in turn rather than four loads one each: the next
/// strikes only once the one before has cleared and the first report accepted after it has reached the
/// Commission's feed (its recovery), and at least a fifth of the load is accepted after each. Four
/// networks of twelve services started and loaded one after another took a third of the suite's time.
/// The three-node cluster keeps a run of its own: it needs its own brokers.
/// </remarks>
[FixtureClock]
[TestFixture]
[Category("Faults")]
[NonParallelizable]
public sealed class When_faults_strike_under_load
{
    const int PerCountry = 240;
    static readonly RouteMap Route = RouteMap.Load(Repository.RouteFile);

    /// <summary>One fault: how it strikes and clears, and, for a kill right after a 202, whose.</summary>
    sealed record Fault(string Name, Func<IReadOnlyList<PrivateBroker>, Network, Task> StrikeAndClear, string? KillRightAfterAcceptedBy = null);

    static readonly Fault DatabaseLocked = new("aggregator database write-locked 8 s", async (_, network) =>
        await StoreLock.HoldAsync(Path.Combine(network.DataDir, "aggregator.db"), TimeSpan.FromSeconds(8)));

    static readonly Fault ContactPointKilled = new("contact point kill -9 after 202, restart", async (_, network) =>
    {
        // Killed by the load itself, right after HR's 202 and before HR posts again.
        await Task.Delay(TimeSpan.FromSeconds(3));
        network.ContactPoints["HR"].Start();
        await network.ContactPoints["HR"].WaitUntilReadyAsync();
    }, KillRightAfterAcceptedBy: "HR");

    static readonly Fault AggregatorKilled = new("aggregator kill -9, restart", async (_, network) =>
    {
        network.Aggregator.Kill();
        await Task.Delay(TimeSpan.FromSeconds(3));
        network.Aggregator.Start();
        await network.Aggregator.WaitUntilReadyAsync();
    });

    static readonly Fault BrokerKilled = new("broker kill -9, restart", async (brokers, _) =>
    {
        await brokers[0].KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await brokers[0].StartAgainAsync();
    });

    [Test]
    public Task Should_lose_and_double_nothing_when_a_contact_point_the_database_the_aggregator_and_the_broker_fail_in_turn() =>
        // The contact point first: its kill waits for its own next 202, and later in the load it may have
        // posted all but its held tail.
        RunAsync("four faults in turn", [ContactPointKilled, DatabaseLocked, AggregatorKilled, BrokerKilled]);

    [Test]
    public Task Should_lose_and_double_nothing_when_the_leader_of_the_intake_queue_dies_in_a_three_node_cluster() =>
        RunAsync("3-node cluster", [new("intake queue leader kill -9", async (brokers, _) =>
        {
            var leader = await brokers[0].LeaderOfAsync("aggregator");
            await brokers.Single(b => b.Node == leader).KillAsync();
        })], clusterNodes: 3, perCountry: 200, pace: TimeSpan.FromMilliseconds(1000));

    /// <summary>A fault waiting for the load to reach its trigger, and, for a kill right after a 202, that country's.</summary>
    sealed record Armed(int Trigger, string? Country)
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    static async Task RunAsync(string scenario, IReadOnlyList<Fault> faults, int clusterNodes = 1, int perCountry = PerCountry, TimeSpan? pace = null)
    {
        var brokers = new List<PrivateBroker>();
        Network? network = null;
        try
        {
            await PrivateBroker.StartClusterAsync(brokers, clusterNodes);
            if (clusterNodes > 1)
                Assert.That(await brokers[0].ReplicasOfAsync("aggregator"), Is.EqualTo(clusterNodes), "the intake queue is replicated on every node");

            network = await Network.StartAsync(brokers[0], Network.AllCountries, (_, settings) =>
            {
                PrivateBroker.ClusterSettings(brokers, settings);
                if (clusterNodes > 1)
                    Supervised(settings);
            });
            var services = network.ContactPoints.Values.Prepend(network.Aggregator).ToList();
            if (clusterNodes > 1)
                services.ForEach(s => s.RestartWhenItExits = true);

            var total = Network.AllCountries.Length * perCountry;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            var clearedAt = new DateTimeOffset[faults.Count];
            var recovery = new TimeSpan?[faults.Count];
            var allCleared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Armed? armed = null;
            var load = new LoadGenerator(network, Network.AllCountries, perCountry, new DateOnly(2016, 1, 1))
            {
                // About 20 reports a second in all, for over two minutes: a good part of the load comes
                // after each fault has cleared, and twelve services, a broker and this test share two cores.
                // Three broker nodes on those two cores relay more slowly (every write is a Raft commit on
                // two of them), so the cluster scenario paces about 11 a second: faster, and the backlog
                // its single-writer SQLite aggregator builds up is what the checker would be timing.
                Pace = pace ?? TimeSpan.FromMilliseconds(550),
                // The last fifth waits for the last fault to clear: on a busy CI box a broker restart has
                // taken longer than the rest of the load, and then nothing would have proven the services
                // under load again after it. Being last, it follows every fault.
                Tail = perCountry / 5,
                HoldTailUntil = allCleared.Task,
                AfterAccepted = (country, accepted) =>
                {
                    var waiting = Volatile.Read(ref armed);
                    if (waiting is null || accepted < waiting.Trigger || (waiting.Country is not null && country != waiting.Country)
                        || Interlocked.CompareExchange(ref armed, null, waiting) != waiting)
                        return Task.CompletedTask;
                    // Before this country posts anything else: its 202 was the last thing it said.
                    if (waiting.Country is not null)
                        network.ContactPoints[waiting.Country].Kill();
                    waiting.Reached.SetResult();
                    return Task.CompletedTask;
                },
            };
            var strikes = Task.Run(async () =>
            {
                try
                {
                    for (var i = 0; i < faults.Count; i++)
                    {
                        // A fault alone strikes at three tenths of the load; in turn, at a tenth, a quarter, two
                        // fifths…, and never before the one ahead of it has cleared and recovered.
                        var next = new Armed(total * (faults.Count == 1 ? 6 : 2 + 3 * i) / 20, faults[i].KillRightAfterAcceptedBy);
                        Volatile.Write(ref armed, next);
                        // Past its trigger already, with only the held tail left to post, no 202 would set it off.
                        if (next.Country is null && load.Accepted >= next.Trigger && Interlocked.CompareExchange(ref armed, null, next) == next)
                            next.Reached.SetResult();
                        await next.Reached.Task.WaitAsync(timeout.Token);
                        TestContext.Out.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {faults[i].Name}: strikes at {load.Accepted} of {total} accepted");
                        await faults[i].StrikeAndClear(brokers, network);
                        clearedAt[i] = DateTimeOffset.UtcNow;
                        TestContext.Out.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {faults[i].Name}: cleared at {load.Accepted} accepted");
                        if (i < faults.Count - 1)
                        {
                            await RecoveredAsync(network, load, clearedAt[i]);
                            TestContext.Out.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {faults[i].Name}: recovered at {load.Accepted} accepted");
                        }
                    }
                }
                finally
                {
                    // Even when a fault fails (its exception surfaces below), so that the load ends.
                    allCleared.TrySetResult();
                }
            });
            await load.RunAsync(timeout.Token);
            await strikes;
            for (var i = 0; i < faults.Count; i++)
                recovery[i] = await DeliveryChecker.RecoveryAsync(network, load, clearedAt[i]);

            for (var i = 0; i < faults.Count; i++)
            {
                var afterFault = load.AcceptedAt.Values.Count(t => t > clearedAt[i]);
                TestContext.Out.WriteLine($"{faults[i].Name}: cleared {clearedAt[i]:HH:mm:ss.fff}, {afterFault} accepted after it, recovery {recovery[i]?.TotalSeconds:F1} s");
                // Each fault must strike in the middle of the load, not after it: the held tail follows the last.
                Assert.That(afterFault, Is.GreaterThanOrEqualTo(total / 5), $"at least a fifth accepted after {faults[i].Name} ({afterFault} of {total})");
            }

            // One row for the run, its recovery the longest of the faults'; a line per fault under it. A
            // service that stopped itself (a wedged bus) and was started again says so in the row.
            // What the consumer watch did, so that a slow recovery in a passing run is explained too.
            foreach (var service in services)
                foreach (var line in service.Warnings(200).Where(l => l.Contains("ConsumerWatch", StringComparison.Ordinal)))
                    TestContext.Out.WriteLine($"{service.Name}: {line}");
            var restarted = services.Where(s => s.UnplannedExits.Count > 0).Select(s => $"{s.Name} exited {string.Join(", ", s.UnplannedExits)}").ToList();
            var restarts = restarted.Count == 0 ? "" : $" ({string.Join("; ", restarted)} on its own and was started again, as by systemd)";
            var report = await DeliveryChecker.CheckAsync($"{scenario}: {string.Join(", ", faults.Select(f => f.Name))}{restarts}", network, Route,
                load.AcceptedItems, load.Sent, recovery.Any(r => r is null) ? null : recovery.Max(), TimeSpan.FromMinutes(8));
            DeliveryChecker.Print(report, faults.Count > 1 ? faults.Select((f, i) => (f.Name, recovery[i])) : null);
            if (report.Lost + report.Duplicated + report.Unexpected > 0 || report.Gaps.Count > 0 || report.Recovery is null)
                await FailureReport.WriteAsync(report, network, brokers);
            Assert.Multiple(() =>
            {
                Assert.That(report.Accepted, Is.EqualTo(total), "every report was accepted in the end");
                Assert.That(report.Lost, Is.Zero, string.Join("; ", report.Examples));
                Assert.That(report.Duplicated, Is.Zero, string.Join("; ", report.Examples));
                Assert.That(report.Unexpected, Is.Zero, string.Join("; ", report.Examples));
                Assert.That(report.Gaps, Is.Empty);
                for (var i = 0; i < faults.Count; i++)
                    Assert.That(recovery[i], Is.Not.Null, $"the first report accepted after {faults[i].Name} reached the Commission's feed within 8 minutes");
            });
        }
        finally
        {
            if (network is not null)
                await network.DisposeAsync();
            foreach (var broker in brokers)
                await broker.DisposeAsync();
        }
    }

    /// <summary>
    /// The cluster run's services watch their own queues' consumers, as a deployment that restarts its
    /// services should: a bus that lost its consumer when a node died (seen in CI and here, about one run
    /// in three: the inbox filled unread behind a green health check) is started over, and a bus wedged
    /// past that stops its service, which the harness then starts again as systemd would. Tighter than
    /// the shipped minute, so the checker's window holds the whole remedy.
    /// </summary>
    static void Supervised(IDictionary<string, string?> settings)
    {
        settings["RabbitMq__WatchConsumers"] = "true";
        settings["RabbitMq__ConsumerCheckInterval"] = "00:00:05";
        settings["RabbitMq__ConsumerMissingLimit"] = "00:00:30";
    }

    /// <summary>
    /// Waits until the first report accepted after a fault cleared has reached the Commission's feed, so the
    /// next fault strikes a recovered network. Not if only the held tail is left to post: no report would
    /// come, so after a minute the next fault strikes anyway (the figures are read after the load).
    /// </summary>
    static async Task RecoveredAsync(Network network, LoadGenerator load, DateTimeOffset clearedAt)
    {
        var waited = Stopwatch.StartNew();
        while (!load.AcceptedAt.Values.Any(t => t > clearedAt))
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(1))
                return;
            await Task.Delay(200);
        }
        if (await DeliveryChecker.RecoveryAsync(network, load, clearedAt, TimeSpan.FromMinutes(2)) is null)
            TestContext.Out.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} not recovered 2 minutes after it cleared; the next fault strikes anyway");
    }
}
