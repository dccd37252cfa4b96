namespace BalkanHub.Aggregator.Tests.Consumers;

/// <summary>
/// A consumer test on the in-memory harness: each test gets an aggregator of its own
/// (<see cref="AggregatorConsumers"/>, a fresh SQLite file), so no test reads another's rows. A fixture's
/// own <c>[SetUp]</c> runs after this class's, once <see cref="Aggregator"/> is up.
/// </summary>
[FixtureClock]
public abstract class AggregatorConsumerFixture
{
    private protected AggregatorConsumers Aggregator { get; private set; } = null!;

    [SetUp]
    public async Task StartAggregator() => Aggregator = await AggregatorConsumers.StartAsync();

    [TearDown]
    public async Task StopAggregator() => await Aggregator.DisposeAsync();
}
