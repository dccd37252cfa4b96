using BalkanHub.Client;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Every answer of the aggregator that the client library reads, as the OpenAPI document's example
/// shows it, keeps all its fields through the client's type: a field the client drops fails here. Every
/// other documented JSON answer must be a shared contract record (so a client reads it with
/// <c>GetAsync&lt;T&gt;</c> and loses nothing); one of the service's own types fails, as it has no client type
/// (<see cref="DocumentedAnswersFixture{THost}"/>).
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_the_client_library_reads_the_documented_answers() : DocumentedAnswersFixture<AggregatorHost>(BalkanHubClient.JsonOptions)
{
    protected override Task<AggregatorHost> StartHostAsync() => AggregatorHost.StartAsync("Sqlite");

    static readonly ClientOperation[] Covered =
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
        new("get", "/api/subscriptions", nameof(BalkanHubClient.GetSubscriptionsAsync)),
        new("post", "/api/subscriptions", nameof(BalkanHubClient.AddSubscriptionAsync)),
    ];

    protected override IReadOnlyList<ClientOperation> CoveredOperations => Covered;

    [TestCaseSource(nameof(Covered))]
    public void Should_keep_every_field_of_the_documented_answer(ClientOperation operation)
    {
        var dropped = ClientContract.DroppedFields(Document, operation.Method, operation.Path, ClientContract.AnswerType(typeof(BalkanHubClient), operation.ClientMethod));
        Assert.That(dropped, Is.Empty, string.Join(Environment.NewLine, dropped));
    }
}
