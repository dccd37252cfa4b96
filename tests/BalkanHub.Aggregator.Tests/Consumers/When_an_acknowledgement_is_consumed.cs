using BalkanHub.Aggregator.Compliance;
using BalkanHub.Aggregator.Relay;

namespace BalkanHub.Aggregator.Tests.Consumers;

/// <summary>
/// <see cref="AcknowledgementConsumer"/> on the in-memory harness: Croatia acknowledges Slovenia's cap;
/// Slovenia and the feed hear of it, and an acknowledgement of something never relayed is refused.
/// </summary>
[Category("Unit")]
public sealed class When_an_acknowledgement_is_consumed : AggregatorConsumerFixture
{
    Guid _measure;
    long _croatiasSequence;

    [SetUp]
    public async Task Start()
    {
        _measure = Guid.NewGuid();
        await Aggregator.ConsumeAsync(Aggregator.Signed("SI", new MeasureAnnounced { Measure = Messages.Cap("SI", _measure, 1, MeasureStatus.Planned, "HR-SI-BREGANA") }));
        _croatiasSequence = await Aggregator.QueryAsync(db => db.Relays.Where(r => r.Recipient == "HR").Select(r => r.Sequence).SingleAsync());
    }

    RelayAcknowledged Acknowledgement(long sequence) => Aggregator.Signed("HR", new RelayAcknowledged
    {
        Country = "HR", Sequence = sequence, ItemKey = ItemKeys.Measure(_measure, 1), AcknowledgedAt = DateTimeOffset.UtcNow,
    });

    [Test]
    public async Task Should_mark_the_relay_acknowledged_and_tell_the_source_and_the_feed()
    {
        var consumed = await Aggregator.ConsumeAsync(Acknowledgement(_croatiasSequence));
        Assert.That(consumed.Exception, Is.Null);

        var key = ItemKeys.Measure(_measure, 1);
        var acknowledged = await Aggregator.QueryAsync(db => db.Relays.Where(r => r.Item.ItemKey == key && r.AcknowledgedAt != null).Select(r => r.Recipient).ToListAsync());
        Assert.That(acknowledged, Is.EqualTo(new[] { "HR" }));
        var told = await Aggregator.QueryAsync(db => db.Relays.Where(r => r.Item.ItemKey == ItemKeys.Acknowledgement("HR", key)).OrderBy(r => r.Recipient)
            .Select(r => r.Recipient).ToListAsync());
        Assert.That(told, Is.EqualTo(new[] { RelayRecipients.Feed, "SI" }));
        Assert.That(await Aggregator.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Destination == "contact-point-si")), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_refuse_an_acknowledgement_of_a_sequence_never_relayed_to_the_country()
    {
        var consumed = await Aggregator.ConsumeAsync(Acknowledgement(_croatiasSequence + 10));
        Assert.That(consumed.Exception, Is.Not.Null);
        Assert.That(consumed.Exception!.Message, Does.Contain("never relayed"));
        Assert.That(await Aggregator.QueryAsync(db => db.Relays.CountAsync(r => r.AcknowledgedAt != null)), Is.Zero);
        Assert.That(await Aggregator.QueryAsync(db => db.Items.CountAsync(i => i.Kind == RelayedItemKind.Acknowledgement)), Is.Zero);
    }
}
