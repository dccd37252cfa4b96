using System.Net;
using System.Net.Http.Json;
using BalkanHub.Testing;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// The aggregator's OpenAPI document describes every endpoint fully (summary, typed answers with
/// problem details, examples), and its request examples read as the types the endpoints take.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_integrators_read_the_api_description
{
    AggregatorHost _host = null!;
    HttpClient _anonymous = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await AggregatorHost.StartAsync("Sqlite");
        _anonymous = _host.ClientWith(null);
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
    public async Task Should_accept_the_progress_report_example_from_the_commitments_owner()
    {
        var document = await OpenApiContract.ReadAsync(_anonymous);
        var example = OpenApiContract.RequestExample(document, "post", "/api/commitments/{id}/progress");
        Assert.That(example, Is.Not.Null);
        // The example is UNHCR's report on its 20,000 places in Greece, a commitment whose progress the owner reports.
        using var unhcr = _host.ClientWith(_host.Key.Token("UNHCR", "agency"));
        using var response = await unhcr.PostAsJsonAsync("/api/commitments/unhcr-20000-places/progress", example);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
