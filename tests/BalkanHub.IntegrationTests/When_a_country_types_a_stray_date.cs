namespace BalkanHub.IntegrationTests;

/// <summary>
/// Reports dated 2001-01-01, 2018-06-23 or 2022-02-12 once made "the latest reported day", and every
/// page opened on an empty day. Across separate processes on a real broker: a date before the route's
/// first reporting day is refused at the contact point with a 400 naming reportDate, and after a stray
/// date and a stray old correction the day the Commission's pages and Greece's console open on is the
/// day the countries reported, unchanged.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_a_country_types_a_stray_date() : NetworkFixture("GR", "MK")
{
    static readonly DateOnly Day = new(2015, 11, 20);
    static readonly DateOnly Old = new(2015, 10, 16);
    static readonly DateOnly Stray = new(2022, 2, 12);

    async Task<(string? Dashboard, string? Latest, string? Charts, string? Console)> DefaultDaysAsync()
    {
        var route = (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/dashboard/route"))!;
        var series = (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/dashboard/series?days=30"))!;
        var console = (await Network.Http("GR").GetFromJsonAsync<JsonObject>("api/reports/default-day"))!;
        return ((string?)route["defaultDate"], (string?)route["latestReportDate"], (string?)series["to"], (string?)console["date"]);
    }

    [Test, Order(1)]
    public async Task Should_answer_400_naming_reportDate_for_a_day_before_the_routes_first_and_relay_nothing()
    {
        foreach (var date in new[] { new DateOnly(2001, 1, 1), new DateOnly(2015, 10, 14) })
        {
            using var response = await Network.PostReportAsync("GR", Samples.GreekReport(date));
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            var errors = JsonNode.Parse(body)!["errors"]!.AsObject();
            Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "reportDate" }), $"{date:yyyy-MM-dd}: the date and nothing else");
            Assert.That((string?)errors["reportDate"]![0], Does.Contain("2015-10-15"));
        }
        var stored = (await Network.Http("GR").GetFromJsonAsync<JsonObject>("api/reports?to=2015-10-14"))!["items"]!.AsArray();
        Assert.That(stored, Is.Empty, "nothing stored, so nothing relayed");
    }

    [Test, Order(2)]
    public async Task Should_keep_the_pages_default_day_after_a_stray_date_and_a_stray_old_correction()
    {
        await Network.SubmitReportAsync("GR", Samples.GreekReport(Old));
        await Network.SubmitReportAsync("GR", Samples.GreekReport(Day));
        await Network.SubmitReportAsync("MK", Samples.PlainReport(Day, arrivals: 5900));
        await Network.WaitForFeedItemAsync(Network.ReportKey("MK", Day));
        await Network.WaitForInboxItemAsync("GR", Network.ReportKey("MK", Day));
        var before = await DefaultDaysAsync();
        Assert.That(before.Dashboard, Is.EqualTo("2015-11-20"), "the day both countries reported");

        // Greece corrects an old day, and North Macedonia mistypes a year: both are valid reports, and relayed.
        var correction = await Network.SubmitReportAsync("GR", Samples.GreekReport(Old, arrivals: 6100));
        Assert.That((int)correction["version"]!, Is.EqualTo(2));
        await Network.SubmitReportAsync("MK", Samples.PlainReport(Stray, arrivals: 5900));
        await Network.WaitForFeedItemAsync(Network.ReportKey("GR", Old, version: 2));
        await Network.WaitForFeedItemAsync(Network.ReportKey("MK", Stray));
        await Network.WaitForInboxItemAsync("GR", Network.ReportKey("MK", Stray));

        var after = await DefaultDaysAsync();
        Assert.Multiple(() =>
        {
            Assert.That(after.Latest, Is.EqualTo(Stray.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "the stray date is the highest one reported");
            Assert.That(after.Dashboard, Is.EqualTo(before.Dashboard), "the Commission's dashboard and brief still open on the 20th");
            Assert.That(after.Charts, Is.EqualTo("2015-11-20"), "the charts end on it");
            Assert.That(after.Console, Is.EqualTo("2015-11-20"), "Greece's console and brief open on it");
        });
    }
}
