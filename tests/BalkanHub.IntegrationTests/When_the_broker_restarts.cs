using System.Text.Json.Nodes;
using BalkanHub.Testing;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// A 202 is a promise: reports a contact point accepts while the broker is down are delivered once it
/// is back, each exactly once. The broker here is the test's own node, so stopping it disturbs no other suite.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_the_broker_restarts
{
    PrivateBroker _broker = null!;
    Network _network = null!;

    [OneTimeSetUp]
    public async Task Start_a_network_on_a_private_broker()
    {
        _broker = await PrivateBroker.StartWithDefinitionsAsync();
        _network = await Network.StartAsync(_broker, ["GR", "MK"]);
    }

    [OneTimeTearDown]
    public async Task Stop_everything()
    {
        if (_network is not null)
            await _network.DisposeAsync();
        if (_broker is not null)
            await _broker.DisposeAsync();
    }

    [Test]
    public async Task Should_deliver_reports_accepted_during_the_outage_exactly_once()
    {
        var first = new DateOnly(2015, 10, 16);
        await _network.SubmitReportAsync("GR", Samples.GreekReport(first));
        await _network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", first));

        await _broker.StopAsync();
        var during = Enumerable.Range(1, 10).Select(first.AddDays).ToList();
        foreach (var day in during)
            await _network.SubmitReportAsync("GR", Samples.GreekReport(day));
        await _broker.StartAgainAsync();

        var keys = during.Select(d => Network.ReportKey("GR", d)).ToList();
        var inbox = await Eventually.Get(async () =>
        {
            var items = await _network.InboxAsync("MK");
            return keys.All(k => items.Any(i => (string?)i["itemKey"] == k)) ? items : null;
        }, "every report accepted during the outage in MK's inbox", TimeSpan.FromMinutes(2));

        var seen = inbox.Select(i => (string)i["itemKey"]!).ToList();
        Assert.That(seen.Where(keys.Contains), Is.EquivalentTo(keys), "each report arrives exactly once");
        Assert.That(seen, Is.Unique, "nothing doubled");
        Assert.That(inbox.Select(i => (long)i["sequence"]!), Is.EqualTo(Enumerable.Range(1, inbox.Count).Select(n => (long)n)),
            "MK's sequence has no gaps");

        var feed = await _network.FeedAsync();
        Assert.That(keys.Select(k => feed.Count(e => (string?)e["itemKey"] == k)), Is.All.EqualTo(1), "the feed holds each once");
    }
}
