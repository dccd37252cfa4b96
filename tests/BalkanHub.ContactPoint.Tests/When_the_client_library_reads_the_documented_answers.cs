using System.Text.Json.Nodes;
using BalkanHub.Client;
using BalkanHub.Testing;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// Every answer of the contact point that the client library reads, as the OpenAPI document's example
/// shows it, keeps all its fields through the client's type: a field the client drops fails here. Every
/// other documented JSON answer must be a shared contract record (so a client reads it with
/// <c>GetAsync&lt;T&gt;</c> and loses nothing); one of the service's own types fails, as it has no client type.
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

    /// <summary>An operation the client covers, and the client method whose answer type reads it.</summary>
    public sealed record Operation(string Method, string Path, string ClientMethod)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";
    }

    static readonly Operation[] Covered =
    [
        new("post", "/api/reports", nameof(BalkanHubClient.SubmitReportAsync)),
        new("post", "/api/measures", nameof(BalkanHubClient.AnnounceMeasureAsync)),
        new("put", "/api/measures/{id}", nameof(BalkanHubClient.UpdateMeasureAsync)),
        new("post", "/api/measures/{id}/cancel", nameof(BalkanHubClient.CancelMeasureAsync)),
        new("post", "/api/measures/{id}/lift", nameof(BalkanHubClient.LiftMeasureAsync)),
        new("get", "/api/inbox", nameof(BalkanHubClient.GetInboxAsync)),
        new("get", "/api/inbox/{seq}", nameof(BalkanHubClient.GetInboxItemAsync)),
        new("post", "/api/inbox/{seq}/ack", nameof(BalkanHubClient.AcknowledgeAsync)),
        new("post", "/api/needs", nameof(BalkanHubClient.OpenNeedsAsync)),
        new("get", "/api/needs", nameof(BalkanHubClient.GetNeedsAsync)),
        new("post", "/api/needs/{id}/request", nameof(BalkanHubClient.RequestFromNeedsAsync)),
        new("post", "/api/needs/{id}/close", nameof(BalkanHubClient.CloseNeedsAsync)),
        new("get", "/api/requests", nameof(BalkanHubClient.GetRequestsAsync)),
        new("get", "/api/requests/{id}", nameof(BalkanHubClient.GetRequestAsync)),
        new("post", "/api/requests/{id}/offers", nameof(BalkanHubClient.OfferAsync)),
        new("post", "/api/requests/{id}/withdraw", nameof(BalkanHubClient.WithdrawRequestAsync)),
        new("get", "/api/offers", nameof(BalkanHubClient.GetOffersAsync)),
        new("post", "/api/offers/{id}/accept", nameof(BalkanHubClient.ChangeOfferAsync)),
        new("post", "/api/offers/{id}/decline", nameof(BalkanHubClient.ChangeOfferAsync)),
        new("post", "/api/offers/{id}/commit", nameof(BalkanHubClient.ChangeOfferAsync)),
        new("post", "/api/offers/{id}/dispatch", nameof(BalkanHubClient.ChangeOfferAsync)),
        new("post", "/api/offers/{id}/deliver", nameof(BalkanHubClient.ChangeOfferAsync)),
        new("post", "/api/offers/{id}/withdraw", nameof(BalkanHubClient.ChangeOfferAsync)),
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
