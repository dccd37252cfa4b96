using System.Text.Json.Nodes;

namespace BalkanHub.Testing;

/// <summary>
/// A fixture on a service's OpenAPI document: the service started once for the fixture, a client without
/// a token (the document is public), and the document as the service serves it.
/// </summary>
public abstract class OpenApiFixture<THost> : HostFixture<THost> where THost : class, IServiceHost
{
    protected HttpClient Anonymous { get; private set; } = null!;

    protected JsonObject Document { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task ReadDocument()
    {
        Anonymous = Host.ClientWith(null);
        Document = await OpenApiContract.ReadAsync(Anonymous);
    }

    // NUnit runs this before the base class's tear-down, which disposes the host.
    [OneTimeTearDown]
    public void DisposeAnonymous() => Anonymous?.Dispose();
}
