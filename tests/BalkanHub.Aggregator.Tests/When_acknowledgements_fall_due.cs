using BalkanHub.Aggregator.Relay;
using MassTransit;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Every country that receives a measure must acknowledge it within six hours. When a deadline passes,
/// the Commission's feed gets an escalation, compliance lists the country, the country is reminded and
/// the announcing country is told.
/// The clock is a fake one the test moves.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_acknowledgements_fall_due(string store) : AggregatorFixture(store)
{
    readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override Task<AggregatorHost> StartHostAsync() => AggregatorHost.StartAsync(Store, _clock);

    [Test]
    public async Task Should_escalate_only_the_countries_that_did_not_acknowledge_in_time()
    {
        var id = Guid.NewGuid();
        var key = $"measure:{id}:r1";
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = Messages.Cap("SI", id, 1, MeasureStatus.Planned, "HR-SI-BREGANA") });
        await Host.WaitUntilAsync(db => db.Items.AnyAsync(i => i.ItemKey == key), "the measure to be relayed");
        var due = await Host.QueryAsync(db => db.Relays.Where(r => r.Item.ItemKey == key && r.Recipient != RelayRecipients.Feed)
            .Select(r => new { r.Recipient, r.Sequence, r.DueAt }).ToListAsync());
        Assert.That(due.Select(d => d.Recipient), Is.EquivalentTo(new[] { "AT", "HR", "HU" }));
        Assert.That(due.Select(d => d.DueAt), Has.All.EqualTo(_clock.GetUtcNow().AddHours(6)).Within(TimeSpan.FromSeconds(5)), "six hours to acknowledge");

        await Host.ContactPoints.Publish(new RelayAcknowledged
        {
            Country = "HR", Sequence = due.Single(d => d.Recipient == "HR").Sequence, ItemKey = key, AcknowledgedAt = _clock.GetUtcNow(),
        });
        await Host.WaitUntilAsync(db => db.Relays.AnyAsync(r => r.Recipient == "HR" && r.Item.ItemKey == key && r.AcknowledgedAt != null), "HR's acknowledgement");

        _clock.Advance(TimeSpan.FromHours(6) + TimeSpan.FromMinutes(1));
        await Host.WaitUntilAsync(db => db.Relays.CountAsync(r => r.Item.ItemKey == key && r.EscalatedAt != null).ContinueWith(t => t.Result == 2), "two escalations");

        var compliance = await Host.Http.GetFromJsonAsync<JsonObject>("/api/compliance");
        var overdue = compliance!["overdueAcknowledgements"]!.AsArray().Where(o => (string?)o!["itemKey"] == key).Select(o => (string)o!["country"]!);
        Assert.That(overdue, Is.EquivalentTo(new[] { "AT", "HU" }), "HR acknowledged in time");

        var feed = (await Host.Http.GetFromJsonAsync<JsonObject>("/api/feed?limit=1000"))!["items"]!.AsArray();
        var escalations = feed.Where(e => (string?)e!["messageType"] == nameof(AcknowledgementOverdue) && (string?)e!["payload"]!["itemKey"] == key).ToList();
        Assert.That(escalations.Select(e => (string)e!["payload"]!["country"]!), Is.EquivalentTo(new[] { "AT", "HU" }), "the Commission is told");
        Assert.That(escalations.Select(e => e!["recipients"]!.AsArray().Select(r => (string)r!["recipient"]!).Order().ToList()),
            Is.EquivalentTo(new[] { new[] { "AT", "SI" }, new[] { "HU", "SI" } }),
            "each late country is reminded on its own alerts, and Slovenia, which announced the cap, is told of each");

        _clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(500);
        Assert.That(await Host.QueryAsync(db => db.Items.CountAsync(i => i.MessageType == nameof(AcknowledgementOverdue) && i.ItemKey.EndsWith(key))), Is.EqualTo(2),
            "once each, not at every check");
    }
}
