using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BalkanHub.Testing;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// <c>balkanhub simulate</c> replays ten days of the autumn-2015 scenario, 15 to 24 October, through the
/// public API of eleven contact points, a day every half second. The aggregator then holds 110 daily
/// reports and the measures of those days, and the picture shows Hungary's entries from Croatia falling
/// to zero once its border closure takes effect on 17 October.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_the_2015_scenario_is_replayed
{
    PrivateBroker _broker = null!;
    Network _network = null!;
    string _folder = null!;
    string _output = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _broker = await PrivateBroker.StartWithDefinitionsAsync();
        _network = await Network.StartAsync(_broker, Network.AllCountries);
        _folder = Directory.CreateTempSubdirectory("balkanhub-simulate.").FullName;
        var contactPoints = new JsonObject();
        foreach (var (country, service) in _network.ContactPoints)
            contactPoints[country] = service.BaseAddress.ToString();
        await File.WriteAllTextAsync(Path.Combine(_folder, "network.json"),
            new JsonObject { ["aggregator"] = _network.Aggregator.BaseAddress.ToString(), ["contactPoints"] = contactPoints }.ToJsonString());
        await File.WriteAllTextAsync(Path.Combine(_folder, "development.key"), _network.Key.Base64);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var argument in new[]
        {
            Path.Combine(Repository.BuildFolder("BalkanHub.Cli"), "balkanhub.dll"), "simulate",
            "--network", Path.Combine(_folder, "network.json"), "--key-file", Path.Combine(_folder, "development.key"),
            "--scenario", Path.Combine(Repository.Root, "deploy", "scenario", "autumn-2015.json"),
            "--from", "2015-10-15", "--days", "10", "--seconds-per-day", "0.5", "--seed", "2015",
        })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        _output = await stdout + await stderr;
        Assert.That(process.ExitCode, Is.Zero, _output);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_network is not null)
            await _network.DisposeAsync();
        if (_broker is not null)
            await _broker.DisposeAsync();
    }

    async Task<JsonObject> PictureAsync(string date) => (await _network.AggregatorHttp.GetFromJsonAsync<JsonObject>($"api/picture?date={date}"))!;

    static JsonObject Edge(JsonObject picture, string from, string to) =>
        picture["edges"]!.AsArray().Single(e => (string?)e!["from"] == from && (string?)e["to"] == to)!.AsObject();

    [Test]
    public async Task Should_fill_the_aggregator_with_110_daily_reports_and_the_measures_of_those_days()
    {
        var reports = await Eventually.Get(async () =>
        {
            var page = (await _network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/reports?from=2015-10-15&to=2015-10-24&limit=1000"))!["items"]!.AsArray();
            return page.Count == 110 ? page : null;
        }, "110 reports at the aggregator");
        Assert.That(reports.GroupBy(r => (string)r!["report"]!["country"]!).Select(g => g.Count()), Has.All.EqualTo(10), "ten days from each of eleven countries");

        var measures = await Eventually.Get(async () =>
        {
            var items = (await _network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/measures"))!["items"]!.AsArray();
            return items.Count >= 2 ? items : null;
        }, "the scenario's measures at the aggregator");
        var kinds = measures.Select(m => $"{m!["measure"]!["country"]}:{m["measure"]!["type"]}").ToList();
        Assert.That(kinds, Is.SupersetOf(new[] { "HU:borderClosure", "SI:dailyCap" }));
        Assert.That(kinds, Has.None.Contains("nationalityRestriction"), "the November filter is outside the ten days");
    }

    [Test]
    public async Task Should_show_hungarys_entries_from_croatia_falling_to_zero_after_the_closure()
    {
        await Eventually.True(async () => (await PictureAsync("2015-10-24"))["totals"]!["countriesReported"]!.GetValue<int>() == 11, "the last day to be in");
        var before = await PictureAsync("2015-10-16");
        var after = await PictureAsync("2015-10-17");
        Assert.Multiple(() =>
        {
            Assert.That((int?)Edge(before, "HR", "HU")["reportedByTo"], Is.GreaterThan(1000), "on the 16th people still entered Hungary from Croatia");
            Assert.That((int?)Edge(after, "HR", "HU")["reportedByTo"], Is.Zero, "from the 17th none did");
            Assert.That((int?)after["participants"]!.AsArray().Single(p => (string?)p!["country"] == "HU")!["arrivals"], Is.Zero);
            Assert.That((int?)Edge(after, "HR", "SI")["reportedByTo"], Is.GreaterThan(1000), "the flow moved to Slovenia");
        });
    }

    [Test]
    public async Task Should_store_each_report_once_and_print_each_days_events()
    {
        var before = (await _network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/reports?from=2015-10-15&to=2015-10-24&limit=1000"))!["items"]!.AsArray()
            .Select(r => $"{r!["report"]!["country"]}:{r["report"]!["reportDate"]}:{r["version"]}:{r["report"]!["arrivals"]!["total"]}").Order().ToList();
        Assert.That(before, Has.Count.EqualTo(110));
        Assert.That(before, Has.All.Contains(":1:"), "each report stored once, as version 1");
        Assert.That(_output, Does.Contain("2015-10-17").And.Contain("HU"), "the replay prints each day's events");
    }
}
