namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// A fixture on one aggregator (<see cref="AggregatorHost"/>) on the store it is given: SQLite unless a
/// <c>TestFixtureSource</c> names each store. A fixture that needs a clock or settings of its own
/// overrides <see cref="StartHostAsync"/>, starting the aggregator on <see cref="Store"/> its way.
/// </summary>
public abstract class AggregatorFixture(string store = "Sqlite") : HostFixture<AggregatorHost>
{
    /// <summary>The store the aggregator runs on: Sqlite or Postgres.</summary>
    protected string Store => store;

    protected override Task<AggregatorHost> StartHostAsync() => AggregatorHost.StartAsync(store);
}
