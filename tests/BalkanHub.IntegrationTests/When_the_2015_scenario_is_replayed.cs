using System.Diagnostics;
using BalkanHub.Cli.Simulation;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// Acceptance 8. The network runs on the scenario's clock and <c>balkanhub simulate</c> replays two weeks,
/// 15 to 28 October 2015, through eleven contact points, a day every five seconds. Read as the
/// Commission's dashboard reads it, the replay is on time: every report is on time except the ones the
/// data file makes late, the measures show their 2015 lead times in hours, none negative, and every
/// relayed measure is acknowledged, in time except the one the file makes late.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed class When_the_2015_scenario_is_replayed() : NetworkFixture(Network.AllCountries)
{
    const int Days = 14;
    const double SecondsPerDay = 5;
    static readonly DateOnly First = new(2015, 10, 15);
    static readonly DateOnly Last = First.AddDays(Days - 1);
    static readonly Scenario Scenario = Scenario.Load(Path.Combine(Repository.Root, "deploy", "scenario", "autumn-2015.json"));

    readonly string _folder = Directory.CreateTempSubdirectory("balkanhub-simulate.").FullName;
    string _output = "";

    // Every service stands at the clock's start until the simulator writes the real start to this file.
    string ClockFile => Path.Combine(_folder, "scenario-clock.json");

    protected override void Configure(string service, IDictionary<string, string?> settings)
    {
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ScenarioClock__Start"] = Scenario.Clock.Start.ToString("O", CultureInfo.InvariantCulture),
            ["ScenarioClock__End"] = Scenario.Clock.End.ToString("O", CultureInfo.InvariantCulture),
            ["ScenarioClock__RealStartFile"] = ClockFile,
            ["ScenarioClock__SecondsPerDay"] = SecondsPerDay.ToString(CultureInfo.InvariantCulture),
            ["Picture__CheckInterval"] = "00:00:00.150",
            ["Measures__CheckInterval"] = "00:00:00.150",
            ["Assistance__CheckInterval"] = "00:00:00.150",
        })
            settings[key] = value;
    }

    protected override ValueTask CleanUpAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [OneTimeSetUp]
    public async Task Replay_two_weeks()
    {
        var contactPoints = new JsonObject();
        foreach (var (country, service) in Network.ContactPoints)
            contactPoints[country] = service.BaseAddress.ToString();
        await File.WriteAllTextAsync(Path.Combine(_folder, "network.json"),
            new JsonObject { ["aggregator"] = Network.Aggregator.BaseAddress.ToString(), ["contactPoints"] = contactPoints }.ToJsonString());
        await File.WriteAllTextAsync(Path.Combine(_folder, "development.key"), Network.Key.Base64);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var argument in new[]
        {
            Path.Combine(Repository.BuildFolder("BalkanHub.Cli"), "balkanhub.dll"), "simulate",
            "--network", Path.Combine(_folder, "network.json"), "--key-file", Path.Combine(_folder, "development.key"),
            "--scenario", Path.Combine(Repository.Root, "deploy", "scenario", "autumn-2015.json"),
            "--from", First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--days", Days.ToString(CultureInfo.InvariantCulture),
            "--seconds-per-day", SecondsPerDay.ToString(CultureInfo.InvariantCulture), "--seed", "2015",
            "--clock-file", ClockFile,
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

    Task<JsonObject> GetAsync(string path) => Network.AggregatorHttp.GetFromJsonAsync<JsonObject>(path)!;

    static JsonObject Edge(JsonObject picture, string from, string to) =>
        picture["edges"]!.AsArray().Single(e => (string?)e!["from"] == from && (string?)e["to"] == to)!.AsObject();

    [Test]
    public async Task Should_show_every_replayed_report_on_time_save_the_planted_late_ones()
    {
        var range = $"from={First:yyyy-MM-dd}&to={Last:yyyy-MM-dd}";
        await Eventually.True(async () => (await GetAsync($"api/reports?{range}&limit=1000"))["items"]!.AsArray().Count == Days * 11, "every report at the aggregator");
        var compliance = await GetAsync($"api/compliance?{range}");
        var statuses = compliance["punctuality"]!.AsArray().ToDictionary(p => $"{p!["country"]} {p["reportDate"]}", p => (string)p!["status"]!);
        var planted = Scenario.LateReports.Where(l => l.Day >= First && l.Day <= Last).Select(l => $"{l.Country} {l.Day:yyyy-MM-dd}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Has.Count.EqualTo(Days * 11), "a status for each country and day");
            Assert.That(planted, Is.Not.Empty, "the data file plants late reports in these two weeks");
            Assert.That(statuses.Where(s => s.Value == "late").Select(s => s.Key), Is.EquivalentTo(planted), "late: the planted ones only");
            Assert.That(statuses.Where(s => s.Value != "late").Select(s => s.Value), Has.All.EqualTo("onTime"));
            Assert.That(DateTimeOffset.Parse((string)compliance["asOf"]!, CultureInfo.InvariantCulture).Year, Is.EqualTo(2015), "the hub's clock reads the replayed autumn");
        });
    }

    [Test]
    public async Task Should_show_the_2015_lead_times_in_hours_and_none_negative()
    {
        var view = await GetAsync("api/measures");
        var measures = view["items"]!.AsArray().Select(m => m!.AsObject()).ToList();
        var expected = Scenario.Measures.Where(m => DateOnly.FromDateTime(m.AnnouncedAt.UtcDateTime) <= Last).ToList();
        Assert.That(measures.Select(m => $"{m["measure"]!["country"]}:{m["measure"]!["type"]}"),
            Is.EquivalentTo(expected.Select(m => $"{m.Country}:{m.Notice["type"]}")), "the measures of the two weeks");
        Assert.Multiple(() =>
        {
            foreach (var measure in expected)
            {
                var shown = measures.Single(m => (string?)m["measure"]!["country"] == measure.Country && (string?)m["measure"]!["type"] == (string?)measure.Notice["type"]);
                // A replayed hour lasts a fifth of a second here: the hub stamps the announcement a fraction of an hour after the file's time.
                Assert.That((double)shown["leadTimeHours"]!, Is.EqualTo(measure.LeadTime.TotalHours).Within(1.5), $"{measure.Country}'s lead time as in 2015");
            }
            Assert.That(measures.Select(m => (double)m["leadTimeHours"]!), Has.All.GreaterThan(0), "no negative lead time");
            var figures = (JsonObject)view["figures"]!;
            Assert.That(figures.Select(f => (double?)f.Value!["medianLeadTimeHours"]).Where(v => v is not null), Has.All.GreaterThan(0), "no negative median");
        });
    }

    [Test]
    public async Task Should_have_every_relayed_measure_acknowledged_in_time_save_the_planted_late_one()
    {
        var acknowledgements = await Eventually.Get(async () =>
        {
            var all = (await GetAsync("api/measures"))["items"]!.AsArray()
                .SelectMany(m => m!["acknowledgements"]!.AsArray().Select(a => (Of: (string)m["measure"]!["country"]!, Type: (string)m["measure"]!["type"]!, Ack: a!.AsObject()))).ToList();
            return all.Count > 0 && all.All(a => a.Ack["acknowledgedAt"] is not null) ? all : null;
        }, "every relayed measure acknowledged");
        var late = acknowledgements.Where(a => DateTimeOffset.Parse((string)a.Ack["acknowledgedAt"]!, CultureInfo.InvariantCulture) > DateTimeOffset.Parse((string)a.Ack["dueAt"]!, CultureInfo.InvariantCulture))
            .Select(a => $"{a.Ack["country"]} {a.Of}:{a.Type}").ToList();
        Assert.That(late, Is.EquivalentTo(Scenario.Acknowledgements.Late.Select(l => $"{l.Country} {l.MeasureOf}:{l.Type}")));
    }

    [Test]
    public async Task Should_show_the_flow_leaving_hungary_for_slovenia_after_the_closure()
    {
        var before = await GetAsync("api/picture?date=2015-10-16");
        var after = await GetAsync("api/picture?date=2015-10-17");
        Assert.Multiple(() =>
        {
            Assert.That((int?)Edge(before, "HR", "HU")["reportedByTo"], Is.GreaterThan(1000), "on the 16th people still entered Hungary from Croatia");
            Assert.That((int?)Edge(after, "HR", "HU")["reportedByTo"], Is.Zero, "from the 17th none did");
            Assert.That((int?)Edge(after, "HR", "SI")["reportedByTo"], Is.GreaterThan(1000), "the flow moved to Slovenia");
            Assert.That(DateTimeOffset.Parse((string)after["asOf"]!, CultureInfo.InvariantCulture).Year, Is.EqualTo(2015), "the picture is as of the replayed autumn");
        });
    }

    [Test]
    public async Task Should_store_each_report_once_and_print_each_days_events()
    {
        var reports = (await GetAsync($"api/reports?from={First:yyyy-MM-dd}&to={Last:yyyy-MM-dd}&limit=1000"))["items"]!.AsArray();
        Assert.That(reports.Select(r => (int)r!["version"]!).ToList(), Has.Count.EqualTo(Days * 11).And.All.EqualTo(1), "each report stored once, as version 1");
        Assert.That(_output, Does.Contain("2015-10-16").And.Contain("HU: Green border with Croatia closed"), "the replay prints each day's events");
    }
}
