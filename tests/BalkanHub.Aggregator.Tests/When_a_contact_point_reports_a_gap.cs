namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// A contact point whose inbox has a gap asks for the missing sequences; the aggregator sends those
/// relays again, with their sequence and content, to that country's queue on the real broker.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_a_contact_point_reports_a_gap(string store) : AggregatorFixture(store)
{
    [Test]
    public async Task Should_send_the_missing_relay_again_to_that_country_only()
    {
        var day = new DateOnly(2015, 10, 22);
        var key = $"report:HR:{day:yyyy-MM-dd}:v1";
        await Host.ContactPoints.Publish(Messages.Report("HR", day));
        await Host.WaitUntilAsync(db => db.Items.AnyAsync(i => i.ItemKey == key), "HR's report");
        var sequence = await Host.QueryAsync(db => db.Relays.Where(r => r.Recipient == "RS" && r.Item.ItemKey == key).Select(r => r.Sequence).SingleAsync());
        await Host.WaitUntilAsync(db => db.OutboxMessages.AllAsync(m => m.DispatchedAt != null), "the relays to be sent");
        var inSerbia = await Host.MessagesInAsync("contact-point-rs");
        var inSlovenia = await Host.MessagesInAsync("contact-point-si");

        // Serbia never got it, and asks for it along with a sequence that was never assigned.
        await Host.ContactPoints.Publish(new RelayGapReported { Country = "RS", Missing = [sequence, sequence + 1000], ReportedAt = DateTimeOffset.UtcNow });

        await Eventually.True(async () => await Host.MessagesInAsync("contact-point-rs") == inSerbia + 1, "the relay to reach Serbia's queue again");
        var resent = await Host.QueryAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Destination == "contact-point-rs" && m.Body.Contains(key)).Select(m => m.Body).ToListAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(resent, Has.Count.EqualTo(2), "sent once when relayed, once on the gap report");
            Assert.That(resent.Distinct().Count(), Is.EqualTo(1), "the same sequence and content both times");
            Assert.That(await Host.MessagesInAsync("contact-point-si"), Is.EqualTo(inSlovenia), "nothing for anyone else");
            Assert.That(await Host.QueryAsync(db => db.Relays.CountAsync(r => r.Recipient == "RS" && r.Item.ItemKey == key)), Is.EqualTo(1),
                "a resend assigns no new sequence");
        });
    }

    [Test]
    public async Task Should_park_a_gap_report_that_names_no_sequence()
    {
        await Host.ContactPoints.Publish(new RelayGapReported { Country = "GR", Missing = [], ReportedAt = DateTimeOffset.UtcNow });
        await Host.WaitUntilAsync(db => db.DeadLetters.AnyAsync(d => d.MessageType != null && d.MessageType.Contains(nameof(RelayGapReported))), "the empty report to be parked");
    }
}
