namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// One country's stray date must not take over the Commission's pages. A report dated before the
/// route's first reporting day is refused on the bus like at the contact point; a stray date after it
/// is a valid report, but the pages open on the latest day at least half of the reporting countries
/// reported (the route's quorum), not on the single highest date. The picture also shows each
/// country-day's warnings.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_a_stray_date_reaches_the_aggregator(string store) : AggregatorFixture(store)
{
    static readonly DateOnly Day = new(2015, 11, 20);
    static readonly string[] Six = ["GR", "MK", "RS", "HR", "SI", "AT"];

    [OneTimeSetUp]
    public async Task Start()
    {
        // Six of the eleven countries report the 20th; only two have reported the 21st so far.
        foreach (var country in Six)
            await Host.ContactPoints.Publish(Messages.Report(country, Day));
        foreach (var country in new[] { "GR", "MK" })
            await Host.ContactPoints.Publish(Messages.Report(country, Day.AddDays(1)));
        await Host.WaitUntilAsync(db => db.Reports.CountAsync(r => r.ReportDate >= Day).ContinueWith(t => t.Result == 8), "eight reports");
    }

    Task<JsonObject?> RouteAsync() => Host.Http.GetFromJsonAsync<JsonObject>("api/dashboard/route");

    [Test, Order(1)]
    public async Task Should_open_on_the_latest_day_half_the_countries_reported()
    {
        var route = (await RouteAsync())!;
        Assert.That((string?)route["defaultDate"], Is.EqualTo("2015-11-20"), "the 21st has two of eleven");
        var series = (await Host.Http.GetFromJsonAsync<JsonObject>("api/dashboard/series?days=7"))!;
        Assert.That((string?)series["to"], Is.EqualTo("2015-11-20"), "the charts end on the same day");
    }

    [Test, Order(2)]
    public async Task Should_keep_the_default_day_after_a_stray_date_and_a_stray_old_correction()
    {
        await Host.ContactPoints.Publish(Messages.Report("BG", new DateOnly(2022, 2, 12)));
        await Host.ContactPoints.Publish(Messages.Report("GR", new DateOnly(2015, 10, 16), version: 2));
        await Host.ContactPoints.Publish(Messages.Report("GR", new DateOnly(2015, 10, 16)));
        await Host.WaitUntilAsync(db => db.Reports.AnyAsync(r => r.Country == "BG" && r.ReportDate == new DateOnly(2022, 2, 12)), "BG's stray report");
        await Host.WaitUntilAsync(db => db.Reports.AnyAsync(r => r.Country == "GR" && r.ReportDate == new DateOnly(2015, 10, 16) && r.Version == 2 && r.IsLatest),
            "GR's stray old correction");

        var route = (await RouteAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)route["latestReportDate"], Is.EqualTo("2022-02-12"), "the highest date is the stray one");
            Assert.That((string?)route["defaultDate"], Is.EqualTo("2015-11-20"), "the pages still open on the 20th");
        });
    }

    [Test, Order(3)]
    public async Task Should_move_on_once_half_the_countries_reported_the_next_day()
    {
        foreach (var country in new[] { "RS", "HR", "SI", "AT" })
            await Host.ContactPoints.Publish(Messages.Report(country, Day.AddDays(1)));
        await Host.WaitUntilAsync(db => db.Reports.CountAsync(r => r.ReportDate == Day.AddDays(1)).ContinueWith(t => t.Result == 6), "six reports of the 21st");
        Assert.That((string?)(await RouteAsync())!["defaultDate"], Is.EqualTo("2015-11-21"));
    }

    [Test]
    public async Task Should_refuse_a_report_dated_before_the_routes_first_reporting_day()
    {
        var early = new DateOnly(2001, 1, 1);
        await Host.ContactPoints.Publish(Messages.Report("RO", early));
        await Host.WaitUntilAsync(db => db.DeadLetters.AnyAsync(d => d.Queue == "aggregator" && d.Reason.Contains("RO for 2001-01-01") && d.Reason.Contains("reportDate")),
            "the report to be parked, naming reportDate");
        Assert.That(await Host.QueryAsync(db => db.Reports.AnyAsync(r => r.ReportDate == early)), Is.False, "nothing stored");
    }

    [Test]
    public async Task Should_show_each_country_days_warnings_in_the_picture()
    {
        var day = new DateOnly(2015, 12, 2);
        var crowded = Messages.Report("SI", day);
        crowded = crowded with { Report = crowded.Report with { Capacity = new() { Total = 2000, Occupied = 2600 } } };
        await Host.ContactPoints.Publish(crowded);
        await Host.ContactPoints.Publish(Messages.Report("HR", day));
        await Host.WaitUntilAsync(db => db.Reports.CountAsync(r => r.ReportDate == day).ContinueWith(t => t.Result == 2), "both reports");

        var picture = (await Host.Http.GetFromJsonAsync<JsonObject>($"api/picture?date={day:yyyy-MM-dd}"))!;
        JsonArray WarningsOf(string country) => picture["participants"]!.AsArray().Single(p => (string?)p!["country"] == country)!["warnings"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(WarningsOf("SI").Select(w => (string?)w!["field"]), Is.EqualTo(new[] { "capacity.occupied" }));
            Assert.That((string?)WarningsOf("SI")[0]!["message"], Does.Contain("2,600").And.Contain("2,000"));
            Assert.That(WarningsOf("HR"), Is.Empty, "figures that look right get none");
            Assert.That(WarningsOf("DE"), Is.Empty, "nor a country that did not report");
        });
    }
}
