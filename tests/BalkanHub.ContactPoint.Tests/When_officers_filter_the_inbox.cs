using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// Croatia's inbox holds a Serbian report, a Slovenian cap that needs acknowledging and a hub alert.
/// Each filter the brief lists keeps what it names; a value that names nothing is a 400, never
/// "everything"; the SignalR catch-up answers with the same bounds as HTTP.
/// </summary>
[TestFixture]
public sealed class When_officers_filter_the_inbox : HostFixture<ContactPointHost>
{
    protected override Task<ContactPointHost> StartHostAsync() => ContactPointHost.StartAsync("HR");

    [OneTimeSetUp]
    public async Task Start()
    {
        await Host.SendRelayAsync(Relay(1, RelayedItemKind.DailyReport, "RS", "report:RS:2015-10-20:v1", """{"note":"Presevo registered 7,300"}""", false));
        await Host.SendRelayAsync(Relay(2, RelayedItemKind.Measure, "SI", "measure:SI:cap", """{"note":"2,500 a day at Bregana"}""", true));
        await Host.SendRelayAsync(Relay(3, RelayedItemKind.Alert, "HUB", "alert:reconciliation", """{"note":"counts differ at Bapska"}""", false));
        await Eventually.True(async () => (await ItemsAsync("")).Count == 3, "three items in the inbox");
    }

    static RelayItem Relay(long sequence, RelayedItemKind kind, string source, string key, string payload, bool acknowledge) => new()
    {
        Recipient = "HR",
        Sequence = sequence,
        Kind = kind,
        ItemKey = key,
        Source = source,
        MessageType = kind == RelayedItemKind.Measure ? nameof(MeasureAnnounced) : nameof(DailyReportSubmitted),
        RelayedAt = new DateTimeOffset(2015, 10, 20 + (int)sequence, 9, 0, 0, TimeSpan.Zero),
        RequiresAcknowledgement = acknowledge,
        Payload = JsonDocument.Parse(payload).RootElement,
    };

    async Task<List<string>> ItemsAsync(string query)
    {
        var page = await Host.Http.GetFromJsonAsync<JsonObject>($"/api/inbox?limit=1000{query}");
        return [.. page!["items"]!.AsArray().Select(i => (string)i!["itemKey"]!)];
    }

    [TestCase("&kind=measure", new[] { "measure:SI:cap" })]
    [TestCase("&source=RS", new[] { "report:RS:2015-10-20:v1" })]
    [TestCase("&source=HUB", new[] { "alert:reconciliation" })]
    [TestCase("&q=Presevo", new[] { "report:RS:2015-10-20:v1" })]
    [TestCase("&q=bregana", new[] { "measure:SI:cap" }, Description = "whatever the case the officer types")]
    [TestCase("&q=PRESEVO", new[] { "report:RS:2015-10-20:v1" })]
    [TestCase("&from=2015-10-22&to=2015-10-23", new[] { "measure:SI:cap", "alert:reconciliation" })]
    [TestCase("&kind=alert&source=SI", new string[0])]
    public async Task Should_keep_what_each_filter_names(string query, string[] expected) =>
        Assert.That(await ItemsAsync(query), Is.EqualTo(expected));

    [Test]
    public async Task Should_list_what_awaits_acknowledgement_until_it_is_acknowledged()
    {
        Assert.That(await ItemsAsync("&unacknowledged=true"), Is.EqualTo(new[] { "measure:SI:cap" }));
        using var ack = await Host.Http.PostAsync(new Uri("/api/inbox/2/ack", UriKind.Relative), null);
        Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ItemsAsync("&unacknowledged=true"), Is.Empty);
        Assert.That(await ItemsAsync("&unacknowledged=false"), Has.Count.EqualTo(3));
    }

    [TestCase("kind=rumour", "kind")]
    [TestCase("source=XX", "source")]
    [TestCase("unacknowledged=maybe", "unacknowledged")]
    [TestCase("from=20-10-2015", "from")]
    [TestCase("from=2015-10-25&to=2015-10-20", "from")]
    [TestCase("q=", "q")]
    public async Task Should_answer_400_naming_a_filter_whose_value_names_nothing(string query, string field)
    {
        using var response = await Host.Http.GetAsync(new Uri($"/api/inbox?{query}", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
    }

    [TestCase(0)]
    [TestCase(1001)]
    public async Task Should_refuse_a_hub_catch_up_with_a_limit_outside_1_to_1000(int limit)
    {
        await using var connection = Connect(Host);
        await connection.StartAsync();
        var refused = Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<List<JsonObject>>("ItemsAfter", 0L, limit));
        Assert.That(refused!.Message, Does.Contain("limit must be between 1 and 1000"));
        Assert.That(await connection.InvokeAsync<List<JsonObject>>("ItemsAfter", 0L, 1000), Has.Count.EqualTo(3), "and serve one inside it");
    }

    [Test]
    public async Task Should_rate_limit_hub_calls_as_http_requests_are()
    {
        // Two calls a second with a burst of five, on one WebSocket: the HTTP limiter sees one request.
        await using var limited = await ContactPointHost.StartAsync("HR", b => b.UseSetting("Limits:PerSecond", "1").UseSetting("Limits:Burst", "5"));
        await using var connection = Connect(limited, webSockets: true);
        await connection.StartAsync();
        var refusals = 0;
        for (var i = 0; i < 12; i++)
        {
            try
            {
                await connection.InvokeAsync<List<JsonObject>>("ItemsAfter", 0L, 10);
            }
            catch (HubException ex) when (ex.Message.Contains("Too many requests", StringComparison.Ordinal))
            {
                refusals++;
            }
        }
        Assert.That(refusals, Is.GreaterThan(0), "calls beyond the rate are refused");
        Assert.That(refusals, Is.LessThan(12), "calls within it are served");
    }

    static HubConnection Connect(ContactPointHost host, bool webSockets = false) => new HubConnectionBuilder()
        .WithUrl(new Uri(host.Factory.Server.BaseAddress, "hubs/alerts"), o =>
        {
            var token = host.Key.Token("HR", "officer");
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            if (webSockets)
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = host.Factory.Server.CreateWebSocketClient();
                    client.ConfigureRequest = r => r.Headers.Authorization = $"Bearer {token}";
                    return await client.ConnectAsync(context.Uri, cancellationToken);
                };
            }
            else
                o.HttpMessageHandlerFactory = _ => host.Factory.Server.CreateHandler();
        })
        .Build();
}
