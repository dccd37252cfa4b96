namespace BalkanHub.Testing;

/// <summary>
/// What every service's OpenAPI document promises integrators (<see cref="OpenApiContract"/>): each
/// endpoint described fully (summary, typed answers with problem details, examples), and request examples
/// that read as the types the endpoints take. A service's fixture adds the checks only its document has.
/// </summary>
public abstract class ApiDescriptionFixture<THost> : OpenApiFixture<THost> where THost : class, IServiceHost
{
    [Test]
    public async Task Should_describe_every_endpoint_with_a_summary_its_answers_problem_details_and_examples()
    {
        var problems = await OpenApiContract.ProblemsAsync(Anonymous, Host.Services);
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    [Test]
    public async Task Should_give_request_examples_that_read_as_the_request_types()
    {
        var problems = await OpenApiContract.UnreadableRequestExamplesAsync(Anonymous, Host.Services);
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }
}
