using System.Text.Json.Nodes;

namespace BalkanHub.Testing;

/// <summary>
/// A fixture on a service's OpenAPI document: the service started once for the fixture, a client without
/// a token (the document is public), and the document as the service serves it.
/// </summary>
public abstract class OpenApiFixture<THost> where THost : class, IServiceHost
{
    protected THost Host { get; private set; } = null!;

    protected HttpClient Anonymous { get; private set; } = null!;

    protected JsonObject Document { get; private set; } = null!;

    /// <summary>Starts the service whose document the fixture reads.</summary>
    protected abstract Task<THost> StartHostAsync();

    [OneTimeSetUp]
    public async Task StartService()
    {
        Host = await StartHostAsync();
        Anonymous = Host.ClientWith(null);
        Document = await OpenApiContract.ReadAsync(Anonymous);
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        Anonymous?.Dispose();
        if (Host is not null)
            await Host.DisposeAsync();
    }
}
