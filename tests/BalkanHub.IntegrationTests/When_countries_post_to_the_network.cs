using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// The whole 2015 network (the aggregator and eleven contact points, each its own process, each its own
/// broker user) on a real RabbitMQ node loaded with deploy/rabbitmq/definitions.json: what one country posts reaches its neighbours and the Commission, and nobody else.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_countries_post_to_theNetwork() : NetworkFixture(Network.AllCountries)
{
    static int _days;

    // Every test reports on days of its own, so tests never see each other's items.
    static DateOnly NewDay() => new DateOnly(2017, 6, 1).AddDays(Interlocked.Increment(ref _days));
    [Test]
    public async Task Should_relay_a_report_to_the_neighbours_and_the_feed_and_to_nobody_else()
    {
        var day = NewDay();
        await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        var key = Network.ReportKey("GR", day);

        foreach (var neighbour in new[] { "AL", "BG", "MK" })
        {
            var item = await Network.WaitForInboxItemAsync(neighbour, key);
            Assert.That((int)item["payload"]!["report"]!["arrivals"]!["total"]!, Is.EqualTo(6000), $"{neighbour} received GR's figures");
        }
        var entry = await Network.WaitForFeedItemAsync(key);
        Assert.That(Recipients(entry), Is.EqualTo(new[] { "AL", "BG", "MK" }), "the feed records exactly the neighbours as recipients");

        await ProveNeverReachedAsync([key], "RS", "HR", "SI", "AT", "DE", "HU", "RO");
    }

    [Test]
    public async Task Should_relay_a_measure_and_its_cancellation_to_the_neighbours_and_the_feed_and_to_nobody_else()
    {
        var effective = DateTimeOffset.UtcNow.AddDays(3);
        var notice = new JsonObject
        {
            ["type"] = "dailyCap",
            ["title"] = "Daily cap of 2,500 at Idomeni",
            ["affectedCrossingPoints"] = new JsonArray("GR-MK-IDOMENI"),
            ["effectiveFrom"] = effective.ToString("O", CultureInfo.InvariantCulture),
            ["parameters"] = new JsonObject { ["dailyCap"] = 2500 },
            ["severity"] = "severe",
        };
        using var announced = await Network.Http("GR").PostAsJsonAsync("api/measures", notice);
        Assert.That(announced.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await announced.Content.ReadAsStringAsync());
        var measureId = (string)(await announced.Content.ReadFromJsonAsync<JsonObject>())!["measure"]!["measureId"]!;

        using var cancelled = await Network.Http("GR").PostAsJsonAsync($"api/measures/{measureId}/cancel", new { reason = "Agreed with MK to keep Idomeni open" });
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await cancelled.Content.ReadAsStringAsync());

        string[] keys = [$"measure:{measureId}:r1", $"measure:{measureId}:r2"];
        foreach (var neighbour in new[] { "AL", "BG", "MK" })
        {
            await Network.WaitForInboxItemAsync(neighbour, keys[1]);
            var items = (await Network.InboxAsync(neighbour)).Where(i => keys.Contains((string?)i["itemKey"])).ToList();
            Assert.That(items.Select(i => (string?)i["messageType"]), Is.EqualTo(new[] { "MeasureAnnounced", "MeasureCancelled" }),
                $"{neighbour} sees the announcement, then the cancellation");
            Assert.That(items.All(i => (bool)i["requiresAcknowledgement"]!), Is.True, "measures must be acknowledged");
        }
        foreach (var key in keys)
            Assert.That(Recipients(await Network.WaitForFeedItemAsync(key)), Is.EqualTo(new[] { "AL", "BG", "MK" }));

        await ProveNeverReachedAsync(keys, "RS", "HR", "SI", "AT", "DE", "HU", "RO");
    }

    [Test]
    public async Task Should_store_and_relay_a_retried_post_once()
    {
        var day = NewDay();
        var key = $"retry-{Guid.NewGuid()}";
        using var first = await Network.PostReportAsync("GR", Samples.GreekReport(day), key);
        using var retry = await Network.PostReportAsync("GR", Samples.GreekReport(day), key);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var firstBody = await first.Content.ReadFromJsonAsync<JsonObject>();
        var retryBody = await retry.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(retryBody!.ToJsonString(), Is.EqualTo(firstBody!.ToJsonString()), "the retry gets the first answer");
        Assert.That(retry.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));

        using var misuse = await Network.PostReportAsync("GR", Samples.GreekReport(day, arrivals: 7000), key);
        Assert.That((int)misuse.StatusCode, Is.EqualTo(422), "a key reused for another request is refused");

        // A later report from GR travels the same ordered stream: once it has arrived, anything the
        // retry might have published would have arrived before it.
        var marker = NewDay();
        await Network.SubmitReportAsync("GR", Samples.GreekReport(marker));
        await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", marker));
        await Network.WaitForFeedItemAsync(Network.ReportKey("GR", marker));

        var prefix = $"report:GR:{day:yyyy-MM-dd}:";
        Assert.That((await Network.InboxAsync("MK")).Count(i => ((string)i["itemKey"]!).StartsWith(prefix, StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That((await Network.FeedAsync()).Count(i => ((string)i["itemKey"]!).StartsWith(prefix, StringComparison.Ordinal)), Is.EqualTo(1));
        var versions = await Network.Http("GR").GetFromJsonAsync<JsonArray>($"api/reports/{firstBody!["reportId"]}/versions");
        Assert.That(versions, Has.Count.EqualTo(1), "one version stored");
    }

    [Test]
    public async Task Should_keep_every_version_and_let_the_correction_count()
    {
        var day = NewDay();
        var original = await Network.SubmitReportAsync("GR", Samples.GreekReport(day, arrivals: 6000));
        var correction = await Network.SubmitReportAsync("GR", Samples.GreekReport(day, arrivals: 6500));
        Assert.That((string?)correction["reportId"], Is.EqualTo((string?)original["reportId"]), "a correction is a new version of the same report");
        Assert.That((int)correction["version"]!, Is.EqualTo(2));

        var v1 = Network.ReportKey("GR", day, 1);
        var v2 = Network.ReportKey("GR", day, 2);
        var entry = await Network.WaitForFeedItemAsync(v2);
        Assert.That((string?)entry["supersedes"], Is.EqualTo(v1), "the feed says what the correction replaces");
        Assert.That((await Network.FeedAsync()).Select(i => (string?)i["itemKey"]), Does.Contain(v1), "the original stays in the feed");

        var latest = await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>($"api/reports?country=GR&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        var items = latest!["items"]!.AsArray();
        Assert.That(items, Has.Count.EqualTo(1));
        Assert.That((int)items[0]!["version"]!, Is.EqualTo(2));
        Assert.That((int)items[0]!["report"]!["arrivals"]!["total"]!, Is.EqualTo(6500), "the latest version counts");

        var stored = await Network.AggregatorHttp.GetFromJsonAsync<JsonArray>($"api/reports/{original["reportId"]}/versions");
        Assert.That(stored!.Select(v => (int)v!["report"]!["arrivals"]!["total"]!), Is.EqualTo(new[] { 6000, 6500 }), "the aggregator keeps both versions");
        var local = await Network.Http("GR").GetFromJsonAsync<JsonArray>($"api/reports/{original["reportId"]}/versions");
        Assert.That(local!.Select(v => (bool)v!["isLatest"]!), Is.EqualTo(new[] { false, true }), "the contact point keeps both versions");

        await Network.WaitForInboxItemAsync("MK", v2);
        var inbox = (await Network.InboxAsync("MK")).Where(i => (string?)i["itemKey"] == v1 || (string?)i["itemKey"] == v2).ToList();
        Assert.That(inbox.Select(i => (string?)i["itemKey"]), Is.EqualTo(new[] { v1, v2 }), "the neighbour receives both, in order");
    }

    static IEnumerable<TestCaseData> BadReports()
    {
        yield return Case("arrivals.total", "a negative count", r => r["arrivals"]!["total"] = -1);
        yield return Case("composition.children", "children exceeding the total", r => r["composition"]!["children"] = 6001);
        yield return Case("composition.unaccompaniedChildren", "unaccompanied children exceeding children",
            r => r["composition"]!["unaccompaniedChildren"] = (int)r["composition"]!["children"]! + 1);
        yield return Case("composition.byNationality[0].nationality", "an unknown nationality code", r => r["composition"]!["byNationality"]![0]!["nationality"] = "QQ");
        yield return Case("reportDate", "a date in the future",
            r => r["reportDate"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        yield return Case("peoplePresent", "a missing field", r => r.Remove("peoplePresent"));

        static TestCaseData Case(string field, string what, Action<JsonObject> spoil) =>
            new TestCaseData(field, spoil).SetArgDisplayNames(what);
    }

    [TestCaseSource(nameof(BadReports))]
    public async Task Should_refuse_bad_input_naming_the_field_and_store_and_publish_nothing(string field, Action<JsonObject> spoil)
    {
        var report = Samples.GreekReport(NewDay());
        spoil(report);
        var day = (string)report["reportDate"]!;

        using var response = await Network.PostReportAsync("GR", report);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(problem!["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());

        var stored = await Network.Http("GR").GetFromJsonAsync<JsonObject>($"api/reports?from={day}&to={day}");
        Assert.That(stored!["items"]!.AsArray(), Is.Empty, "nothing stored");

        // GR's outbox publishes in order: once a later report has reached the feed, a published bad
        // report would be there too.
        var marker = NewDay();
        await Network.SubmitReportAsync("GR", Samples.GreekReport(marker));
        await Network.WaitForFeedItemAsync(Network.ReportKey("GR", marker));
        Assert.That((await Network.FeedAsync()).Select(i => (string)i["itemKey"]!),
            Has.None.StartsWith($"report:GR:{day}:"), "nothing published");
    }

    [Test]
    public async Task Should_push_a_report_to_a_neighbours_SignalR_client_without_polling()
    {
        var day = NewDay();
        var key = Network.ReportKey("GR", day);
        var pushed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Network.ContactPoints["MK"].BaseAddress, "hubs/alerts"),
                o => o.AccessTokenProvider = () => Task.FromResult<string?>(Network.Key.Token("MK", "viewer")))
            .Build();
        connection.On<JsonElement>("Relayed", item =>
        {
            if (item.GetProperty("itemKey").GetString() == key)
                pushed.TrySetResult(item);
        });
        await connection.StartAsync();

        await Network.SubmitReportAsync("GR", Samples.GreekReport(day));

        var item = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(item.GetProperty("source").GetString(), Is.EqualTo("GR"));
        Assert.That(item.GetProperty("sequence").GetInt64(), Is.GreaterThan(0));
        Assert.That(item.GetProperty("payload").GetProperty("report").GetProperty("arrivals").GetProperty("total").GetInt32(), Is.EqualTo(6000));
    }

    [Test]
    public async Task Should_relay_slovenias_reports_to_germany_from_its_subscription_on_without_a_restart_and_never_let_a_neighbours_measures_go()
    {
        using var germany = Network.Client(Network.Aggregator.BaseAddress, Network.Key.Token("DE", "officer"));
        var before = NewDay();
        await Network.SubmitReportAsync("SI", Samples.PlainReport(before));
        var beforeKey = Network.ReportKey("SI", before);
        Assert.That(Recipients(await Network.WaitForFeedItemAsync(beforeKey)), Does.Not.Contain("DE"), "Slovenia is not Germany's neighbour");

        // Germany takes Slovenia's reports, with the last week's history, through the API; nothing restarts.
        using (var subscribed = await germany.PostAsJsonAsync("api/subscriptions", new JsonObject { ["source"] = "SI", ["kind"] = "dailyReport", ["historyDays"] = 7 }))
        {
            Assert.That(subscribed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await subscribed.Content.ReadAsStringAsync());
            var created = (await subscribed.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.That((string?)created["subscription"]!["subscriber"], Is.EqualTo("DE"));
            Assert.That((int)created["historyRelayed"]!, Is.GreaterThanOrEqualTo(1), "the report of before the subscription, as history");
        }
        try
        {
            var history = await Network.WaitForInboxItemAsync("DE", beforeKey);
            var during = NewDay();
            await Network.SubmitReportAsync("SI", Samples.PlainReport(during, arrivals: 2222));
            var duringKey = Network.ReportKey("SI", during);
            var next = await Network.WaitForInboxItemAsync("DE", duringKey);
            Assert.That((int)next["payload"]!["report"]!["arrivals"]!["total"]!, Is.EqualTo(2222));
            Assert.That((long)next["sequence"]!, Is.GreaterThan((long)history["sequence"]!), "in Germany's sequence, after the history");
            Assert.That(Recipients(await Network.WaitForFeedItemAsync(duringKey)), Does.Contain("DE").And.Contain("HR").And.Contain("AT"),
                "the feed records Germany beside Slovenia's neighbours");

            // Listed with what the agreement obliges; another country sees none of it.
            var listed = (await germany.GetFromJsonAsync<JsonArray>("api/subscriptions"))!;
            Assert.That(listed.Any(s => (string?)s!["source"] == "SI" && (string?)s["kind"] == "dailyReport" && !(bool)s["obligatory"]!), Is.True);
            Assert.That(listed.Any(s => (string?)s!["source"] == "AT" && (string?)s["kind"] == "measure" && (bool)s["obligatory"]!), Is.True);
            Assert.That(listed.All(s => (string?)s!["subscriber"] == "DE"), Is.True);
            using var hungary = Network.Client(Network.Aggregator.BaseAddress, Network.Key.Token("HU", "officer"));
            Assert.That((await hungary.GetFromJsonAsync<JsonArray>("api/subscriptions"))!.All(s => (string?)s!["subscriber"] == "HU"), Is.True);
        }
        finally
        {
            using var removed = await germany.DeleteAsync(new Uri("api/subscriptions?source=SI&kind=dailyReport", UriKind.Relative));
            Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        // Unsubscribed, the next report does not reach Germany.
        var after = NewDay();
        await Network.SubmitReportAsync("SI", Samples.PlainReport(after));
        var afterKey = Network.ReportKey("SI", after);
        Assert.That(Recipients(await Network.WaitForFeedItemAsync(afterKey)), Does.Not.Contain("DE"));
        await ProveNeverReachedAsync([afterKey], "DE");

        // A neighbour's measures are the agreement's, not a subscription: they cannot be given up.
        using (var giveUp = await germany.DeleteAsync(new Uri("api/subscriptions?source=AT&kind=measure", UriKind.Relative)))
        {
            Assert.That(giveUp.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await giveUp.Content.ReadAsStringAsync());
            Assert.That(await giveUp.Content.ReadAsStringAsync(), Does.Contain("AT is DE's neighbour"));
        }

        // Each country acts only as itself; bad requests name their fields; every change is audited.
        using (var viewer = Network.Client(Network.Aggregator.BaseAddress, Network.Key.Token("DE", "viewer")))
        using (var asViewer = await viewer.PostAsJsonAsync("api/subscriptions", new JsonObject { ["source"] = "SI", ["kind"] = "measure" }))
            Assert.That(asViewer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using (var forAnother = await germany.PostAsJsonAsync("api/subscriptions", new JsonObject { ["source"] = "SI", ["kind"] = "measure", ["subscriber"] = "HU" }))
            Assert.That(forAnother.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "Germany cannot subscribe Hungary");
        using (var bad = await germany.PostAsJsonAsync("api/subscriptions", new JsonObject { ["source"] = "FR", ["kind"] = "alert", ["historyDays"] = 90 }))
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
            Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "source", "kind", "historyDays" }));
        }
        using (var commissionWithoutSubscriber = await Network.AggregatorHttp.PostAsJsonAsync("api/subscriptions", new JsonObject { ["source"] = "SI", ["kind"] = "measure" }))
            Assert.That(await commissionWithoutSubscriber.Content.ReadAsStringAsync(), Does.Contain("\"subscriber\""));
        var audit = (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/audit?actorCountry=DE&limit=1000"))!["items"]!.AsArray()
            .Select(a => (string?)a!["action"]).ToList();
        Assert.That(audit, Does.Contain("subscription.create").And.Contain("subscription.remove"));
    }

    static string[] Recipients(JsonObject feedEntry) =>
        [.. feedEntry["recipients"]!.AsArray().Select(r => (string)r!["recipient"]!)];

    /// <summary>
    /// Proves items never reached the given countries. Relays to one recipient are numbered and shown in
    /// order, so once a later item (a marker report from HU or AT) is visible in a country's inbox, an
    /// earlier relay of the items would be visible too.
    /// </summary>
    async Task ProveNeverReachedAsync(IReadOnlyCollection<string> itemKeys, params string[] countries)
    {
        var markers = new Dictionary<string, string[]>
        {
            ["HU"] = ["AT", "HR", "RO", "RS", "SI"],
            ["AT"] = ["DE", "HU", "SI"],
        };
        var day = NewDay();
        foreach (var sender in markers.Keys)
            await Network.SubmitReportAsync(sender, Samples.PlainReport(day));

        foreach (var country in countries)
        {
            var sender = markers.First(m => m.Value.Contains(country)).Key;
            await Network.WaitForInboxItemAsync(country, Network.ReportKey(sender, day));
            var seen = (await Network.InboxAsync(country)).Select(i => (string)i["itemKey"]!).ToList();
            Assert.That(seen.Intersect(itemKeys), Is.Empty, $"{country} must never receive {string.Join(", ", itemKeys)}");
        }
    }
}
