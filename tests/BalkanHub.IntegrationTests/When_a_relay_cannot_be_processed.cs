using System.Text;
using RabbitMQ.Client;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// A relay the aggregator really published (AMQP <c>user-id</c> <c>aggregator</c>) fails at North
/// Macedonia's contact point every time: its assistance payload cannot be read. The contact point parks
/// it after one pass of its retry policy, without the <c>user-id</c> property the broker would refuse
/// from MK's connection (closing the channel, so the relay and everything in flight with it would come
/// back until the broker's delivery limit). The relays around it arrive once each.
/// </summary>
[TestFixture]
[Category("Faults")]
public sealed class When_a_relay_cannot_be_processed() : NetworkFixture("GR", "MK")
{
    [Test]
    public async Task Should_park_it_once_after_its_retries_and_deliver_the_rest_once()
    {
        var days = Enumerable.Range(0, 6).Select(i => new DateOnly(2015, 10, 22).AddDays(i)).ToList();
        foreach (var day in days.Take(3))
            await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        var poison = await PublishFailingRelayAsync();
        foreach (var day in days.Skip(3))
            await Network.SubmitReportAsync("GR", Samples.GreekReport(day));

        foreach (var day in days)
            await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", day));
        var parked = await Eventually.Get(async () => (await DeadLettersAsync()).FirstOrDefault(l => (string?)l["messageId"] == poison.ToString()),
            "the failing relay among the dead letters");
        // Long enough for a relay that looped (channel closed, redelivered, retried again) to be parked a second time.
        await Task.Delay(TimeSpan.FromSeconds(15));

        var letters = await DeadLettersAsync();
        var inbox = await Network.InboxAsync("MK");
        Assert.Multiple(() =>
        {
            Assert.That(letters.Count(l => (string?)l["messageId"] == poison.ToString()), Is.EqualTo(1), "parked once");
            Assert.That((int?)parked["retries"], Is.EqualTo(4), "after one pass of the contact point's four retries");
            Assert.That((string?)parked["reason"], Does.Not.StartWith("dead-lettered by the broker"), "parked by the contact point, not by the delivery limit");
            Assert.That(parked["headers"]!["userId"]!.ToString(), Is.EqualTo("aggregator"), "who published it is kept");
            Assert.That(letters.Where(l => (string?)l["queue"] == "contact-point-mk").Select(l => (string?)l["messageId"]),
                Is.EquivalentTo(new[] { poison.ToString() }), "nothing else was parked with it");
            foreach (var day in days)
                Assert.That(inbox.Count(i => (string?)i["itemKey"] == Network.ReportKey("GR", day)), Is.EqualTo(1), $"{day} once");
        });
        Assert.That(Network.ContactPoints["MK"].FullLog, Does.Not.Contain("PRECONDITION_FAILED"), "the broker never refused a park");
    }

    async Task<List<JsonObject>> DeadLettersAsync()
    {
        using var client = Network.Client(Network.Aggregator.BaseAddress, Network.Key.Token("EU", "operator"));
        var page = await client.GetFromJsonAsync<JsonObject>("api/admin/dead-letters?limit=1000");
        return [.. page!["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    /// <summary>A relay as the aggregator sends it, whose assistance payload no contact point can read.</summary>
    async Task<Guid> PublishFailingRelayAsync()
    {
        var messageId = Guid.NewGuid();
        var envelope = new JsonObject
        {
            ["messageId"] = messageId.ToString(),
            ["messageType"] = new JsonArray("urn:message:BalkanHub.Contracts:RelayItem"),
            ["sentTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["headers"] = new JsonObject(),
            ["message"] = new JsonObject
            {
                ["recipient"] = "MK",
                ["sequence"] = 1_000_000,
                ["kind"] = "assistance",
                ["itemKey"] = "assistance:broken",
                ["source"] = "GR",
                ["messageType"] = "AssistanceRequested",
                ["relayedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["requiresAcknowledgement"] = false,
                ["payload"] = new JsonObject { ["requestId"] = "not a request" },
            },
        };
        await using var connection = await new ConnectionFactory { Uri = Broker.UriFor("aggregator") }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = messageId.ToString(), UserId = "aggregator", Persistent = true };
        await channel.BasicPublishAsync("contact-point-mk", "", mandatory: true, properties, Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        return messageId;
    }
}
