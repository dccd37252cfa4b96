using Microsoft.AspNetCore.SignalR.Client;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// The inbox shows relays in gap-free sequence order, once each, and pushes them as they become
/// visible; an item for another country is never shown.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_relays_reach_the_inbox : HostFixture<ContactPointHost>
{
    protected override Task<ContactPointHost> StartHostAsync() => ContactPointHost.StartAsync("HR", b => b
        // A gap is reported after 2 s here instead of 20, so the test does not wait long.
        .UseSetting("Inbox:GapGrace", "00:00:02").UseSetting("Inbox:GapCheckInterval", "00:00:00.500"));

    static RelayItem Relay(string recipient, long sequence, string key) => new()
    {
        Recipient = recipient,
        Sequence = sequence,
        Kind = RelayedItemKind.DailyReport,
        ItemKey = key,
        Source = "RS",
        MessageType = nameof(DailyReportSubmitted),
        RelayedAt = DateTimeOffset.UtcNow,
        RequiresAcknowledgement = false,
        Payload = JsonDocument.Parse($$"""{"note":"{{key}}"}""").RootElement,
    };

    async Task<List<long>> VisibleAsync()
    {
        var page = await Host.Http.GetFromJsonAsync<JsonObject>("/api/inbox?after=0&limit=1000");
        return [.. page!["items"]!.AsArray().Select(i => (long)i!["sequence"]!)];
    }

    [Test, Order(1)]
    public async Task Should_hold_back_an_item_that_arrived_before_an_earlier_one_then_push_both_in_order()
    {
        var pushed = new List<long>();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Host.Factory.Server.BaseAddress, "hubs/alerts"), o =>
            {
                o.HttpMessageHandlerFactory = _ => Host.Factory.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(Host.Key.Token("HR", "viewer"));
            })
            .Build();
        connection.On<JsonElement>("Relayed", item =>
        {
            lock (pushed)
                pushed.Add(item.GetProperty("sequence").GetInt64());
        });
        await connection.StartAsync();

        await Host.SendRelayAsync(Relay("HR", 2, "second"));
        await Eventually.True(() => Host.QueryAsync(db => db.Inbox.AnyAsync(i => i.Sequence == 2)), "item 2 to be stored");
        Assert.That(await VisibleAsync(), Is.Empty, "item 2 is not shown while item 1 is missing: a client reading after=2 would skip it");

        await Host.SendRelayAsync(Relay("HR", 1, "first"));
        await Eventually.True(async () => (await VisibleAsync()).Count == 2, "both items to be shown");
        Assert.That(await VisibleAsync(), Is.EqualTo(new[] { 1L, 2L }));
        await Eventually.True(() => Task.FromResult(pushed.Count == 2), "both items to be pushed");
        Assert.That(pushed, Is.EqualTo(new[] { 1L, 2L }), "pushed in sequence order once complete");
    }

    [Test, Order(2)]
    public async Task Should_keep_a_redelivered_item_once()
    {
        await Host.SendRelayAsync(Relay("HR", 3, "third"));
        await Host.SendRelayAsync(Relay("HR", 3, "third"));
        await Host.SendRelayAsync(Relay("HR", 4, "fourth"));
        await Eventually.True(async () => (await VisibleAsync()).Contains(4), "item 4");
        Assert.That(await VisibleAsync(), Is.EqualTo(new[] { 1L, 2L, 3L, 4L }));
    }

    [Test, Order(3)]
    public async Task Should_never_show_an_item_addressed_to_another_country()
    {
        await Host.SendRelayAsync(Relay("GR", 5, "for-greece"));
        await Host.SendRelayAsync(Relay("HR", 5, "fifth"));
        await Eventually.True(async () => (await VisibleAsync()).Contains(5), "item 5");
        var keys = await Host.QueryAsync(db => db.Inbox.Select(i => i.ItemKey).ToListAsync());
        Assert.That(keys, Does.Not.Contain("for-greece"));
    }

    [Test, Order(4)]
    public async Task Should_acknowledge_an_item_once_and_answer_404_for_one_not_shown()
    {
        using var first = await Host.Http.PostAsync(new Uri("/api/inbox/1/ack", UriKind.Relative), null);
        using var again = await Host.Http.PostAsync(new Uri("/api/inbox/1/ack", UriKind.Relative), null);
        using var missing = await Host.Http.PostAsync(new Uri("/api/inbox/99/ack", UriKind.Relative), null);
        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await again.Content.ReadFromJsonAsync<JsonObject>())!["acknowledgedAt"]!.ToString(),
                Is.EqualTo((await first.Content.ReadFromJsonAsync<JsonObject>())!["acknowledgedAt"]!.ToString()));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
        var acks = await Host.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.MessageType.Contains(nameof(RelayAcknowledged))));
        Assert.That(acks, Is.EqualTo(1), "one acknowledgement is sent to the aggregator");
    }

    static RelayItem Assistance(long sequence, string key, object message) => new()
    {
        Recipient = "HR",
        Sequence = sequence,
        Kind = RelayedItemKind.Assistance,
        ItemKey = key,
        Source = "AT",
        MessageType = message.GetType().Name,
        RelayedAt = DateTimeOffset.UtcNow,
        RequiresAcknowledgement = false,
        Payload = JsonSerializer.SerializeToElement(message, JsonSerializerOptions.Web),
    };

    [Test, Order(5)]
    public async Task Should_keep_an_offer_delivered_when_the_older_dispatched_step_is_consumed_after_it()
    {
        var offerId = Guid.NewGuid();
        var requestId = Guid.NewGuid();
        OfferStatusChanged Step(OfferStatus status) => new()
        {
            OfferId = offerId, RequestId = requestId, Requester = "HR", Offerer = "AT", Country = "AT", Status = status, ChangedAt = DateTimeOffset.UtcNow,
        };
        await Host.SendRelayAsync(Assistance(6, $"offer:{offerId}", new AssistanceOffered
        {
            OfferId = offerId, RequestId = requestId, Requester = "HR", Country = "AT", Items = [new AssistanceItem { Item = "field beds", Quantity = 100, Unit = "pieces" }], OfferedAt = DateTimeOffset.UtcNow,
        }));
        await Eventually.True(async () => (await VisibleAsync()).Contains(6), "the offer");
        // The contact point consumes several relays at once, so the later step can be applied first.
        await Host.SendRelayAsync(Assistance(8, $"offer:{offerId}:delivered", Step(OfferStatus.Delivered)));
        await Eventually.True(() => Host.QueryAsync(db => db.Inbox.AnyAsync(i => i.Sequence == 8)), "the delivery to be stored");
        await Host.SendRelayAsync(Assistance(7, $"offer:{offerId}:dispatched", Step(OfferStatus.Dispatched)));
        await Eventually.True(async () => (await VisibleAsync()).Contains(8), "both steps");

        var status = await Host.QueryAsync(db => db.AssistanceOffers.Where(o => o.Id == offerId).Select(o => o.Status).SingleAsync());
        Assert.That(status, Is.EqualTo(OfferStatus.Delivered));
    }

    [Test, Order(6)]
    public async Task Should_ask_the_aggregator_for_a_relay_that_never_came_while_later_ones_wait()
    {
        // Sequence 9 is lost on the way; 10 and 11 arrive and are held back.
        await Host.SendRelayAsync(Relay("HR", 10, "tenth"));
        await Host.SendRelayAsync(Relay("HR", 11, "eleventh"));
        await Eventually.True(async () => await Host.QueryAsync(db => db.Inbox.CountAsync(i => i.Sequence > 9)) == 2, "10 and 11 to be stored");

        var reports = await Eventually.Get(async () =>
        {
            var bodies = await Host.QueryAsync(db => db.OutboxMessages.Where(m => m.MessageType.Contains(nameof(RelayGapReported))).Select(m => m.Body).ToListAsync());
            var gaps = bodies.Select(b => JsonSerializer.Deserialize<RelayGapReported>(b, JsonSerializerOptions.Web)!).Where(g => g.Missing.Contains(9)).ToList();
            return gaps.Count > 0 ? gaps : null;
        }, "a gap report for sequence 9");
        Assert.Multiple(() =>
        {
            Assert.That(reports[0].Missing, Is.EqualTo(new[] { 9L }), "only what is missing below the first held-back item");
            Assert.That(reports[0].Country, Is.EqualTo("HR"));
            Assert.That(reports[0].Signature, Is.Not.Null, "signed like every message a contact point sends");
        });

        // The aggregator sends it again; then everything shows, once.
        await Host.SendRelayAsync(Relay("HR", 9, "ninth"));
        await Eventually.True(async () => (await VisibleAsync()).Contains(11), "the inbox to be complete up to 11");
        Assert.That((await VisibleAsync()).Skip(8), Is.EqualTo(new[] { 9L, 10L, 11L }));
    }
}
