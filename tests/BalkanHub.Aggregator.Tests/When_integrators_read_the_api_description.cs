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
        _host = await AggregatorHost.StartAsync();
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
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task Should_give_request_examples_that_read_as_the_request_types()
    {
        var problems = await OpenApiContract.UnreadableRequestExamplesAsync(_anonymous, _host.Factory.Services);
        Assert.That(problems, Is.Empty);
    }
}
