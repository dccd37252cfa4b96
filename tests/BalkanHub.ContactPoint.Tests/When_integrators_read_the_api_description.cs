using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BalkanHub.Testing;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// The contact point's OpenAPI document describes every endpoint fully (summary, typed answers with
/// problem details, examples), and its examples are accepted by the real endpoints, so they cannot rot.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_integrators_read_the_api_description
{
    ContactPointHost _host = null!;
    HttpClient _anonymous = null!;
    JsonObject _document = null!;

    // The catalog's examples are North Macedonia's: its report names Gevgelija and Tabanovce.
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

    [Test]
    public async Task Should_describe_every_endpoint_with_a_summary_its_answers_problem_details_and_examples()
    {
        var problems = await OpenApiContract.ProblemsAsync(_anonymous, _host.Factory.Services);
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    [Test]
    public async Task Should_give_request_examples_that_read_as_the_request_types()
    {
        var problems = await OpenApiContract.UnreadableRequestExamplesAsync(_anonymous, _host.Factory.Services);
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    [Test]
    public void Should_document_the_health_probes_the_access_and_the_idempotency_key()
    {
        var parameters = _document["paths"]?["/api/reports"]?["post"]?["parameters"]?.AsArray() ?? [];
        Assert.Multiple(() =>
        {
            Assert.That(parameters.Select(p => $"{p?["in"]} {p?["name"]}"), Does.Contain("header Idempotency-Key"));
            Assert.That(_document["paths"]?["/health/ready"]?["get"]?["responses"]?["503"], Is.Not.Null);
            Assert.That(_document["paths"]?["/api/reports"]?["post"]?["responses"]?["422"]?["content"]?["application/problem+json"], Is.Not.Null);
            Assert.That((string?)_document["paths"]?["/api/reports"]?["post"]?["description"], Does.Contain("Access: an `officer`"));
        });
    }

    [TestCase("/api/reports", HttpStatusCode.Accepted)]
    [TestCase("/api/measures", HttpStatusCode.Accepted)]
    [TestCase("/api/needs", HttpStatusCode.Accepted)]
    public async Task Should_accept_the_posted_example(string path, HttpStatusCode expected)
    {
        var example = OpenApiContract.RequestExample(_document, "post", path);
        Assert.That(example, Is.Not.Null);
        using var response = await _host.Http.PostAsJsonAsync(path, example);
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
    }

    [TestCase("/api/reports/check")]
    [TestCase("/api/measures/check")]
    public async Task Should_find_the_draft_example_valid(string path)
    {
        var example = OpenApiContract.RequestExample(_document, "post", path);
        using var response = await _host.Http.PostAsJsonAsync(path, example);
        var check = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That((bool?)check?["valid"], Is.True, check?.ToJsonString());
    }
}
