using BalkanHub.Aggregator.Relay;
using BalkanHub.Aggregator.Reports;
using BalkanHub.Domain.Route;

namespace BalkanHub.Aggregator.Tests.Consumers;

/// <summary>
/// <see cref="DailyReportConsumer"/> on the in-memory harness: a signed report from Slovenia is stored
/// once and relayed, in order, to its neighbours (Austria, Croatia, Hungary) and the Commission's feed.
/// </summary>
[Category("Unit")]
public sealed class When_a_daily_report_is_consumed : AggregatorConsumerFixture
{
    static readonly DateOnly Today = RouteMap.Load(Repository.RouteFile).Today("SI", TimeProvider.System);

    DailyReportSubmitted Report(int version, Guid reportId) => Aggregator.Signed("SI", Messages.Report("SI", Today, version, reportId: reportId));

    Task<List<(string Recipient, long Sequence, string ItemKey)>> RelaysAsync() =>
        Aggregator.QueryAsync(async db => (await db.Relays.AsNoTracking().OrderBy(r => r.Recipient).ThenBy(r => r.Sequence)
            .Select(r => new { r.Recipient, r.Sequence, r.Item.ItemKey }).ToListAsync()).Select(r => (r.Recipient, r.Sequence, r.ItemKey)).ToList());

    [Test]
    public async Task Should_store_it_and_relay_it_to_the_neighbours_and_the_feed_through_the_outbox()
    {
        var consumed = await Aggregator.ConsumeAsync(Report(1, Guid.NewGuid()));
        Assert.That(consumed.Exception, Is.Null);

        var key = ItemKeys.Report("SI", Today, 1);
        var reports = await Aggregator.QueryAsync(db => db.Reports.AsNoTracking().Select(r => new { r.Country, r.Version, r.Relayed, r.IsLatest }).ToListAsync());
        Assert.That(reports, Has.Count.EqualTo(1));
        Assert.That((reports[0].Country, reports[0].Version, reports[0].Relayed, reports[0].IsLatest), Is.EqualTo(("SI", 1, true, true)));
        Assert.That(await RelaysAsync(), Is.EqualTo(new[] { ("AT", 1L, key), ("FEED", 1L, key), ("HR", 1L, key), ("HU", 1L, key) }));

        // The feed is pushed over SignalR; each contact point gets its relay from an outbox row to its own queue.
        var outbox = await Aggregator.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Destination != null).OrderBy(m => m.Destination)
            .Select(m => new { m.Destination, m.Stream, m.Body }).ToListAsync());
        Assert.That(outbox.Select(m => m.Destination), Is.EqualTo(new[] { "contact-point-at", "contact-point-hr", "contact-point-hu" }));
        Assert.That(outbox.Select(m => m.Stream), Is.EqualTo(new[] { "AT", "HR", "HU" }));
        Assert.That(outbox.Select(m => System.Text.Json.Nodes.JsonNode.Parse(m.Body)!), Has.All.Matches<System.Text.Json.Nodes.JsonNode>(
            b => (string?)b["itemKey"] == key && (long?)b["sequence"] == 1 && b["payload"]!["signature"] is not null), "the relay carries the report as signed");
    }

    [Test]
    public async Task Should_process_a_redelivered_message_once()
    {
        var report = Report(1, Guid.NewGuid());
        var id = Guid.NewGuid();
        await Aggregator.ConsumeAsync(report, id);
        await Aggregator.ConsumeAsync(report, id);
        // The same version again under a new message id is a re-send, not a second version.
        await Aggregator.ConsumeAsync(report);

        Assert.That(await Aggregator.QueryAsync(db => db.Reports.CountAsync()), Is.EqualTo(1));
        Assert.That(await Aggregator.QueryAsync(db => db.ProcessedMessages.CountAsync()), Is.EqualTo(2), "two message ids");
        Assert.That((await RelaysAsync()).Select(r => r.Sequence), Is.EqualTo(new[] { 1L, 1L, 1L, 1L }), "relayed once to each recipient");
        Assert.That(await Aggregator.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Destination != null)), Is.EqualTo(3));
    }

    [Test]
    public async Task Should_hold_a_version_back_until_the_one_before_it_arrives()
    {
        var reportId = Guid.NewGuid();
        await Aggregator.ConsumeAsync(Report(2, reportId));
        Assert.That(await Aggregator.QueryAsync(db => db.Reports.AsNoTracking().Select(r => new { r.Version, r.Relayed }).SingleAsync()),
            Has.Property("Version").EqualTo(2).And.Property("Relayed").False, "v2 is stored but waits for v1");
        Assert.That(await RelaysAsync(), Is.Empty);

        await Aggregator.ConsumeAsync(Report(1, reportId));
        var toCroatia = (await RelaysAsync()).Where(r => r.Recipient == "HR").ToList();
        Assert.That(toCroatia, Is.EqualTo(new[] { ("HR", 1L, ItemKeys.Report("SI", Today, 1)), ("HR", 2L, ItemKeys.Report("SI", Today, 2)) }), "v1, then v2, in sequence");
        Assert.That(await Aggregator.QueryAsync(db => db.Reports.Where(r => r.IsLatest).Select(r => r.Version).SingleAsync()), Is.EqualTo(2));
    }

    [Test]
    public async Task Should_refuse_a_report_signed_by_another_country_and_tell_only_the_feed()
    {
        var forged = Aggregator.Signed("HR", Messages.Report("SI", Today, 1));
        var consumed = await Aggregator.ConsumeAsync(forged);
        Assert.That(consumed.Exception, Is.Null, "refused, not failed: nothing to retry");

        Assert.That(await Aggregator.QueryAsync(db => db.Reports.CountAsync()), Is.Zero);
        var relays = await RelaysAsync();
        Assert.That(relays.Select(r => (r.Recipient, r.ItemKey)), Is.EqualTo(new[] { (RelayRecipients.Feed, ItemKeys.SecurityEvent(consumed.Context.MessageId!.Value)) }));
        Assert.That(await Aggregator.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Destination != null)), Is.Zero, "no country hears of it");
    }
}
