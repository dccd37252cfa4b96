using BalkanHub.Client;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// Every answer of the contact point that the client library reads, as the OpenAPI document's example
/// shows it, keeps all its fields through the client's type: a field the client drops fails here. Every
/// other documented JSON answer must be a shared contract record (so a client reads it with
/// <c>GetAsync&lt;T&gt;</c> and loses nothing); one of the service's own types fails, as it has no client type
/// (<see cref="DocumentedAnswersFixture{THost}"/>).
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_the_client_library_reads_the_documented_answers() : DocumentedAnswersFixture<ContactPointHost>(BalkanHubClient.JsonOptions)
{
    protected override Task<ContactPointHost> StartHostAsync() => ContactPointHost.StartAsync("MK");

    static readonly ClientOperation[] Covered =
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

    protected override IReadOnlyList<ClientOperation> CoveredOperations => Covered;

    [TestCaseSource(nameof(Covered))]
    public void Should_keep_every_field_of_the_documented_answer(ClientOperation operation)
    {
        var dropped = ClientContract.DroppedFields(Document, operation.Method, operation.Path, ClientContract.AnswerType(typeof(BalkanHubClient), operation.ClientMethod));
        Assert.That(dropped, Is.Empty, string.Join(Environment.NewLine, dropped));
    }
}
