using System.Text.Json.Nodes;
using BalkanHub.Client;
using BalkanHub.Testing;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Every answer of the aggregator that the client library reads, as the OpenAPI document's example
/// shows it, keeps all its fields through the client's type: a field the client drops fails here.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_the_client_library_reads_the_documented_answers
{
    AggregatorHost _host = null!;
    HttpClient _anonymous = null!;
    JsonObject _document = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await AggregatorHost.StartAsync("Sqlite");
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
    [TestCase("get", "/api/feed", nameof(BalkanHubClient.GetFeedAsync))]
    public void Should_keep_every_field_of_the_documented_answer(string method, string path, string clientMethod)
    {
        var dropped = ClientContract.DroppedFields(_document, method, path, ClientContract.AnswerType(typeof(BalkanHubClient), clientMethod));
        Assert.That(dropped, Is.Empty, string.Join(Environment.NewLine, dropped));
    }
}
