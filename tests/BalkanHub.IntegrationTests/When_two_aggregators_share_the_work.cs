using System.Collections.Concurrent;
using System.Text.Json;
using BalkanHub.Domain.Route;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// Two aggregator replicas, separate processes, competing for the one intake queue and sharing one
/// PostgreSQL database and one Redis backplane. The eleven contact points post 1,001 reports; a
/// Commission client listens on the first replica; the second is killed a third of the way in and
/// stays dead. Afterwards the checker reads every inbox and the feed.
/// </summary>
[FixtureClock]
[TestFixture]
[Category("Faults")]
[NonParallelizable]
public sealed class When_two_aggregators_share_the_work
{
    const int PerCountry = 91;
    static readonly RouteMap Route = RouteMap.Load(Repository.RouteFile);

    PrivateBroker _broker = null!;
    PostgresDatabase _database = null!;
    Network _network = null!;
    DeliveryReport _report = null!;
    readonly ConcurrentDictionary<string, int> _pushedOnFirst = new(StringComparer.Ordinal);
    List<string> _consumedBySecondBeforeKill = [];
    int _consumedBySecond;

    [OneTimeSetUp]
    public async Task Start()
    {
        _broker = await PrivateBroker.StartAsync();
        await _broker.LoadDefinitionsAsync();
        _database = await PostgresDatabase.CreateAsync("replicas");
        // A channel prefix of the test's own: other suites may use the same Redis at the same time.
        var redis = $"{RequiredRedis()},channelPrefix=replicas-{Guid.NewGuid():N}";
        _network = await Network.StartAsync(_broker, Network.AllCountries, (name, settings) =>
        {
            if (!name.StartsWith("aggregator", StringComparison.Ordinal))
                return;
            settings["Database__Provider"] = "Postgres";
            settings["ConnectionStrings__Aggregator"] = _database.ConnectionString;
            settings["ConnectionStrings__Redis"] = redis;
        }, aggregators: 2);

        await using var commission = new HubConnectionBuilder()
            .WithUrl(new Uri(_network.Aggregators[0].BaseAddress, "hubs/feed"),
                o => o.AccessTokenProvider = () => Task.FromResult<string?>(_network.Key.Token("EU", "commission")))
            .Build();
        commission.On<JsonElement>("Appended", entry => _pushedOnFirst.AddOrUpdate(entry.GetProperty("itemKey").GetString()!, 1, (_, n) => n + 1));
        await commission.StartAsync();

        var total = Network.AllCountries.Length * PerCountry;
        DateTimeOffset? killedAt = null;
        var fired = 0;
        var load = new LoadGenerator(_network, Network.AllCountries, PerCountry, new DateOnly(2016, 1, 1))
        {
            Pace = TimeSpan.FromMilliseconds(550),
            AfterAccepted = (_, accepted) =>
            {
                if (accepted >= total / 3 && Interlocked.Exchange(ref fired, 1) == 0)
                {
                    _network.Aggregators[1].Kill();
                    killedAt = DateTimeOffset.UtcNow;
                }
                return Task.CompletedTask;
            },
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await load.RunAsync(timeout.Token);
        Assert.That(killedAt, Is.Not.Null, "the second replica was killed during the load");

        // Recovery: from the kill to the first report accepted after it reaching the feed, through the survivor.
        _report = await DeliveryChecker.CheckAsync("2 aggregator replicas on PostgreSQL, one kill -9", _network, Route, load.AcceptedItems, load.Sent,
            await DeliveryChecker.RecoveryAsync(_network, load, killedAt!.Value), TimeSpan.FromMinutes(8));
        DeliveryChecker.Print(_report);
        if (_report.Lost + _report.Duplicated + _report.Unexpected > 0 || _report.Gaps.Count > 0)
            await FailureReport.WriteAsync(_report, _network, [_broker]);

        // The audit trail names the replica that stored each report. Those the second stored well before
        // it died were committed and pushed by it, never by the first.
        var byTheSecond = await ReceivedByAsync("aggregator-2");
        _consumedBySecond = byTheSecond.Count;
        _consumedBySecondBeforeKill = [.. byTheSecond.Where(r => r.At < killedAt!.Value.AddSeconds(-5)).Select(r => r.Key)];
        // Pushes travel after the commit; give the last ones a moment.
        await Task.Delay(TimeSpan.FromSeconds(2));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_network is not null)
            await _network.DisposeAsync();
        if (_broker is not null)
            await _broker.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Test]
    public void Should_have_let_both_replicas_consume()
    {
        Assert.That(_consumedBySecond, Is.GreaterThan(0), "the second replica stored reports before it was killed");
        Assert.That(_consumedBySecond, Is.LessThan(_report.Accepted), "the first replica stored the rest");
    }

    [Test]
    public void Should_relay_every_report_once_with_no_sequence_gaps()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_report.Accepted, Is.EqualTo(Network.AllCountries.Length * PerCountry), "every report was accepted");
            Assert.That(_report.Lost, Is.Zero, string.Join("; ", _report.Examples));
            Assert.That(_report.Duplicated, Is.Zero, string.Join("; ", _report.Examples));
            Assert.That(_report.Unexpected, Is.Zero, string.Join("; ", _report.Examples));
            Assert.That(_report.Gaps, Is.Empty, "each recipient's sequence runs 1, 2, 3… across both replicas");
            Assert.That(_report.Recovery, Is.Not.Null, "the first report accepted after the kill reached the feed through the surviving replica");
        });
    }

    [Test]
    public void Should_push_to_a_client_of_the_first_replica_what_the_second_consumed()
    {
        Assert.That(_consumedBySecondBeforeKill, Is.Not.Empty, "the second replica stored reports well before it was killed");
        Assert.That(_consumedBySecondBeforeKill.Where(k => !_pushedOnFirst.ContainsKey(k)), Is.Empty,
            "reports stored by the second replica reached the Commission's client on the first, through Redis");
    }

    [Test]
    public void Should_push_each_report_to_the_client_once()
    {
        Assert.That(_pushedOnFirst.Where(p => p.Key.StartsWith("report:", StringComparison.Ordinal) && p.Value > 1).Select(p => p.Key), Is.Empty);
    }

    async Task<List<(string Key, DateTimeOffset At)>> ReceivedByAsync(string replica)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT "Target", "At" FROM "AuditEntries"
            WHERE "RecordedBy" = @replica AND "Action" = 'receive DailyReportSubmitted'
            """, connection);
        command.Parameters.AddWithValue("replica", replica);
        var found = new List<(string, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            found.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return found;
    }

    static string RequiredRedis() =>
        Environment.GetEnvironmentVariable("BALKANHUB_REDIS") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("BALKANHUB_REDIS is not set. Run the tests through ./test.sh, which starts Redis and sets it.");
}
