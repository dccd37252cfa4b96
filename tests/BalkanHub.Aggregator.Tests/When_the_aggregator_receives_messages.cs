using BalkanHub.Aggregator.Relay;
using MassTransit;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Exactly once in effect: whatever the bus delivers twice, or out of order, the aggregator stores and
/// relays once and in order. A message it can never process is parked, and what follows keeps flowing.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_the_aggregator_receives_messages(string store) : AggregatorFixture(store)
{
    static int _days;

    static DateOnly NewDay() => new DateOnly(2018, 6, 1).AddDays(Interlocked.Increment(ref _days));

    [Test]
    public async Task Should_store_and_relay_once_when_the_same_message_id_arrives_twice()
    {
        var day = NewDay();
        var message = Messages.Report("GR", day);
        var messageId = NewId.NextGuid();
        await Host.ContactPoints.Publish(message, c => c.MessageId = messageId);
        await Host.ContactPoints.Publish(message, c => c.MessageId = messageId);
        await SettleAsync();

        Assert.That(await Host.QueryAsync(db => db.Reports.CountAsync(r => r.Country == "GR" && r.ReportDate == day)), Is.EqualTo(1));
        Assert.That(await RelaysOfAsync($"report:GR:{day:yyyy-MM-dd}:v1"), Is.EqualTo(new[] { "AL", "BG", RelayRecipients.Feed, "MK" }));
    }

    [Test]
    public async Task Should_store_and_relay_once_when_a_resend_carries_a_new_message_id()
    {
        var day = NewDay();
        var message = Messages.Report("RS", day);
        await Host.ContactPoints.Publish(message, c => c.MessageId = NewId.NextGuid());
        await Host.ContactPoints.Publish(message, c => c.MessageId = NewId.NextGuid());
        await SettleAsync();

        Assert.That(await Host.QueryAsync(db => db.Reports.CountAsync(r => r.Country == "RS" && r.ReportDate == day)), Is.EqualTo(1),
            "(country, date, version) identifies the report");
        Assert.That(await RelaysOfAsync($"report:RS:{day:yyyy-MM-dd}:v1"), Has.Length.EqualTo(6), "BG, HR, HU, MK, RO and the feed, once each");
    }

    [Test]
    public async Task Should_relay_a_transition_that_overtook_its_announcement_only_after_it()
    {
        var id = Guid.NewGuid();
        var announced = Messages.Cap("SI", id, 1, MeasureStatus.Planned, "HR-SI-BREGANA");
        var cancelled = announced with { Revision = 2, Status = MeasureStatus.Cancelled };

        await Host.ContactPoints.Publish(new MeasureCancelled { Measure = cancelled, Reason = "overtook" });
        await Host.WaitUntilAsync(db => db.MeasureRevisions.AnyAsync(r => r.MeasureId == id && r.Revision == 2), "the cancellation to be stored");
        Assert.That(await RelaysOfAsync($"measure:{id}:r2"), Is.Empty, "held back until revision 1 arrives");

        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = announced });
        await Host.WaitUntilAsync(db => db.Items.AnyAsync(i => i.ItemKey == $"measure:{id}:r2"), "the cancellation to be relayed");

        var order = await Host.QueryAsync(db => db.Relays.Where(r => r.Recipient == "HR" && r.Item.ItemKey.StartsWith($"measure:{id}"))
            .OrderBy(r => r.Sequence).Select(r => r.Item.ItemKey).ToListAsync());
        Assert.That(order, Is.EqualTo(new[] { $"measure:{id}:r1", $"measure:{id}:r2" }), "HR sees the announcement first");
    }

    [Test]
    public async Task Should_give_every_recipient_a_gap_free_sequence_under_concurrent_messages()
    {
        var day = NewDay();
        await Task.WhenAll(new[] { "HU", "HR", "SI", "AT", "RS", "RO" }.Select(c => Host.ContactPoints.Publish(Messages.Report(c, day))));
        await Host.WaitUntilAsync(db => db.Reports.CountAsync(r => r.ReportDate == day).ContinueWith(t => t.Result == 6), "six reports");

        var sequences = await Host.QueryAsync(db => db.Relays.GroupBy(r => r.Recipient)
            .Select(g => new { Recipient = g.Key, Count = g.Count(), Max = g.Max(r => r.Sequence), Min = g.Min(r => r.Sequence) }).ToListAsync());
        Assert.That(sequences, Is.Not.Empty);
        foreach (var s in sequences)
            Assert.That((s.Min, s.Max), Is.EqualTo((1L, (long)s.Count)), $"{s.Recipient}'s sequence runs 1..{s.Count} without gaps");
    }

    [Test]
    public async Task Should_park_an_invalid_message_and_keep_the_ones_behind_it_flowing()
    {
        var day = NewDay();
        var invalid = Messages.Report("BG", day);
        invalid = invalid with { Report = invalid.Report with { Composition = invalid.Report.Composition with { Children = 5000 } } };

        await Host.ContactPoints.Publish(invalid);
        var next = NewDay();
        await Host.ContactPoints.Publish(Messages.Report("BG", next));

        await Host.WaitUntilAsync(db => db.Reports.AnyAsync(r => r.Country == "BG" && r.ReportDate == next), "the valid report behind it");
        // Parked in aggregator_error, from where the aggregator keeps it for operators.
        await Host.WaitUntilAsync(db => db.DeadLetters.AnyAsync(d => d.Queue == "aggregator" && d.Reason.Contains($"BG for {day:yyyy-MM-dd}")),
            "the invalid report to be parked with its reason");
        Assert.That(await Host.QueryAsync(db => db.Reports.AnyAsync(r => r.Country == "BG" && r.ReportDate == day)), Is.False, "nothing stored");
        Assert.That(await Host.QueryAsync(db => db.Items.AnyAsync(i => i.ItemKey == $"report:BG:{day:yyyy-MM-dd}:v1")), Is.False, "nothing relayed");
        var retries = await Host.QueryAsync(db => db.DeadLetters.Where(d => d.Queue == "aggregator" && d.Reason.Contains($"BG for {day:yyyy-MM-dd}")).Select(d => d.Retries).FirstAsync());
        Assert.That(retries ?? 0, Is.Zero, "an invalid message is parked at once, not retried in vain");
    }

    Task<string[]> RelaysOfAsync(string itemKey) =>
        Host.QueryAsync(db => db.Relays.Where(r => r.Item.ItemKey == itemKey).OrderBy(r => r.Recipient).Select(r => r.Recipient).ToArrayAsync());

    /// <summary>Waits until the intake queue is empty and nothing is in flight, so duplicates had their chance.</summary>
    async Task SettleAsync()
    {
        await Eventually.True(async () => await Host.MessagesInAsync("aggregator") == 0, "the intake queue to drain");
        await Task.Delay(500);
    }
}
