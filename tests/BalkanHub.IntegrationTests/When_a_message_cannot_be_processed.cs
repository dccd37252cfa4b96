using System.Text;
using RabbitMQ.Client;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// Poison messages are parked where an operator sees them with their reason (at once when they break
/// the rules, after a bounded number of retries when the cause may pass); the messages behind them keep flowing; after a fix, a replay processes them once.
/// The poison here is a real kind: Greece's contact point already knows a new crossing point that the
/// aggregator's route file does not list yet.
/// </summary>
[TestFixture]
[Category("Faults")]
public sealed class When_a_message_cannot_be_processed() : NetworkFixture("GR", "MK")
{
    string _newerRoute = "";

    protected override async Task PrepareAsync()
    {
        _newerRoute = Path.Combine(Directory.CreateTempSubdirectory("balkanhub-route.").FullName, "route.json");
        await File.WriteAllTextAsync(_newerRoute, (await File.ReadAllTextAsync(Repository.RouteFile)).Replace(
            "{ \"code\": \"GR-MK-IDOMENI\"",
            "{ \"code\": \"GR-MK-DOJRAN\", \"name\": \"Dojran (opened after the route file was last shared)\", \"countries\": [ \"GR\", \"MK\" ] },\n    { \"code\": \"GR-MK-IDOMENI\"",
            StringComparison.Ordinal));
    }

    protected override void Configure(string service, IDictionary<string, string?> settings)
    {
        if (service == "GR")
            settings["Route__Path"] = _newerRoute;
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (_newerRoute.Length > 0)
            Directory.Delete(Path.GetDirectoryName(_newerRoute)!, recursive: true);
    }

    HttpClient Operator() => Network.Client(Network.Aggregator.BaseAddress, Network.Key.Token("EU", "operator"));

    async Task<List<JsonObject>> DeadLettersAsync(string? status = null)
    {
        using var client = Operator();
        var page = await client.GetFromJsonAsync<JsonObject>($"api/admin/dead-letters?limit=1000{(status is null ? "" : $"&status={status}")}");
        return [.. page!["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    [Test]
    public async Task Should_park_the_poison_keep_the_rest_flowing_and_process_it_once_after_a_replay()
    {
        var poisoned = new DateOnly(2015, 11, 2);
        var report = Samples.GreekReport(poisoned);
        report["departures"]!["byCrossingPoint"] = new JsonArray(new JsonObject { ["crossingPoint"] = "GR-MK-DOJRAN", ["count"] = 5800 });
        await Network.SubmitReportAsync("GR", report);
        var behind = new DateOnly(2015, 11, 3);
        await Network.SubmitReportAsync("GR", Samples.GreekReport(behind));
        await PublishGarbageAsync();

        await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", behind));
        var parked = await Eventually.Get(async () =>
        {
            var letters = await DeadLettersAsync("parked");
            return letters.Count >= 2 ? letters : null;
        }, "both poison messages to be parked");

        var invalid = parked.Single(l => ((string)l["reason"]!).Contains("GR-MK-DOJRAN", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That((string?)invalid["queue"], Is.EqualTo("aggregator"));
            // It breaks the route's rules, which no retry changes: parked at once, the ones behind it not held up.
            Assert.That((int?)invalid["retries"] ?? 0, Is.Zero, "parked at once, not retried in vain");
            Assert.That(invalid["headers"]!["userId"]!.ToString(), Is.EqualTo("contact-point-gr"), "listed with its headers");
            Assert.That(parked.Any(l => (string?)l["reason"] != (string?)invalid["reason"]), Is.True, "the undeserializable one too, with its own reason");
        });
        Assert.That((await Network.InboxAsync("MK")).Select(i => (string?)i["itemKey"]), Has.None.EqualTo(Network.ReportKey("GR", poisoned)));

        using (var viewer = Network.Client(Network.Aggregator.BaseAddress, Network.Key.Token("GR", "officer")))
            Assert.That((await viewer.GetAsync(new Uri("api/admin/dead-letters", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden),
                "dead letters are for operators");

        // The fix: the aggregator gets the newer route file. Then the operator replays, twice by mistake.
        Network.Aggregator.Restart(new Dictionary<string, string> { ["Route__Path"] = _newerRoute });
        await Network.Aggregator.WaitUntilReadyAsync();
        using (var client = Operator())
        {
            using var replay = await client.PostAsync(new Uri($"api/admin/dead-letters/{invalid["id"]}/replay", UriKind.Relative), null);
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK), await replay.Content.ReadAsStringAsync());
            using var again = await client.PostAsync(new Uri($"api/admin/dead-letters/{invalid["id"]}/replay", UriKind.Relative), null);
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        }
        await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", poisoned));
        var marker = new DateOnly(2015, 11, 4);
        await Network.SubmitReportAsync("GR", Samples.GreekReport(marker));
        await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", marker));
        Assert.That((await Network.InboxAsync("MK")).Count(i => (string?)i["itemKey"] == Network.ReportKey("GR", poisoned)), Is.EqualTo(1), "processed once");
        Assert.That((await Network.FeedAsync()).Count(i => (string?)i["itemKey"] == Network.ReportKey("GR", poisoned)), Is.EqualTo(1));

        // The garbage cannot be fixed: it is discarded, with the reason on record.
        var garbage = (await DeadLettersAsync("parked")).Single();
        using (var client = Operator())
        {
            using var noReason = await client.PostAsJsonAsync($"api/admin/dead-letters/{garbage["id"]}/discard", new { reason = "" });
            Assert.That(noReason.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            using var discard = await client.PostAsJsonAsync($"api/admin/dead-letters/{garbage["id"]}/discard", new { reason = "Not a BalkanHub message; GR's IT team was testing." });
            Assert.That(discard.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var discarded = (await DeadLettersAsync("discarded")).Single();
        Assert.That((string?)discarded["resolution"], Does.Contain("GR's IT team"));
        Assert.That((string?)discarded["resolvedBy"], Is.EqualTo("test-eu-operator"));
    }

    /// <summary>A message no one can read, sent with Greece's own credentials: not a security matter, just broken.</summary>
    async Task PublishGarbageAsync()
    {
        await using var connection = await new ConnectionFactory { Uri = Broker.UriFor("contact-point-gr") }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = Guid.NewGuid().ToString(), UserId = "contact-point-gr", Persistent = true };
        await channel.BasicPublishAsync("BalkanHub.Contracts:DailyReportSubmitted", "", mandatory: true, properties, Encoding.UTF8.GetBytes("{\"messageType\": [\"urn:message:BalkanHub.Contracts:DailyReportSubmitted\"], \"message\": {\"report\": [}"));
    }
}
