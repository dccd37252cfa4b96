using BalkanHub.ContactPoint.Inbox;

namespace BalkanHub.ContactPoint.Tests.Consumers;

/// <summary>
/// <see cref="RelayItemConsumer"/> on the in-memory harness: Croatia's inbox keeps each sequence once,
/// shows relays only up to the first gap, and parks a relay meant for another country.
/// </summary>
[Category("Unit")]
public sealed class When_relays_are_consumed
{
    ContactPointConsumers _contactPoint = null!;

    [SetUp]
    public async Task Start() => _contactPoint = await ContactPointConsumers.StartAsync("HR");

    [TearDown]
    public async Task Stop() => await _contactPoint.DisposeAsync();

    static RelayItem Relay(long sequence, string recipient = "HR") => new()
    {
        Recipient = recipient,
        Sequence = sequence,
        Kind = RelayedItemKind.DailyReport,
        ItemKey = $"report:SI:2015-10-20:v{sequence}",
        Source = "SI",
        MessageType = nameof(DailyReportSubmitted),
        RelayedAt = DateTimeOffset.UtcNow,
        RequiresAcknowledgement = false,
        Payload = JsonDocument.Parse($$"""{"note":"relay {{sequence}}"}""").RootElement,
    };

    Task<long> WatermarkAsync() => _contactPoint.QueryAsync(db => db.InboxWatermarks.Select(w => w.Contiguous).FirstOrDefaultAsync());

    Task<List<long>> InboxAsync() => _contactPoint.QueryAsync(db => db.Inbox.OrderBy(i => i.Sequence).Select(i => i.Sequence).ToListAsync());

    [Test]
    public async Task Should_store_a_relay_once_however_often_it_comes()
    {
        var id = Guid.NewGuid();
        Assert.That((await _contactPoint.ConsumeAsync(Relay(1), id)).Exception, Is.Null);
        Assert.That((await _contactPoint.ConsumeAsync(Relay(1), id)).Exception, Is.Null, "the redelivery");
        // The aggregator resends a sequence a gap report named, under a new message id.
        Assert.That((await _contactPoint.ConsumeAsync(Relay(1))).Exception, Is.Null, "the resend");

        var stored = await _contactPoint.QueryAsync(db => db.Inbox.AsNoTracking().Select(i => new { i.Sequence, i.ItemKey, i.Source, i.MessageId, i.Payload }).ToListAsync());
        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That((stored[0].Sequence, stored[0].ItemKey, stored[0].Source, stored[0].MessageId), Is.EqualTo((1L, "report:SI:2015-10-20:v1", "SI", id)));
        Assert.That(JsonDocument.Parse(stored[0].Payload).RootElement.GetProperty("note").GetString(), Is.EqualTo("relay 1"));
        Assert.That(await WatermarkAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_hold_a_relay_back_until_the_gap_before_it_is_filled()
    {
        await _contactPoint.ConsumeAsync(Relay(1));
        await _contactPoint.ConsumeAsync(Relay(3));
        Assert.That(await InboxAsync(), Is.EqualTo(new[] { 1L, 3L }), "3 is kept");
        Assert.That(await WatermarkAsync(), Is.EqualTo(1), "but not shown before 2");

        await _contactPoint.ConsumeAsync(Relay(2));
        Assert.That(await WatermarkAsync(), Is.EqualTo(3));
    }

    [Test]
    public async Task Should_park_a_relay_for_another_country_and_a_clash_of_sequences()
    {
        var misaddressed = await _contactPoint.ConsumeAsync(Relay(1, recipient: "RS"));
        Assert.That(misaddressed.Exception, Is.Not.Null);
        Assert.That(misaddressed.Exception!.Message, Does.Contain("this contact point serves HR"));
        Assert.That(await InboxAsync(), Is.Empty);

        await _contactPoint.ConsumeAsync(Relay(1));
        var clash = await _contactPoint.ConsumeAsync(Relay(1) with { ItemKey = "report:SI:2015-10-21:v1" });
        Assert.That(clash.Exception, Is.Not.Null, "one sequence, two items: a wiring fault");
        Assert.That(await _contactPoint.QueryAsync(db => db.Inbox.Select(i => i.ItemKey).ToListAsync()), Is.EqualTo(new[] { "report:SI:2015-10-20:v1" }));
    }
}
