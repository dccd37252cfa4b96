namespace BalkanHub.IntegrationTests;

/// <summary>
/// A fixture whose tests share one network of their own, as separate processes: a private RabbitMQ node
/// loaded with the deployment's definitions (per-party users), the aggregator and the contact points
/// named, started once before the fixture's tests and stopped after them. A fixture changes what it
/// needs through the hooks, in the order they run: <see cref="PrepareAsync"/> (receivers, files the
/// settings point to), <see cref="StartBrokerAsync"/>, <see cref="Configure"/> per service, and
/// <see cref="CleanUpAsync"/> after the network and the broker have stopped.
/// </summary>
/// <param name="countries">The contact points to start, by country code.</param>
[FixtureClock]
public abstract class NetworkFixture(params string[] countries)
{
    /// <summary>The fixture's broker node.</summary>
    protected PrivateBroker Broker { get; private set; } = null!;

    /// <summary>The fixture's network.</summary>
    protected Network Network { get; private set; } = null!;

    /// <summary>Runs before the broker starts.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>The broker the network runs on; by default a node loaded with deploy/rabbitmq/definitions.json.</summary>
    protected virtual Task<PrivateBroker> StartBrokerAsync() => PrivateBroker.StartWithDefinitionsAsync();

    /// <summary>The certificates the broker and the services speak TLS with, if they do.</summary>
    protected virtual TlsFiles? Tls => null;

    /// <summary>Changes one service's settings before it starts: <c>aggregator</c> or a country code.</summary>
    protected virtual void Configure(string service, IDictionary<string, string?> settings)
    {
    }

    /// <summary>Runs after the network and the broker have stopped, to remove what <see cref="PrepareAsync"/> made.</summary>
    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    [OneTimeSetUp]
    public async Task Start_the_network()
    {
        await PrepareAsync();
        Broker = await StartBrokerAsync();
        Network = await Network.StartAsync(Broker, countries, Configure, Tls);
    }

    /// <summary>After a failed test, each service's state and last warnings go to the end of ./test.sh's output.</summary>
    [TearDown]
    public async Task Say_what_the_network_saw_if_the_test_failed()
    {
        if (Network is null || TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Failed)
            return;
        FailureReport.Write($"{GetType().Name}.{TestContext.CurrentContext.Test.Name}",
            $"{Network.OutboxBacklogs()}{await Broker.DescribeAsync()}\n{await Network.DiagnosticsAsync(perService: 4)}");
    }

    [OneTimeTearDown]
    public async Task Stop_the_network()
    {
        if (Network is not null)
            await Network.DisposeAsync();
        if (Broker is not null)
            await Broker.DisposeAsync();
        await CleanUpAsync();
    }
}
