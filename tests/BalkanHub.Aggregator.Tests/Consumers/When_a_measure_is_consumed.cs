using BalkanHub.Aggregator.Measures;
using BalkanHub.Aggregator.Relay;

namespace BalkanHub.Aggregator.Tests.Consumers;

/// <summary>
/// <see cref="MeasureConsumer"/> on the in-memory harness: Slovenia's cap at Bregana is relayed to its
/// neighbours, each with a deadline to acknowledge it, and a revision that overtakes another waits for it.
/// </summary>
[Category("Unit")]
public sealed class When_a_measure_is_consumed : AggregatorConsumerFixture
{
    static MeasureNotice Cap(Guid id, int revision) => Messages.Cap("SI", id, revision, MeasureStatus.Planned, "HR-SI-BREGANA");

    [Test]
    public async Task Should_relay_it_to_the_neighbours_with_a_deadline_to_acknowledge()
    {
        var id = Guid.NewGuid();
        var consumed = await Aggregator.ConsumeAsync(Aggregator.Signed("SI", new MeasureAnnounced { Measure = Cap(id, 1) }));
        Assert.That(consumed.Exception, Is.Null);

        var key = ItemKeys.Measure(id, 1);
        var relays = await Aggregator.QueryAsync(db => db.Relays.AsNoTracking().Where(r => r.Item.ItemKey == key).OrderBy(r => r.Recipient)
            .Select(r => new { r.Recipient, r.Sequence, r.DueAt, r.RelayedAt }).ToListAsync());
        Assert.That(relays.Select(r => r.Recipient), Is.EqualTo(new[] { "AT", RelayRecipients.Feed, "HR", "HU" }));
        Assert.That(relays.Where(r => r.Recipient != RelayRecipients.Feed).Select(r => r.DueAt - r.RelayedAt), Has.All.EqualTo(TimeSpan.FromHours(6)), "six hours to acknowledge");
        Assert.That(relays.Single(r => r.Recipient == RelayRecipients.Feed).DueAt, Is.Null, "the feed acknowledges nothing");
        Assert.That(await Aggregator.QueryAsync(db => db.Measures.Where(m => m.MeasureId == id).Select(m => m.Revision).SingleAsync()), Is.EqualTo(1));
        Assert.That(await Aggregator.QueryAsync(db => db.OutboxMessages.Where(m => m.Destination != null && m.Body.Contains(key)).Select(m => m.Destination).OrderBy(d => d).ToListAsync()),
            Is.EqualTo(new[] { "contact-point-at", "contact-point-hr", "contact-point-hu" }));
    }

    [Test]
    public async Task Should_keep_a_revision_waiting_until_the_one_before_it_is_relayed()
    {
        var id = Guid.NewGuid();
        await Aggregator.ConsumeAsync(Aggregator.Signed("SI", new MeasureAnnounced { Measure = Cap(id, 1) }));
        await Aggregator.ConsumeAsync(Aggregator.Signed("SI", new MeasureUpdated { Measure = Cap(id, 3) with { Parameters = new MeasureParameters { DailyCap = 1500 } }, Reason = "Camp full" }));

        Assert.That(await Aggregator.QueryAsync(db => db.MeasureRevisions.Where(r => r.MeasureId == id).OrderBy(r => r.Revision).Select(r => r.Relayed).ToListAsync()),
            Is.EqualTo(new[] { true, false }), "r3 waits for r2");
        Assert.That(await Aggregator.QueryAsync(db => db.Measures.Where(m => m.MeasureId == id).Select(m => m.Revision).SingleAsync()), Is.EqualTo(1));

        await Aggregator.ConsumeAsync(Aggregator.Signed("SI", new MeasureUpdated { Measure = Cap(id, 2) with { Parameters = new MeasureParameters { DailyCap = 2000 } }, Reason = "Fewer arrivals" }));
        var toAustria = await Aggregator.QueryAsync(db => db.Relays.Where(r => r.Recipient == "AT").OrderBy(r => r.Sequence).Select(r => r.Item.ItemKey).ToListAsync());
        Assert.That(toAustria, Is.EqualTo(new[] { ItemKeys.Measure(id, 1), ItemKeys.Measure(id, 2), ItemKeys.Measure(id, 3) }));
        Assert.That(await Aggregator.QueryAsync(db => db.Measures.Where(m => m.MeasureId == id).Select(m => m.Revision).SingleAsync()), Is.EqualTo(3));
    }

    [Test]
    public async Task Should_park_an_announcement_that_is_not_revision_one_and_store_nothing()
    {
        var consumed = await Aggregator.ConsumeAsync(Aggregator.Signed("SI", new MeasureAnnounced { Measure = Cap(Guid.NewGuid(), 2) }));
        Assert.That(consumed.Exception, Is.Not.Null, "faulted, so MassTransit moves it to the error queue");
        Assert.That(await Aggregator.QueryAsync(db => db.MeasureRevisions.CountAsync()), Is.Zero);
        Assert.That(await Aggregator.QueryAsync(db => db.ProcessedMessages.CountAsync()), Is.Zero, "not marked processed, so a fixed replay is taken");
    }
}
