namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// A fixture on one aggregator (<see cref="AggregatorHost"/>), started before its tests on the store it is
/// given (SQLite unless a <c>TestFixtureSource</c> names each store) and disposed after them. A fixture
/// that needs a clock or settings of its own starts the aggregator its way in <see cref="StartHostAsync"/>;
/// what it publishes before its tests goes in a <c>[OneTimeSetUp]</c> of its own, which NUnit runs after
/// this class's, once <see cref="Host"/> is up.
/// </summary>
public abstract class AggregatorFixture(string store = "Sqlite")
{
    /// <summary>The store the aggregator runs on: Sqlite or Postgres.</summary>
    protected string Store => store;

    protected AggregatorHost Host { get; private set; } = null!;

    /// <summary>Starts the aggregator on <see cref="Store"/>, with its own clock and settings.</summary>
    protected virtual Task<AggregatorHost> StartHostAsync() => AggregatorHost.StartAsync(store);

    [OneTimeSetUp]
    public async Task StartAggregator() => Host = await StartHostAsync();

    [OneTimeTearDown]
    public async Task StopAggregator()
    {
        if (Host is not null)
            await Host.DisposeAsync();
    }
}
