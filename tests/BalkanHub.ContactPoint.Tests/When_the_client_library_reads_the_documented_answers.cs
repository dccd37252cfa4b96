using System.Text.Json.Nodes;
using BalkanHub.Client;
using BalkanHub.Testing;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// Every answer of the contact point that the client library reads, as the OpenAPI document's example
/// shows it, keeps all its fields through the client's type: a field the client drops fails here.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_the_client_library_reads_the_documented_answers
{
    ContactPointHost _host = null!;
    HttpClient _anonymous = null!;
    JsonObject _document = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await ContactPointHost.StartAsync("MK");
        _anonymous = _host.ClientWith(null);
        _document = await OpenApiContract.ReadAsync(_anonymous);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _anonymous?.Dispose();
        if (_host is not null)
            await _host.DisposeAsync();
    }

    // Each operation the client covers, and the client method whose answer type reads it.
    [TestCase("post", "/api/reports", nameof(BalkanHubClient.SubmitReportAsync))]
    [TestCase("post", "/api/measures", nameof(BalkanHubClient.AnnounceMeasureAsync))]
    [TestCase("put", "/api/measures/{id}", nameof(BalkanHubClient.UpdateMeasureAsync))]
    [TestCase("post", "/api/measures/{id}/cancel", nameof(BalkanHubClient.CancelMeasureAsync))]
    [TestCase("post", "/api/measures/{id}/lift", nameof(BalkanHubClient.LiftMeasureAsync))]
    [TestCase("get", "/api/inbox", nameof(BalkanHubClient.GetInboxAsync))]
    [TestCase("post", "/api/inbox/{seq}/ack", nameof(BalkanHubClient.AcknowledgeAsync))]
    public void Should_keep_every_field_of_the_documented_answer(string method, string path, string clientMethod)
    {
        var dropped = ClientContract.DroppedFields(_document, method, path, ClientContract.AnswerType(typeof(BalkanHubClient), clientMethod));
        Assert.That(dropped, Is.Empty, string.Join(Environment.NewLine, dropped));
    }
}
