using System.Xml.Linq;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// Slovenia drills the closure of its border with Croatia as an exercise, then calls it off. Croatia has
/// been passing Serbia's arrivals on to Slovenia, so the hub estimates a backlog in Croatia and warns Serbia.
/// Everything the drill causes (the notice, the chain-reaction warning, Croatia's acknowledgement, the
/// reminders to the neighbours who did not acknowledge, the withdrawals, Serbia's email and webhook) is
/// marked as an exercise at every recipient, and not one real figure, median, commitment or real CAP alert
/// moves because of it.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_an_exercise_closes_a_border() : NetworkFixture(Countries)
{
    static readonly TimeSpan AcknowledgementWindow = TimeSpan.FromSeconds(8);
    static readonly string[] Countries = ["AT", "HR", "HU", "RS", "SI"];
    static readonly string Secret = WebhookReceiver.NewSecret();
    WebhookReceiver _webhook = null!;
    readonly SmtpSink _smtp = new();

    protected override async Task PrepareAsync()
    {
        _webhook = await WebhookReceiver.StartAsync(failFirst: 0);
    }

    protected override void Configure(string service, IDictionary<string, string?> settings)
    {
        if (service == "aggregator")
        {
            settings["Measures__CheckInterval"] = "00:00:00.500";
            settings["Measures__AcknowledgementWindow"] = AcknowledgementWindow.ToString("c", CultureInfo.InvariantCulture);
        }
        // Serbia for the chain-reaction warning; Slovenia, the announcer, for the notice of its neighbours' missed deadlines.
        if (service is "RS" or "SI")
            NotificationSettings.To(settings, service, _webhook, Secret, _smtp);
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (_webhook is not null)
            await _webhook.DisposeAsync();
    }

    /// <summary>What the Commission's real views say, to compare before and after the drill.</summary>
    async Task<string> RealFiguresAsync()
    {
        var http = Network.AggregatorHttp;
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var measures = (await http.GetFromJsonAsync<JsonObject>("api/measures?limit=1000"))!;
        var picture = (await http.GetFromJsonAsync<JsonObject>($"api/picture?date={today}"))!;
        var compliance = (await http.GetFromJsonAsync<JsonObject>("api/compliance"))!;
        var commitments = (await http.GetFromJsonAsync<JsonArray>("api/commitments"))!;
        var atom = XDocument.Parse(await http.GetStringAsync(new Uri("/feeds/measures.atom", UriKind.Relative)));
        XNamespace a = "http://www.w3.org/2005/Atom";
        return new JsonObject
        {
            ["figures"] = measures["figures"]!.DeepClone(),
            ["realMeasures"] = new JsonArray([.. measures["items"]!.AsArray().Where(m => (bool?)m!["measure"]!["exercise"] != true).Select(m => m!["measure"]!["measureId"]!.DeepClone())]),
            ["inForce"] = new JsonArray([.. picture["participants"]!.AsArray().Select(p => p!["measuresInForce"]!.DeepClone())]),
            ["totals"] = picture["totals"]!.DeepClone(),
            ["overdue"] = compliance["overdueAcknowledgements"]!.DeepClone(),
            ["commitments"] = new JsonArray([.. commitments.Select(c => new JsonObject { ["id"] = c!["id"]!.DeepClone(), ["progress"] = c["progress"]!.DeepClone(), ["status"] = c["status"]!.DeepClone() })]),
            ["atom"] = new JsonArray([.. atom.Descendants(a + "entry").Select(e => (JsonNode)(string)e.Element(a + "id")!)]),
        }.ToJsonString();
    }

    // Before the network stops (NUnit's analyzers want disposal in a teardown): its processes no longer need it.
    [OneTimeTearDown]
    public void Stop_the_mail_server() => _smtp.Dispose();

    [Test]
    public async Task Should_mark_everything_the_drill_causes_as_an_exercise_and_move_no_real_figure()
    {
        // Croatia has been passing Serbia's arrivals on to Slovenia: a closure on that border holds people in Croatia.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var day = today.AddDays(-3); day < today; day = day.AddDays(1))
            await Network.SubmitReportAsync("HR", Samples.TransitReport(day, from: "RS", to: "SI", count: 4000));
        await Network.WaitForFeedItemAsync(Network.ReportKey("HR", today.AddDays(-1)));
        var before = await RealFiguresAsync();

        var notice = new JsonObject
        {
            ["type"] = "borderClosure",
            ["title"] = "Drill: border with Croatia closed",
            ["affectedCrossingPoints"] = new JsonArray("HR-SI-BREGANA", "HR-SI-SAVSKI-MAROF", "HR-SI-TRNOVEC"),
            ["effectiveFrom"] = DateTimeOffset.UtcNow.AddHours(2).ToString("O", CultureInfo.InvariantCulture),
            ["severity"] = "extreme",
            ["exercise"] = true,
        };
        using var announced = await Network.Http("SI").PostAsJsonAsync("api/measures", notice);
        Assert.That(announced.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await announced.Content.ReadAsStringAsync());
        var id = (string)(await announced.Content.ReadFromJsonAsync<JsonObject>())!["measure"]!["measureId"]!;
        var first = $"measure:{id}:r1";

        // Serbia is warned that the backlog comes back to it: as an exercise, in the relay and in the warning itself.
        var warning = await Network.WaitForInboxItemAsync("RS", $"chain:{first}:HR:RS");
        Assert.That((bool?)warning["exercise"], Is.True, "the relay of the warning is marked");
        Assert.That((bool?)warning["payload"]!["exercise"], Is.True, "and the warning itself says so");
        var croatia = await Network.WaitForInboxItemAsync("HR", first);
        Assert.That((bool?)croatia["exercise"], Is.True);
        Assert.That(croatia["chainReaction"], Is.Not.Null, "Croatia gets the estimate for its side");

        // Croatia acknowledges; Austria and Hungary let the deadline pass.
        using (var ack = await Network.Http("HR").PostAsync(new Uri($"api/inbox/{(long)croatia["sequence"]!}/ack", UriKind.Relative), null))
            Assert.That(ack.IsSuccessStatusCode, Is.True, $"HR acknowledges: {(int)ack.StatusCode}");
        var acknowledged = await Network.WaitForInboxItemAsync("SI", $"ack:HR:{first}");
        Assert.That((bool?)acknowledged["exercise"], Is.True, "Slovenia hears of the acknowledgement as an exercise");
        foreach (var late in new[] { "AT", "HU" })
        {
            var reminder = await Network.WaitForInboxItemAsync(late, $"overdue:{late}:{first}");
            Assert.That((bool?)reminder["exercise"], Is.True, $"{late}'s reminder is marked");
            Assert.That((bool?)reminder["payload"]!["exercise"], Is.True, $"{late}'s reminder says so itself");
            // Slovenia announced the closure: it is told that this neighbour may not be ready, as an exercise too.
            var told = await Network.WaitForInboxItemAsync("SI", $"overdue:{late}:{first}");
            Assert.That((bool?)told["exercise"], Is.True, $"Slovenia's notice about {late} is marked");
            Assert.That((string?)told["payload"]!["country"], Is.EqualTo(late));
        }
        Assert.That((await Network.InboxAsync("SI")).Select(i => (string?)i["itemKey"]), Has.None.EqualTo($"overdue:HR:{first}"),
            "Croatia acknowledged in time: nothing to tell Slovenia about it");

        // Called off: Croatia and Serbia hear that the estimate no longer holds, as an exercise.
        using (var cancelled = await Network.Http("SI").PostAsJsonAsync($"api/measures/{id}/cancel", new JsonObject { ["reason"] = "End of the drill" }))
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await cancelled.Content.ReadAsStringAsync());
        foreach (var warned in new[] { "HR", "RS" })
        {
            var withdrawn = await Network.WaitForInboxItemAsync(warned, $"chain-withdrawn:measure:{id}:r2:HR:{warned}");
            Assert.That((bool?)withdrawn["exercise"], Is.True, $"{warned}'s withdrawal is marked");
            Assert.That((bool?)withdrawn["payload"]!["exercise"], Is.True);
        }

        // Every item the drill caused, at every recipient and in the feed, is an exercise.
        foreach (var country in Countries)
        {
            var caused = (await Network.InboxAsync(country)).Where(i => ((string)i["itemKey"]!).Contains(id, StringComparison.Ordinal)).ToList();
            Assert.That(caused.Where(i => (bool?)i["exercise"] != true).Select(i => (string?)i["itemKey"]), Is.Empty, $"unmarked items at {country}");
        }
        var feed = (await Network.FeedAsync()).Where(e => ((string)e["itemKey"]!).Contains(id, StringComparison.Ordinal)).ToList();
        Assert.That(feed.Select(e => (string?)e["messageType"]).Distinct(),
            Is.SupersetOf(new[] { "MeasureAnnounced", "ChainReactionWarning", "RelayAcknowledged", "AcknowledgementOverdue", "MeasureCancelled", "ChainReactionWithdrawn" }));
        Assert.That(feed.Where(e => (bool?)e["exercise"] != true).Select(e => (string?)e["itemKey"]), Is.Empty, "unmarked items in the Commission's feed");

        // Serbia's duty officer is interrupted only by something that says EXERCISE first.
        var email = await Eventually.Get(async () => await Task.FromResult(_smtp.Messages.FirstOrDefault(m => m.TextBody?.Contains(id, StringComparison.Ordinal) == true
            && m.To.ToString().Contains("@rs.example", StringComparison.Ordinal))), "Serbia's email about the drill's warning");
        Assert.That(email.Subject, Does.StartWith("EXERCISE"));
        // Slovenia's duty officer reads, in words and as a drill, which neighbour has not acknowledged.
        var notices = await Eventually.Get(async () => await Task.FromResult(_smtp.Messages.Where(m => m.To.ToString().Contains("@si.example", StringComparison.Ordinal)
            && m.Subject?.Contains("has not acknowledged your", StringComparison.Ordinal) == true).ToList() is { Count: 2 } two ? two : null), "Slovenia's two emails about the missed deadlines");
        Assert.That(notices.Select(m => m.Subject), Has.All.StartWith("EXERCISE"));
        Assert.That(notices.Select(m => m.Subject), Has.Some.Contains("AT has not acknowledged your").And.Some.Contains("HU has not acknowledged your"));
        var webhook = await Eventually.Get(async () => await Task.FromResult(_webhook.Calls.Select(c => JsonNode.Parse(c.Body)!.AsObject())
            .FirstOrDefault(b => (string?)b["country"] == "RS" && ((string)b["item"]!["itemKey"]!).Contains(id, StringComparison.Ordinal))), "Serbia's webhook about the drill's warning");
        Assert.That((string?)webhook["headline"], Does.StartWith("EXERCISE"));
        Assert.That((bool?)webhook["exercise"], Is.True);

        // Nothing real moved: figures, medians, measures in force, overdue acknowledgements, commitments, the real CAP feed.
        Assert.That(await RealFiguresAsync(), Is.EqualTo(before));
        var drill = XDocument.Parse(await Network.AggregatorHttp.GetStringAsync(new Uri("/feeds/measures.atom?exercise=true", UriKind.Relative)));
        XNamespace cap = "urn:oasis:names:tc:emergency:cap:1.2";
        var statuses = drill.Descendants(cap + "alert").Where(a => ((string)a.Element(cap + "identifier")!).Contains(id, StringComparison.Ordinal))
            .Select(a => (string?)a.Element(cap + "status")).ToList();
        Assert.That(statuses, Has.Count.EqualTo(2).And.All.EqualTo("Exercise"), "the exercise feed carries the drill's two alerts");
    }
}
