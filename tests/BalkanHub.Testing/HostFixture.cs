namespace BalkanHub.Testing;

/// <summary>
/// A fixture on one service host (the aggregator's or a contact point's, in-process), started before its
/// tests and disposed after them. A fixture says how its host starts (country, clock, settings) in
/// <see cref="StartHostAsync"/>; what it publishes or sends before its tests goes in a
/// <c>[OneTimeSetUp]</c> of its own, which NUnit runs after this class's, once <see cref="Host"/> is up.
/// </summary>
[FixtureClock]
public abstract class HostFixture<THost> where THost : class, IAsyncDisposable
{
    protected THost Host { get; private set; } = null!;

    /// <summary>Starts the host the fixture's tests share.</summary>
    protected abstract Task<THost> StartHostAsync();

    [OneTimeSetUp]
    public async Task StartHost() => Host = await StartHostAsync();

    [OneTimeTearDown]
    public async Task StopHost()
    {
        if (Host is not null)
            await Host.DisposeAsync();
    }
}
