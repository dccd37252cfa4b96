namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// The contact point's OpenAPI document describes every endpoint fully (summary, typed answers with
/// problem details, examples), and its examples are accepted by the real endpoints, so they cannot rot
/// (<see cref="ApiDescriptionFixture{THost}"/> holds the checks every service's document passes).
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_integrators_read_the_api_description : ApiDescriptionFixture<ContactPointHost>
{
    // The catalog's examples are North Macedonia's: its report names Gevgelija and Tabanovce.
    protected override Task<ContactPointHost> StartHostAsync() => ContactPointHost.StartAsync("MK");

    [Test]
    public void Should_document_the_health_probes_the_access_and_the_idempotency_key()
    {
        var parameters = Document["paths"]?["/api/reports"]?["post"]?["parameters"]?.AsArray() ?? [];
        Assert.Multiple(() =>
        {
            Assert.That(parameters.Select(p => $"{p?["in"]} {p?["name"]}"), Does.Contain("header Idempotency-Key"));
            Assert.That(Document["paths"]?["/health/ready"]?["get"]?["responses"]?["503"], Is.Not.Null);
            Assert.That(Document["paths"]?["/api/reports"]?["post"]?["responses"]?["422"]?["content"]?["application/problem+json"], Is.Not.Null);
            Assert.That((string?)Document["paths"]?["/api/reports"]?["post"]?["description"], Does.Contain("Access: an `officer`"));
        });
    }

    [TestCase("/api/reports", HttpStatusCode.Accepted)]
    [TestCase("/api/measures", HttpStatusCode.Accepted)]
    [TestCase("/api/needs", HttpStatusCode.Accepted)]
    public async Task Should_accept_the_posted_example(string path, HttpStatusCode expected)
    {
        var example = OpenApiContract.RequestExample(Document, "post", path);
        Assert.That(example, Is.Not.Null);
        using var response = await Host.Http.PostAsJsonAsync(path, example);
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
    }

    [TestCase("/api/reports/check")]
    [TestCase("/api/measures/check")]
    public async Task Should_find_the_draft_example_valid(string path)
    {
        var example = OpenApiContract.RequestExample(Document, "post", path);
        using var response = await Host.Http.PostAsJsonAsync(path, example);
        var check = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That((bool?)check?["valid"], Is.True, check?.ToJsonString());
    }
}
