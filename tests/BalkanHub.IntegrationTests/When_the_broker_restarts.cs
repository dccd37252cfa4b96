namespace BalkanHub.IntegrationTests;

/// <summary>
/// A 202 is a promise: reports a contact point accepts while the broker is down are delivered once it
/// is back, each exactly once; and a connection whose channels stall while it stays open is given up for
/// a new one. The broker here is the test's own node, so stopping it disturbs no other suite.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_the_broker_restarts() : NetworkFixture("GR", "MK")
{
    // Greece gives up on an unconfirmed publish sooner than the shipped 10 s, so that a stall is acted on
    // in about half a minute (two stalls of three attempts each) rather than in a minute.
    protected override void Configure(string service, IDictionary<string, string?> settings)
    {
        if (service == "GR")
            settings["RabbitMq__PublishTimeout"] = "00:00:05";
    }

    [Test, Order(1)]
    public async Task Should_stay_ready_and_deliver_reports_accepted_during_the_outage_exactly_once()
    {
        var first = new DateOnly(2015, 10, 16);
        await Network.SubmitReportAsync("GR", Samples.GreekReport(first));
        await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", first));

        await Broker.StopAsync();
        // Still ready (a load balancer keeps them in rotation: the outbox takes reports), and saying why
        // they are Degraded: the broker.
        foreach (var (country, contactPoint) in Network.ContactPoints)
        {
            using var probe = Network.Client(contactPoint.BaseAddress, token: null);
            var detail = await Eventually.Get(async () =>
            {
                using var ready = await probe.GetAsync(new Uri("health/ready", UriKind.Relative));
                Assert.That(ready.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), $"{country} ready with the broker down");
                var body = (await ready.Content.ReadFromJsonAsync<JsonObject>())!;
                return (string?)body["checks"]!["masstransit-bus"]!["status"] == "Healthy" ? null : body;
            }, $"{country}'s readiness detail to name the broker as down");
            Assert.That((string?)detail["status"], Is.EqualTo("Degraded"), country);
        }
        var during = Enumerable.Range(1, 10).Select(first.AddDays).ToList();
        foreach (var day in during)
            await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        await Broker.StartAgainAsync();

        var keys = during.Select(d => Network.ReportKey("GR", d)).ToList();
        var inbox = await Eventually.Get(async () =>
        {
            var items = await Network.InboxAsync("MK");
            return keys.All(k => items.Any(i => (string?)i["itemKey"] == k)) ? items : null;
        }, "every report accepted during the outage in MK's inbox", TimeSpan.FromMinutes(2));

        var seen = inbox.Select(i => (string)i["itemKey"]!).ToList();
        Assert.That(seen.Where(keys.Contains), Is.EquivalentTo(keys), "each report arrives exactly once");
        Assert.That(seen, Is.Unique, "nothing doubled");
        Assert.That(inbox.Select(i => (long)i["sequence"]!), Is.EqualTo(Enumerable.Range(1, inbox.Count).Select(n => (long)n)),
            "MK's sequence has no gaps");

        var feed = await Network.FeedAsync();
        Assert.That(keys.Select(k => feed.Count(e => (string?)e["itemKey"] == k)), Is.All.EqualTo(1), "the feed holds each once");
    }

    [Test, Order(2)]
    public async Task Should_start_over_on_a_new_connection_when_its_publishes_stall_on_an_open_one()
    {
        var day = new DateOnly(2015, 11, 20);
        var key = Network.ReportKey("GR", day);
        // Greece may still be opening its channels again after the restart above on a loaded machine.
        await Eventually.True(async () => await Broker.FreezeChannelsOfAsync("contact-point-gr") > 0,
            "Greece's channels open on the broker, to freeze them");
        try
        {
            await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
            // Nothing on the old connection is confirmed any more: only a new connection can carry the report.
            await Eventually.Get(async () => (await Network.InboxAsync("MK")).FirstOrDefault(i => (string?)i["itemKey"] == key),
                $"{key} in MK's inbox", TimeSpan.FromMinutes(3));
        }
        finally
        {
            await Broker.ThawChannelsAsync();
        }
        Assert.That(Network.ContactPoints["GR"].FullLog, Does.Contain("aborting it so the bus starts over on a new one"), "Greece said why it reconnected");

        // Thawed, the old channel routes the copy it was holding: the same message, which MK must not get twice.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var inbox = await Network.InboxAsync("MK");
        Assert.That(inbox.Count(i => (string?)i["itemKey"] == key), Is.EqualTo(1), "the report once in MK's inbox");
        var feed = await Network.FeedAsync();
        Assert.That(feed.Count(e => (string?)e["itemKey"] == key), Is.EqualTo(1), "the report once in the Commission's feed");
    }
}
