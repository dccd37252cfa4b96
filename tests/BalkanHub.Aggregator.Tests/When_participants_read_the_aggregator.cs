using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace BalkanHub.Aggregator.Tests;

/// <summary>A neighbour sees only what was relayed to it; the Commission sees everything.</summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Security")]
public sealed class When_participants_read_the_aggregator(string store) : AggregatorFixture(store)
{
    string _hrReport = "";
    string _rsAcknowledgement = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        var day = new DateOnly(2015, 10, 20);
        // HR's report goes to HU, RS and SI. Serbia acknowledges it: that acknowledgement goes to HR and the feed only.
        await Host.ContactPoints.Publish(Messages.Report("HR", day));
        _hrReport = $"report:HR:{day:yyyy-MM-dd}:v1";
        await Host.WaitUntilAsync(db => db.Items.AnyAsync(i => i.ItemKey == _hrReport), "HR's report");
        var sequence = await Host.QueryAsync(db => db.Relays.Where(r => r.Recipient == "RS" && r.Item.ItemKey == _hrReport).Select(r => r.Sequence).SingleAsync());
        await Host.ContactPoints.Publish(new RelayAcknowledged { Country = "RS", Sequence = sequence, ItemKey = _hrReport, AcknowledgedAt = DateTimeOffset.UtcNow });
        _rsAcknowledgement = $"ack:RS:{_hrReport}";
        await Host.WaitUntilAsync(db => db.Items.AnyAsync(i => i.ItemKey == _rsAcknowledgement), "RS's acknowledgement");
    }

    async Task<HttpResponseMessage> GetItem(string country, string role, string key)
    {
        using var client = Host.ClientWith(Host.Key.Token(country, role));
        return await client.GetAsync(new Uri($"/api/items/{Uri.EscapeDataString(key)}", UriKind.Relative));
    }

    [Test]
    public async Task Should_answer_404_to_a_viewer_for_an_item_not_relayed_to_its_country()
    {
        Assert.That((await GetItem("MK", "viewer", _rsAcknowledgement)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound),
            "RS's acknowledgement went to HR and the Commission only");
        Assert.That((await GetItem("MK", "viewer", "report:XX:2015-01-01:v1")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound),
            "the same answer as for an item that does not exist");
    }

    [Test]
    public async Task Should_show_an_item_to_its_recipients_and_who_received_it_to_its_sender_and_the_Commission()
    {
        using var asRecipient = await GetItem("RS", "viewer", _hrReport);
        using var asSender = await GetItem("HR", "officer", _hrReport);
        using var asCommission = await GetItem("EU", "commission", _hrReport);
        Assert.That(asRecipient.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await asRecipient.Content.ReadFromJsonAsync<JsonObject>())!["recipients"]!.AsArray(), Is.Empty);
        var acknowledged = (await asSender.Content.ReadFromJsonAsync<JsonObject>())!["recipients"]!.AsArray()
            .Where(r => r!["acknowledgedAt"] is not null).Select(r => (string)r!["recipient"]!);
        Assert.That(acknowledged, Is.EqualTo(new[] { "RS" }), "the sender sees who acknowledged");
        Assert.That((await asCommission.Content.ReadFromJsonAsync<JsonObject>())!["recipients"]!.AsArray(), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Should_keep_the_consolidated_feed_for_those_who_read_everything()
    {
        using var officer = Host.ClientWith(Host.Key.Token("GR", "officer"));
        using var agency = Host.ClientWith(Host.Key.Token("UNHCR", "agency"));
        using var anonymous = Host.ClientWith(null);
        Assert.Multiple(async () =>
        {
            Assert.That((await officer.GetAsync(new Uri("/api/feed", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await agency.GetAsync(new Uri("/api/feed", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await anonymous.GetAsync(new Uri("/api/feed", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task Should_push_a_viewer_its_own_countrys_relays_and_refuse_it_another_countrys_group()
    {
        var pushed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Host.Factory.Server.BaseAddress, "hubs/feed"), o =>
            {
                o.HttpMessageHandlerFactory = _ => Host.Factory.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(Host.Key.Token("MK", "viewer"));
            })
            .Build();
        connection.On<JsonElement>("Relayed", entry => pushed.TrySetResult(entry));
        await connection.StartAsync();

        var refused = Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Join", "GR"));
        Assert.That(refused!.Message, Does.Contain("Not allowed"));
        Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JsonElement>("EntriesAfter", 0L, 10), "nor read the consolidated feed");

        await Host.ContactPoints.Publish(Messages.Report("GR", new DateOnly(2015, 10, 21)));
        var entry = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(entry.GetProperty("itemKey").GetString(), Is.EqualTo("report:GR:2015-10-21:v1"), "GR's report reaches its neighbour MK");
    }
}
