using BalkanHub.Aggregator.Assistance;
using BalkanHub.Aggregator.Relay;
using BalkanHub.Domain.Route;

namespace BalkanHub.Aggregator.Tests.Consumers;

/// <summary>
/// <see cref="NeedsAnalysisOpenedConsumer"/> on the in-memory harness: what Slovenia needs goes to every
/// other contact point of the route and the feed, once.
/// </summary>
[Category("Unit")]
public sealed class When_a_needs_analysis_is_opened : AggregatorConsumerFixture
{
    [Test]
    public async Task Should_store_it_open_and_relay_it_to_everyone_else_once()
    {
        var id = Guid.NewGuid();
        var message = Aggregator.Signed("SI", new NeedsAnalysisOpened
        {
            NeedsAnalysisId = id, Country = "SI", Title = "Winterised shelter", OpenedAt = DateTimeOffset.UtcNow,
            Items = [new AssistanceItem { Item = "tents", Quantity = 100, Unit = "pieces" }],
        });
        var messageId = Guid.NewGuid();
        Assert.That((await Aggregator.ConsumeAsync(message, messageId)).Exception, Is.Null);
        Assert.That((await Aggregator.ConsumeAsync(message, messageId)).Exception, Is.Null, "the redelivery");

        Assert.That(await Aggregator.QueryAsync(db => db.NeedsAnalyses.Where(n => n.NeedsAnalysisId == id).Select(n => n.Status).ToListAsync()),
            Is.EqualTo(new[] { NeedsAnalysisStatus.Open }));
        var everyoneElse = RouteMap.Load(Repository.RouteFile).ContactPoints.Select(p => p.Code).Where(c => c != "SI").Append(RelayRecipients.Feed).Order(StringComparer.Ordinal);
        var relays = await Aggregator.QueryAsync(db => db.Relays.Where(r => r.Item.ItemKey == ItemKeys.NeedsAnalysis(id)).OrderBy(r => r.Recipient)
            .Select(r => new { r.Recipient, r.Sequence }).ToListAsync());
        Assert.That(relays.Select(r => r.Recipient), Is.EqualTo(everyoneElse));
        Assert.That(relays.Select(r => r.Sequence), Has.All.EqualTo(1L));
    }
}
