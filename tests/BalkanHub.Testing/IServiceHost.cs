namespace BalkanHub.Testing;

/// <summary>
/// A service started in-process for a fixture (the aggregator's or a contact point's host): what the
/// fixtures every service shares, such as <see cref="OpenApiFixture{THost}"/>, need of it.
/// </summary>
public interface IServiceHost : IAsyncDisposable
{
    /// <summary>A client of the service signed in with <paramref name="token"/> (none when null).</summary>
    HttpClient ClientWith(string? token);

    /// <summary>The service's own services: its endpoints, its JSON options, its API description.</summary>
    IServiceProvider Services { get; }
}
