using System.Text.Json;

namespace BalkanHub.Testing;

/// <summary>An operation the client library covers, and the client method whose answer type reads it.</summary>
public sealed record ClientOperation(string Method, string Path, string ClientMethod)
{
    /// <inheritdoc />
    public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";
}

/// <summary>
/// Whether the client library reads every answer a service documents (<see cref="ClientContract"/>): a
/// service's fixture lists the operations its client methods cover and checks each field of those; every
/// other documented JSON answer must be a shared contract record (so a client reads it with
/// <c>GetAsync&lt;T&gt;</c> and loses nothing), and one of the service's own types fails, as it has no client type.
/// </summary>
/// <param name="clientJson">The JSON options the client library reads answers with.</param>
public abstract class DocumentedAnswersFixture<THost>(JsonSerializerOptions clientJson) : OpenApiFixture<THost> where THost : class, IServiceHost
{
    /// <summary>The operations the client library's methods cover.</summary>
    protected abstract IReadOnlyList<ClientOperation> CoveredOperations { get; }

    [Test]
    public void Should_read_every_other_documented_answer_as_a_shared_record()
    {
        Assert.That(ClientContract.ClientJson, Is.SameAs(clientJson), "the round trip uses the client's own JSON options");
        var answers = ClientContract.DocumentedAnswers(Document, Host.Services);
        var problems = new List<string>();
        var others = 0;
        foreach (var (method, path, serverType) in answers.Where(a => !CoveredOperations.Any(c => c.Method == a.Method && c.Path == a.Path)))
        {
            others++;
            if (!ClientContract.IsShared(serverType))
                problems.Add($"{method.ToUpperInvariant()} {path}: answers {serverType.FullName}, a type of the service's own that no client can name; move it to BalkanHub.Api.Contracts");
            else
                problems.AddRange(ClientContract.DroppedFields(Document, method, path, serverType));
        }
        TestContext.Out.WriteLine($"{answers.Count} documented JSON answers: {answers.Count - others} read by client methods, {others} by shared records");
        Assert.That(answers, Is.Not.Empty, "no documented JSON answer was found");
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }
}
