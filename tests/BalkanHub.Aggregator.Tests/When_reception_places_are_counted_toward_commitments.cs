using Microsoft.AspNetCore.Hosting;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Greece promised 30,000 more places by the end of 2015, the other countries along the route 50,000. Greece
/// reaches its target only in January 2016: that is late, not met. Greece's places never count toward the
/// others' commitment, and each country's progress is measured from what it stated at the agreement. The
/// clock reads February 2016, after both deadlines.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_reception_places_are_counted_toward_commitments(string store) : AggregatorFixture(store)
{
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2016, 2, 1, 12, 0, 0, TimeSpan.Zero));

    protected override async Task<AggregatorHost> StartHostAsync()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("balkanhub-commitments.").FullName, "commitments.json");
        JsonObject Places(string id, int target, params string[] countries) => new()
        {
            ["id"] = id, ["title"] = id, ["owner"] = "EU", ["target"] = target, ["unit"] = "places",
            ["since"] = "2015-10-25T00:00:00Z", ["deadline"] = "2015-12-31T23:59:59Z", ["planPoint"] = 6,
            ["source"] = "reportedCapacity", ["countries"] = new JsonArray([.. countries.Select(c => (JsonNode)c)]),
        };
        await File.WriteAllTextAsync(file, new JsonArray(Places("greece-30000", 30_000, "GR"), Places("others-50000", 50_000, "MK", "RS")).ToJsonString());
        return await AggregatorHost.StartAsync(Store, _clock, builder => builder.UseSetting("Commitments:Path", file));
    }

    [OneTimeSetUp]
    public async Task Start()
    {
        // What each stated at the agreement, then during the window, then after the deadline.
        await PublishAsync(
            Capacity("GR", new DateOnly(2015, 10, 24), 10_000), Capacity("GR", new DateOnly(2015, 12, 20), 25_000), Capacity("GR", new DateOnly(2016, 1, 10), 45_000),
            Capacity("MK", new DateOnly(2015, 10, 24), 2_000), Capacity("MK", new DateOnly(2015, 12, 1), 3_000),
            Capacity("RS", new DateOnly(2015, 10, 24), 6_000), Capacity("RS", new DateOnly(2015, 12, 1), 6_500));
    }

    static DailyReportSubmitted Capacity(string country, DateOnly day, int places)
    {
        var report = Messages.Report(country, day);
        return report with { Report = report.Report with { Capacity = new ReceptionCapacity { Total = places, Occupied = 100 } } };
    }

    async Task PublishAsync(params DailyReportSubmitted[] reports)
    {
        foreach (var report in reports)
            await Host.ContactPoints.Publish(report);
        foreach (var report in reports)
            await Host.WaitUntilAsync(db => db.Reports.AnyAsync(r => r.ReportId == report.ReportId && r.Relayed), $"{report.Report.Country} {report.Report.ReportDate}");
    }

    async Task<JsonObject> CommitmentAsync(string id) =>
        (await Host.Http.GetFromJsonAsync<JsonArray>("/api/commitments"))!.Single(c => (string?)c!["id"] == id)!.AsObject();

    [Test]
    public async Task Should_show_a_target_reached_after_the_deadline_as_late()
    {
        var greece = await CommitmentAsync("greece-30000");
        Assert.That((int)greece["progress"]!, Is.EqualTo(15_000), "by the deadline: 25,000 against the 10,000 stated at the agreement");
        Assert.That((int)greece["progressIncludingLate"]!, Is.EqualTo(35_000));
        Assert.That((string?)greece["status"], Is.EqualTo("metLate"), "reached in January 2016: late, not met");
        Assert.That((string?)greece["reachedAt"], Does.StartWith("2016-01-10"));
        Assert.That(greece["records"]!.AsArray().Select(r => (string?)r!["kind"]), Does.Contain("reportedCapacityLate"), "the late figure is shown as late");
    }

    [Test]
    public async Task Should_never_count_greek_places_toward_the_other_countries()
    {
        var others = await CommitmentAsync("others-50000");
        Assert.That((int)others["progress"]!, Is.EqualTo(1_000 + 500), "North Macedonia's and Serbia's places added, and none of Greece's");
        Assert.That((string?)others["status"], Is.EqualTo("missed"));
        Assert.That(others["records"]!.AsArray().Select(r => ((string)r!["reference"]!)[..2]), Has.None.EqualTo("GR"));
    }
}
