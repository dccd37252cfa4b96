namespace BalkanHub.IntegrationTests;

/// <summary>
/// A 202 is a promise: reports a contact point accepts while the broker is down are delivered once it
/// is back, each exactly once. The broker here is the test's own node, so stopping it disturbs no other suite.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_theBroker_restarts() : NetworkFixture("GR", "MK")
{
    [Test]
    public async Task Should_deliver_reports_accepted_during_the_outage_exactly_once()
    {
        var first = new DateOnly(2015, 10, 16);
        await Network.SubmitReportAsync("GR", Samples.GreekReport(first));
        await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", first));

        await Broker.StopAsync();
        var during = Enumerable.Range(1, 10).Select(first.AddDays).ToList();
        foreach (var day in during)
            await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        await Broker.StartAgainAsync();

        var keys = during.Select(d => Network.ReportKey("GR", d)).ToList();
        var inbox = await Eventually.Get(async () =>
        {
            var items = await Network.InboxAsync("MK");
            return keys.All(k => items.Any(i => (string?)i["itemKey"] == k)) ? items : null;
        }, "every report accepted during the outage in MK's inbox", TimeSpan.FromMinutes(2));

        var seen = inbox.Select(i => (string)i["itemKey"]!).ToList();
        Assert.That(seen.Where(keys.Contains), Is.EquivalentTo(keys), "each report arrives exactly once");
        Assert.That(seen, Is.Unique, "nothing doubled");
        Assert.That(inbox.Select(i => (long)i["sequence"]!), Is.EqualTo(Enumerable.Range(1, inbox.Count).Select(n => (long)n)),
            "MK's sequence has no gaps");

        var feed = await Network.FeedAsync();
        Assert.That(keys.Select(k => feed.Count(e => (string?)e["itemKey"] == k)), Is.All.EqualTo(1), "the feed holds each once");
    }
}
