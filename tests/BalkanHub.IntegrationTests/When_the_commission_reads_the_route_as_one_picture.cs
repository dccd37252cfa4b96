namespace BalkanHub.IntegrationTests;

/// <summary>
/// What the Commission's picture says, tried as an analyst would: a group crossing three countries is one
/// group entering the route, not three; a cap lifted by hand minutes after it took effect was still in force
/// that day; and the countries warned of a cap's chain reaction hear when it is called off.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_the_commission_reads_the_route_as_one_picture() : NetworkFixture("AT", "GR", "HR", "HU", "MK", "RS", "SI")
{
    protected override void Configure(string service, IDictionary<string, string?> settings)
    {
        // Slovenia's measures take effect by its clock; check it often so the test waits seconds.
        if (service is "SI" or "aggregator")
            settings["Measures__CheckInterval"] = "00:00:00.500";
    }

    async Task<JsonObject> PictureAsync(DateOnly day) =>
        (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>($"api/picture?date={day:yyyy-MM-dd}"))!;

    [Test]
    public async Task Should_count_a_group_crossing_three_countries_once_as_it_enters_the_route()
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-10);
        await Network.SubmitReportAsync("GR", Samples.TransitReport(day, from: "TR", to: "MK", count: 1000));
        await Network.SubmitReportAsync("MK", Samples.TransitReport(day, from: "GR", to: "RS", count: 1000));
        await Network.SubmitReportAsync("RS", Samples.TransitReport(day, from: "MK", to: "HR", count: 1000));
        var picture = await Eventually.Get(async () =>
        {
            var p = await PictureAsync(day);
            return (int)p["totals"]!["countriesReported"]! == 3 ? p : null;
        }, "the three reports in the picture");

        var totals = picture["totals"]!;
        Assert.That((int)totals["entriesIntoRoute"]!, Is.EqualTo(1000), "one group entered the route once, from Turkey");
        Assert.That((int)totals["exitsFromRoute"]!, Is.EqualTo(0), "nobody left the route: Croatia is on it");
        Assert.That(totals["arrivals"], Is.Null, "no sum of arrivals across countries to misread");
        var arrivals = picture["participants"]!.AsArray().Where(p => (bool)p!["reported"]!).ToDictionary(p => (string)p!["country"]!, p => (int)p!["arrivals"]!);
        Assert.That(arrivals, Is.EquivalentTo(new Dictionary<string, int> { ["GR"] = 1000, ["MK"] = 1000, ["RS"] = 1000 }), "each country's own arrivals stay its own");
    }

    [Test]
    public async Task Should_keep_a_cap_lifted_by_hand_in_the_picture_of_the_day_it_was_in_force()
    {
        var notice = new JsonObject
        {
            ["type"] = "dailyCap",
            ["title"] = "Entries capped at 2,500 a day at Šentilj",
            ["affectedCrossingPoints"] = new JsonArray("AT-SI-SPIELFELD"),
            ["effectiveFrom"] = DateTimeOffset.UtcNow.AddSeconds(3).ToString("O", CultureInfo.InvariantCulture),
            ["parameters"] = new JsonObject { ["dailyCap"] = 2500 },
            ["severity"] = "severe",
        };
        using var announced = await Network.Http("SI").PostAsJsonAsync("api/measures", notice);
        Assert.That(announced.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await announced.Content.ReadAsStringAsync());
        var id = (string)(await announced.Content.ReadFromJsonAsync<JsonObject>())!["measure"]!["measureId"]!;
        await Network.WaitForFeedItemAsync($"measure:{id}:r2");
        using (var lifted = await Network.Http("SI").PostAsJsonAsync($"api/measures/{id}/lift", new JsonObject { ["reason"] = "Austria agreed to take the trains" }))
            Assert.That(lifted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await lifted.Content.ReadAsStringAsync());
        await Network.WaitForFeedItemAsync($"measure:{id}:r3");

        // Slovenia's own calendar day: the picture holds a measure to its country's time zone.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Ljubljana")).DateTime);
        var slovenia = (await PictureAsync(today))["participants"]!.AsArray().Single(p => (string?)p!["country"] == "SI")!;
        var cap = slovenia["measuresInForce"]!.AsArray().SingleOrDefault(m => (string?)m!["measureId"] == id);
        Assert.That(cap, Is.Not.Null, "in force for a few seconds today, lifted by hand: still in today's picture");
        Assert.That((bool?)cap!["lifted"], Is.True);
        Assert.That(cap["effectiveUntil"], Is.Not.Null, "with the moment it was lifted");
    }

    [Test]
    public async Task Should_withdraw_the_warnings_of_a_cap_that_is_called_off()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var day = today.AddDays(-3); day < today; day = day.AddDays(1))
            await Network.SubmitReportAsync("HR", Samples.TransitReport(day, from: "RS", to: "SI", count: 6000));
        await Network.WaitForFeedItemAsync(Network.ReportKey("HR", today.AddDays(-1)));

        var notice = new JsonObject
        {
            ["type"] = "dailyCap",
            ["title"] = "Entries from Croatia capped at 2,500 a day",
            ["affectedCrossingPoints"] = new JsonArray("HR-SI-BREGANA", "HR-SI-SAVSKI-MAROF"),
            ["effectiveFrom"] = DateTimeOffset.UtcNow.AddHours(48).ToString("O", CultureInfo.InvariantCulture),
            ["parameters"] = new JsonObject { ["dailyCap"] = 2500 },
            ["severity"] = "severe",
        };
        using var announced = await Network.Http("SI").PostAsJsonAsync("api/measures", notice);
        Assert.That(announced.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await announced.Content.ReadAsStringAsync());
        var id = (string)(await announced.Content.ReadFromJsonAsync<JsonObject>())!["measure"]!["measureId"]!;
        var warning = await Network.WaitForInboxItemAsync("RS", $"chain:measure:{id}:r1:HR:RS");
        Assert.That((int)warning["payload"]!["estimate"]!["projectedBacklogPerDay"]!, Is.EqualTo(3500), "6,000 a day toward Slovenia, minus the cap");

        // A change is an updated estimate for those still concerned, not a withdrawal.
        notice["parameters"]!["dailyCap"] = 4000;
        notice["reason"] = "Dobova can take more";
        using (var updated = await Network.Http("SI").PutAsJsonAsync($"api/measures/{id}", notice))
            Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await updated.Content.ReadAsStringAsync());
        var revised = await Network.WaitForInboxItemAsync("RS", $"chain:measure:{id}:r2:HR:RS");
        Assert.That((int)revised["payload"]!["estimate"]!["projectedBacklogPerDay"]!, Is.EqualTo(2000));

        using (var cancelled = await Network.Http("SI").PostAsJsonAsync($"api/measures/{id}/cancel", new JsonObject { ["reason"] = "Agreement reached with Croatia" }))
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await cancelled.Content.ReadAsStringAsync());
        foreach (var warned in new[] { "HR", "RS" })
        {
            var withdrawn = await Network.WaitForInboxItemAsync(warned, $"chain-withdrawn:measure:{id}:r3:HR:{warned}");
            Assert.That((string?)withdrawn["messageType"], Is.EqualTo("ChainReactionWithdrawn"));
            Assert.That((string?)withdrawn["payload"]!["withdrawnItemKey"], Is.EqualTo($"measure:{id}:r2"), $"{warned} hears the latest estimate is off");
            Assert.That((int)withdrawn["payload"]!["withdrawnBacklogPerDay"]!, Is.EqualTo(2000));
            Assert.That((bool?)withdrawn["exercise"], Is.False);
        }
        var feed = (await Network.FeedAsync()).Where(e => (string?)e["messageType"] == "ChainReactionWithdrawn"
            && ((string)e["itemKey"]!).Contains(id, StringComparison.Ordinal)).Select(e => (string)e["payload"]!["country"]!).Order(StringComparer.Ordinal);
        Assert.That(feed, Is.EqualTo(new[] { "HR", "RS" }), "the Commission's feed holds each withdrawal");
        Assert.That((await Network.InboxAsync("RS")).Count(i => ((string)i["itemKey"]!).StartsWith($"chain-withdrawn:measure:{id}", StringComparison.Ordinal)), Is.EqualTo(1),
            "the update withdrew nothing from Serbia: it was still warned, with a new estimate");
    }
}
