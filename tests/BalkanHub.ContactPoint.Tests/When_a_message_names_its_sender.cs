using System.Text;
using BalkanHub.Messaging.Messaging;
using RabbitMQ.Client;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// Whom a message speaks for: the broker-validated user id, except on a message the aggregator's user
/// published (a replayed dead letter), where the aggregator names the original sender in a header.
/// A country's header names nobody; the real-broker side is in the integration suite
/// (<c>When_someone_speaks_for_another_country</c>, <c>When_a_message_cannot_be_processed</c>).
/// </summary>
[TestFixture]
[Category("Unit")]
public sealed class When_a_message_names_its_sender
{
    const string Aggregator = "aggregator";

    static BasicProperties Properties(string? userId, string? vouched) => new()
    {
        UserId = userId,
        // As RabbitMQ.Client hands a received header over: the text's bytes.
        Headers = vouched is null ? null : new Dictionary<string, object?> { [HubTopology.OriginalUserHeader] = Encoding.UTF8.GetBytes(vouched) },
    };

    [TestCase("contact-point-gr", null, "contact-point-gr")]
    [TestCase("contact-point-rs", "contact-point-gr", "contact-point-rs")]
    [TestCase(Aggregator, null, Aggregator)]
    [TestCase(Aggregator, "contact-point-gr", "contact-point-gr")]
    [TestCase(null, "contact-point-gr", null)]
    [TestCase("", "contact-point-gr", null)]
    public void Should_honour_the_header_from_the_aggregator_alone(string? userId, string? vouched, string? expected) =>
        Assert.That(HubTopology.SenderOf(Properties(userId, vouched), Aggregator), Is.EqualTo(expected));

    [Test]
    public void Should_read_a_header_written_as_text_too() =>
        Assert.That(HubTopology.SenderOf(new BasicProperties
        {
            UserId = Aggregator,
            Headers = new Dictionary<string, object?> { [HubTopology.OriginalUserHeader] = "contact-point-mk" },
        }, Aggregator), Is.EqualTo("contact-point-mk"));
}
