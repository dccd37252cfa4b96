using System.Text.Json.Nodes;
using BalkanHub.Client;
using BalkanHub.Testing;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Every answer of the aggregator that the client library reads, as the OpenAPI document's example
/// shows it, keeps all its fields through the client's type: a field the client drops fails here. Every
/// other documented JSON answer must be a shared contract record (so a client reads it with
/// <c>GetAsync&lt;T&gt;</c> and loses nothing); one of the service's own types fails, as it has no client type.
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

    /// <summary>An operation the client covers, and the client method whose answer type reads it.</summary>
    public sealed record Operation(string Method, string Path, string ClientMethod)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";
    }

    static readonly Operation[] Covered =
    [
        new("get", "/api/feed", nameof(BalkanHubClient.GetFeedAsync)),
        new("get", "/api/items/{itemKey}", nameof(BalkanHubClient.GetItemAsync)),
        new("get", "/api/picture", nameof(BalkanHubClient.GetPictureAsync)),
        new("get", "/api/measures", nameof(BalkanHubClient.GetMeasuresAsync)),
        new("get", "/api/compliance", nameof(BalkanHubClient.GetComplianceAsync)),
        new("get", "/api/commitments", nameof(BalkanHubClient.GetCommitmentsAsync)),
        new("post", "/api/commitments/{id}/progress", nameof(BalkanHubClient.ReportProgressAsync)),
        new("get", "/api/assistance/needs", nameof(BalkanHubClient.GetAssistanceNeedsAsync)),
        new("get", "/api/assistance/requests", nameof(BalkanHubClient.GetAssistanceRequestsAsync)),
        new("get", "/api/assistance/requests/{id}", nameof(BalkanHubClient.GetAssistanceRequestAsync)),
        new("get", "/api/export/daily.json", nameof(BalkanHubClient.ReadDailyExportAsync)),
    ];

    [TestCaseSource(nameof(Covered))]
    public void Should_keep_every_field_of_the_documented_answer(Operation operation)
    {
        var dropped = ClientContract.DroppedFields(_document, operation.Method, operation.Path, ClientContract.AnswerType(typeof(BalkanHubClient), operation.ClientMethod));
        Assert.That(dropped, Is.Empty, string.Join(Environment.NewLine, dropped));
    }

    [Test]
    public void Should_read_every_other_documented_answer_as_a_shared_record()
    {
        Assert.That(ClientContract.ClientJson, Is.SameAs(BalkanHubClient.JsonOptions), "the round trip uses the client's own JSON options");
        var answers = ClientContract.DocumentedAnswers(_document, _host.Factory.Services);
        var problems = new List<string>();
        var others = 0;
        foreach (var (method, path, serverType) in answers.Where(a => !Covered.Any(c => c.Method == a.Method && c.Path == a.Path)))
        {
            others++;
            if (!ClientContract.IsShared(serverType))
                problems.Add($"{method.ToUpperInvariant()} {path}: answers {serverType.FullName}, a type of the service's own that no client can name; move it to BalkanHub.Api.Contracts");
            else
                problems.AddRange(ClientContract.DroppedFields(_document, method, path, serverType));
        }
        TestContext.Out.WriteLine($"{answers.Count} documented JSON answers: {answers.Count - others} read by client methods, {others} by shared records");
        Assert.That(answers, Is.Not.Empty, "no documented JSON answer was found");
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }
}
