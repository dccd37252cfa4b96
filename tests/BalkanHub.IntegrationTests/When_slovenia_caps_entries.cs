using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// Slovenia caps entries at Bregana at 2,500 a day, changes the cap, the cap takes effect by itself and
/// ends by itself. Croatia, Hungary and Austria receive every transition in order; the Commission's feed
/// holds the whole history; Croatia's officers hear of it by webhook and email.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_slovenia_caps_entries() : NetworkFixture("SI", "HR", "HU", "AT")
{
    static readonly string Secret = WebhookReceiver.NewSecret();
    static readonly TimeSpan AcknowledgementWindow = TimeSpan.FromSeconds(20);
    WebhookReceiver _webhook = null!;
    WebhookReceiver _broken = null!;
    readonly SmtpSink _smtp = new();

    protected override async Task PrepareAsync()
    {
        _webhook = await WebhookReceiver.StartAsync(failFirst: 2);
        // Hungary's alerting system is down for the whole test.
        _broken = await WebhookReceiver.StartAsync(failFirst: int.MaxValue, failWith: 500);
    }

    protected override void Configure(string service, IDictionary<string, string?> settings)
    {
        // Slovenia's clock and the aggregator's deadlines check often, and acknowledgements are due
        // within seconds rather than hours, so the test can wait seconds rather than hours.
        if (service is "SI" or "aggregator")
            settings["Measures__CheckInterval"] = "00:00:00.500";
        if (service == "aggregator")
            settings["Measures__AcknowledgementWindow"] = AcknowledgementWindow.ToString("c", CultureInfo.InvariantCulture);
        if (service == "HR")
            NotificationSettings.To(settings, service, _webhook, Secret, _smtp);
        if (service == "HU")
        {
            NotificationSettings.To(settings, service, _broken, Secret, _smtp);
            // One short round, then given up: the delivery log must say so within the test.
            settings["Notifications__AttemptsPerRound"] = "3";
            settings["Notifications__GiveUpAfter"] = "00:00:01";
        }
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (_webhook is not null)
            await _webhook.DisposeAsync();
        if (_broken is not null)
            await _broken.DisposeAsync();
    }

    // Before the network stops (NUnit's analyzers want disposal in a teardown): its processes no longer need it.
    [OneTimeTearDown]
    public void Stop_the_mail_server() => _smtp.Dispose();

    [Test]
    public async Task Should_bring_every_transition_in_order_to_each_neighbour_and_to_the_duty_officers()
    {
        var now = DateTimeOffset.UtcNow;
        var notice = new JsonObject
        {
            ["type"] = "dailyCap",
            ["title"] = "Entries capped at 2,500 a day at Bregana",
            ["affectedCrossingPoints"] = new JsonArray("HR-SI-BREGANA"),
            // Far enough ahead that the update below is stored before the cap takes effect even on a
            // loaded CI machine (at 6 s, a clean-clone run saw "took effect" come before "updated").
            ["effectiveFrom"] = now.AddSeconds(20).ToString("O", CultureInfo.InvariantCulture),
            ["effectiveUntil"] = now.AddSeconds(26).ToString("O", CultureInfo.InvariantCulture),
            ["parameters"] = new JsonObject { ["dailyCap"] = 2500 },
            ["severity"] = "severe",
        };
        using var announced = await Network.Http("SI").PostAsJsonAsync("api/measures", notice);
        Assert.That(announced.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var id = (string)(await announced.Content.ReadFromJsonAsync<JsonObject>())!["measure"]!["measureId"]!;
        notice["parameters"]!["dailyCap"] = 2000;
        notice["reason"] = "Camps in Dobova are full";
        using var updated = await Network.Http("SI").PutAsJsonAsync($"api/measures/{id}", notice);
        Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        string[] transitions = ["MeasureAnnounced", "MeasureUpdated", "MeasureTookEffect", "MeasureLifted"];
        foreach (var neighbour in new[] { "HR", "HU", "AT" })
        {
            await Network.WaitForInboxItemAsync(neighbour, $"measure:{id}:r4");
            var items = (await Network.InboxAsync(neighbour)).Where(i => ((string)i["itemKey"]!).StartsWith($"measure:{id}", StringComparison.Ordinal)).ToList();
            Assert.That(items.Select(i => (string?)i["messageType"]), Is.EqualTo(transitions), $"{neighbour} sees every transition, in order");
            // One acknowledgement covers the automatic steps: the announcement and the update ask for one, each
            // with its deadline; taking effect and being lifted ask for none.
            Assert.That(items.Select(i => (bool)i["requiresAcknowledgement"]!), Is.EqualTo(new[] { true, true, false, false }), neighbour);
            Assert.That(items.Take(2).Select(i => i["acknowledgeBy"]), Has.All.Not.Null, "the announcement and the update each with a deadline");
            Assert.That(items.Skip(2).Select(i => i["acknowledgeBy"]), Has.All.Null, "no deadline for what follows by itself");
        }
        // The Commission's list shows the acknowledgements that stand: those the update asked for, not "none asked" of the lifting.
        var summary = (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/measures?country=SI&limit=1000"))!["items"]!.AsArray()
            .Single(m => (string?)m!["measure"]!["measureId"] == id)!;
        Assert.That(summary["acknowledgements"]!.AsArray().Select(a => (string?)a!["country"]), Is.EquivalentTo(new[] { "AT", "HR", "HU" }));
        Assert.That(summary["acknowledgements"]!.AsArray().Select(a => a!["dueAt"]), Has.All.Not.Null, "each neighbour's deadline for the update");

        var history = (await Network.FeedAsync()).Where(e => ((string)e["itemKey"]!).StartsWith($"measure:{id}", StringComparison.Ordinal)).ToList();
        Assert.That(history.Select(e => (string?)e["messageType"]), Is.EqualTo(transitions), "the Commission's feed holds the whole history");
        Assert.That(history.Select(e => (bool?)e["shortNotice"]), Has.All.True, "announced seconds ahead: short notice");

        var delivered = await Eventually.Get(async () => await Task.FromResult(_webhook.Calls.FirstOrDefault(c => c.Status == 200 && c.Body.Contains(id, StringComparison.Ordinal)).Body),
            "Croatia's webhook to receive the announcement");
        Assert.That(_webhook.Calls.Take(2).Select(c => c.Status), Is.EqualTo(new[] { 503, 503 }), "after two failures, retried");
        var call = _webhook.Calls.First(c => c.Status == 200);
        Assert.That(WebhookReceiver.IsSigned(call.Body, call.Headers, Secret), Is.True, "a valid Standard Webhooks signature");
        Assert.That(WebhookReceiver.IsSigned(call.Body, call.Headers, WebhookReceiver.NewSecret()), Is.False, "which another secret does not make");
        Assert.That(WebhookReceiver.IsSigned(call.Body.Replace("\"country\":\"HR\"", "\"country\":\"SI\"", StringComparison.Ordinal), call.Headers, Secret), Is.False, "nor another body");
        Assert.That(_webhook.Calls.Where(c => c.Body.Contains(id, StringComparison.Ordinal) && (string?)JsonNode.Parse(c.Body)!["item"]!["messageType"] == "MeasureAnnounced")
            .Select(c => c.Headers["webhook-id"].ToString()).Distinct().Count(), Is.EqualTo(1), "a retry keeps the delivery's webhook-id, so the receiver can drop repeats");

        var email = await Eventually.Get(async () => await Task.FromResult(_smtp.Messages.FirstOrDefault(m => m.TextBody?.Contains(id, StringComparison.Ordinal) == true
            && m.To.ToString().Contains("@hr.example", StringComparison.Ordinal) && m.TextBody.Contains("Daily cap: 2,500", StringComparison.Ordinal))), "the duty officer's email of the announcement");
        Assert.That(email.Subject, Does.Contain("[BalkanHub HR]").And.Contain("SI"));
        Assert.That(email.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { "duty-officer@hr.example" }));
        // Read as words, in a text and an HTML part, with a link to the item in Croatia's console; no raw message.
        var hr = Network.ContactPoints["HR"].BaseAddress.ToString().TrimEnd('/');
        Assert.That(email.TextBody, Does.Contain("Measure: Entries capped at 2,500 a day at Bregana").And.Contain("Crossing points: ").And.Contain("(HR-SI-BREGANA)")
            .And.Contain("Daily cap: 2,500").And.Contain("Acknowledge by: ").And.Contain($"Open it in the officer console: {hr}/#item-"));
        Assert.That(email.TextBody, Does.Not.Contain("{\"").And.Not.Contain("effectiveFrom"), "no JSON in the email");
        Assert.That(email.HtmlBody, Does.Contain($"<a href=\"{hr}/#item-").And.Contain("Entries capped at 2,500 a day at Bregana"));

        // Hungary's endpoint answers 500 every time: tried, then given up, and its officers can see that in the delivery log.
        var failed = await Eventually.Get(async () =>
            (await Network.Http("HU").GetFromJsonAsync<JsonObject>("api/notifications?channel=webhook&status=failed"))!["items"]!.AsArray()
                .FirstOrDefault(n => ((string)n!["itemKey"]!).Contains(id, StringComparison.Ordinal)), "Hungary's failed webhook in its delivery log");
        Assert.That((int)failed!["attempts"]!, Is.GreaterThanOrEqualTo(3), "retried before giving up");
        Assert.That(failed["history"]!.AsArray().Select(a => (bool)a!["succeeded"]!), Has.All.False);
        Assert.That((string?)failed["lastError"], Does.Contain("500"));
        Assert.That(_broken.Calls.Count(c => c.Body.Contains(id, StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(3), "the endpoint saw each try");
        using var unknown = await Network.Http("HU").GetAsync(new Uri("api/notifications?status=lost", UriKind.Relative));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Should_remind_the_neighbours_that_did_not_acknowledge_and_tell_the_commission()
    {
        var reminded = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? itemKey = null;
        await using var hungary = new HubConnectionBuilder()
            .WithUrl(new Uri(Network.ContactPoints["HU"].BaseAddress, "hubs/alerts"),
                o => o.AccessTokenProvider = () => Task.FromResult<string?>(Network.Key.Token("HU", "viewer")))
            .Build();
        hungary.On<JsonElement>("Relayed", item =>
        {
            if (item.GetProperty("messageType").GetString() == "AcknowledgementOverdue"
                && item.GetProperty("payload").GetProperty("itemKey").GetString() == Volatile.Read(ref itemKey))
                reminded.TrySetResult(item);
        });
        await hungary.StartAsync();

        var now = DateTimeOffset.UtcNow;
        var notice = new JsonObject
        {
            ["type"] = "borderClosure",
            ["title"] = "Bregana closed for two days",
            ["affectedCrossingPoints"] = new JsonArray("HR-SI-BREGANA"),
            ["effectiveFrom"] = now.AddHours(48).ToString("O", CultureInfo.InvariantCulture),
            ["effectiveUntil"] = now.AddHours(96).ToString("O", CultureInfo.InvariantCulture),
            ["severity"] = "extreme",
        };
        using var announced = await Network.Http("SI").PostAsJsonAsync("api/measures", notice);
        Assert.That(announced.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await announced.Content.ReadAsStringAsync());
        var id = (string)(await announced.Content.ReadFromJsonAsync<JsonObject>())!["measure"]!["measureId"]!;
        Volatile.Write(ref itemKey, $"measure:{id}:r1");

        // Croatia's officer acknowledges as soon as the notice is in the inbox; Hungary and Austria never do.
        var croatia = await Network.WaitForInboxItemAsync("HR", itemKey);
        using var ack = await Network.Http("HR").PostAsync(new Uri($"api/inbox/{(long)croatia["sequence"]!}/ack", UriKind.Relative), null);
        Assert.That(ack.IsSuccessStatusCode, Is.True, $"HR acknowledges: {(int)ack.StatusCode}");

        var reminder = await reminded.Task.WaitAsync(AcknowledgementWindow + TimeSpan.FromMinutes(1));
        Assert.That(reminder.GetProperty("payload").GetProperty("country").GetString(), Is.EqualTo("HU"), "Hungary's own alerts carry its reminder");

        var overdue = await Eventually.Get(async () =>
        {
            var compliance = await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/compliance");
            var countries = compliance!["overdueAcknowledgements"]!.AsArray()
                .Where(o => (string?)o!["itemKey"] == itemKey).Select(o => (string)o!["country"]!).Order(StringComparer.Ordinal).ToList();
            return countries.Count == 2 ? countries : null;
        }, "HU and AT to be listed as overdue");
        Assert.That(overdue, Is.EqualTo(new[] { "AT", "HU" }), "HR acknowledged in time and is not listed");

        var escalations = (await Network.FeedAsync())
            .Where(e => (string?)e["messageType"] == "AcknowledgementOverdue" && (string?)e["payload"]!["itemKey"] == itemKey)
            .Select(e => (string)e["payload"]!["country"]!).Order(StringComparer.Ordinal);
        Assert.That(escalations, Is.EqualTo(new[] { "AT", "HU" }), "the Commission's feed holds one escalation per late country");
        Assert.That((bool?)(await Network.FeedAsync()).Single(e => (string?)e["itemKey"] == itemKey)["shortNotice"], Is.False, "48 h ahead is not short notice");
    }
}
