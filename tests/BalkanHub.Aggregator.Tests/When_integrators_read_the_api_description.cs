namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// The aggregator's OpenAPI document describes every endpoint fully (summary, typed answers with
/// problem details, examples), and its request examples read as the types the endpoints take
/// (<see cref="ApiDescriptionFixture{THost}"/>).
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_integrators_read_the_api_description : ApiDescriptionFixture<AggregatorHost>
{
    protected override Task<AggregatorHost> StartHostAsync() => AggregatorHost.StartAsync("Sqlite");

    [Test]
    public async Task Should_accept_the_progress_report_example_from_the_commitments_owner()
    {
        var example = OpenApiContract.RequestExample(Document, "post", "/api/commitments/{id}/progress");
        Assert.That(example, Is.Not.Null);
        // The example is UNHCR's report on its 20,000 places in Greece, a commitment whose progress the owner reports.
        using var unhcr = Host.ClientWith(Host.Key.Token("UNHCR", "agency"));
        using var response = await unhcr.PostAsJsonAsync("/api/commitments/unhcr-20000-places/progress", example);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
