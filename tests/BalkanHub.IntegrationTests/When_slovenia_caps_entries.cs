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
    const string Secret = "hr-webhook-secret-for-the-test";
    static readonly TimeSpan AcknowledgementWindow = TimeSpan.FromSeconds(20);
    WebhookReceiver _webhook = null!;
    readonly SmtpSink _smtp = new();

    protected override async Task PrepareAsync()
    {
        _webhook = await WebhookReceiver.StartAsync(failFirst: 2);
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
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (_webhook is not null)
            await _webhook.DisposeAsync();
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
            Assert.That(items.Select(i => i["acknowledgeBy"]), Has.All.Not.Null, "each with its acknowledgement deadline");
        }
        var history = (await Network.FeedAsync()).Where(e => ((string)e["itemKey"]!).StartsWith($"measure:{id}", StringComparison.Ordinal)).ToList();
        Assert.That(history.Select(e => (string?)e["messageType"]), Is.EqualTo(transitions), "the Commission's feed holds the whole history");
        Assert.That(history.Select(e => (bool?)e["shortNotice"]), Has.All.True, "announced seconds ahead: short notice");

        var delivered = await Eventually.Get(async () => await Task.FromResult(_webhook.Calls.FirstOrDefault(c => c.Status == 200 && c.Body.Contains(id, StringComparison.Ordinal)).Body),
            "Croatia's webhook to receive the announcement");
        Assert.That(_webhook.Calls.Take(2).Select(c => c.Status), Is.EqualTo(new[] { 503, 503 }), "after two failures, retried");
        var call = _webhook.Calls.First(c => c.Status == 200);
        Assert.That(WebhookReceiver.IsSigned(call.Body, call.Signature, Secret), Is.True, "signed with the shared secret");

        var email = await Eventually.Get(async () => await Task.FromResult(_smtp.Messages.FirstOrDefault(m => m.TextBody?.Contains(id, StringComparison.Ordinal) == true)),
            "the duty officer's email");
        Assert.That(email.Subject, Does.Contain("[BalkanHub HR]").And.Contain("SI"));
        Assert.That(email.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { "duty-officer@hr.example" }));
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
