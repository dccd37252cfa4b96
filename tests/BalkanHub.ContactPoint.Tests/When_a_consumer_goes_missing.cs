using BalkanHub.Messaging.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// A service whose own queue has lost its consumer on a connection that stays open starts the bus over:
/// an inbox must not fill unread while everything looks healthy. A new connection gets time to set its
/// consumers up first, and a broker that gives no answer is blamed for nothing.
/// </summary>
[TestFixture]
[Category("Unit")]
public sealed class When_a_consumer_goes_missing
{
    const string Queue = "contact-point-si";
    FakeTimeProvider _clock = null!;
    FakeProbe _probe = null!;
    ConsumerWatch _watch = null!;

    [SetUp]
    public void Start()
    {
        // NUnit shares one fixture instance between its tests: each starts with its own clock and probe.
        _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _probe = new FakeProbe();
        _watch = new ConsumerWatch(new ServiceCollection().BuildServiceProvider(), Options.Create(new RabbitMqOptions { WatchConsumers = true }), _clock, NullLogger<ConsumerWatch>.Instance) { Probe = _probe };
        _watch.Watch(Queue);
    }

    [TearDown]
    public void Stop() => _watch.Dispose();

    async Task LookAsync(object? connection, uint consumers, TimeSpan after)
    {
        _clock.Advance(after);
        _probe.Next = connection is null ? null : (connection, new Dictionary<string, uint> { [Queue] = consumers });
        await _watch.CheckAsync(CancellationToken.None);
    }

    [Test]
    public async Task Should_abort_the_connection_once_the_queue_has_had_no_consumer_past_the_limit()
    {
        var connection = new object();
        await LookAsync(connection, 0, TimeSpan.Zero);
        await LookAsync(connection, 0, TimeSpan.FromSeconds(30));
        Assert.That(_probe.Aborted, Is.Empty, "a minute to set consumers up");
        Assert.That(await StatusAsync(), Is.EqualTo(HealthStatus.Degraded), "readiness names the unread queue meanwhile");

        await LookAsync(connection, 0, TimeSpan.FromSeconds(31));
        Assert.That(_probe.Aborted, Is.EqualTo(new[] { connection }));

        await LookAsync(connection, 0, TimeSpan.FromSeconds(15));
        Assert.That(_probe.Aborted, Has.Count.EqualTo(1), "the count starts again after an abort");
    }

    [Test]
    public async Task Should_give_a_new_connection_its_own_minute()
    {
        var first = new object();
        var second = new object();
        await LookAsync(first, 0, TimeSpan.Zero);
        await LookAsync(second, 0, TimeSpan.FromSeconds(61));
        Assert.That(_probe.Aborted, Is.Empty, "the bus reconnected on its own: its new connection is not to blame yet");

        await LookAsync(second, 0, TimeSpan.FromSeconds(61));
        Assert.That(_probe.Aborted, Is.EqualTo(new[] { second }));
    }

    [Test]
    public async Task Should_forget_a_consumer_that_came_back()
    {
        var connection = new object();
        await LookAsync(connection, 0, TimeSpan.Zero);
        await LookAsync(connection, 1, TimeSpan.FromSeconds(30));
        Assert.That(await StatusAsync(), Is.EqualTo(HealthStatus.Healthy));
        await LookAsync(connection, 0, TimeSpan.FromSeconds(31));
        await LookAsync(connection, 0, TimeSpan.FromSeconds(30));
        Assert.That(_probe.Aborted, Is.Empty, "missing for 30 s since it came back, not 61");
    }

    [Test]
    public async Task Should_look_at_nothing_unless_switched_on()
    {
        using var off = new ConsumerWatch(new ServiceCollection().BuildServiceProvider(), Options.Create(new RabbitMqOptions()), _clock, NullLogger<ConsumerWatch>.Instance) { Probe = _probe };
        off.Watch(Queue);
        _probe.Next = (new object(), new Dictionary<string, uint> { [Queue] = 0 });
        await off.CheckAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(2));
        await off.CheckAsync(CancellationToken.None);
        Assert.That(_probe.Aborted, Is.Empty);
        Assert.That(off.Missing.Queues, Is.Empty, "nothing looked at, nothing reported");
        var health = await new ConsumerWatchHealthCheck(off).CheckHealthAsync(new HealthCheckContext());
        Assert.That(health.Description, Does.StartWith("Not watched"), "and it does not claim the queues have their consumers");
    }

    [Test]
    public async Task Should_blame_nothing_when_the_broker_gives_no_answer()
    {
        var connection = new object();
        await LookAsync(connection, 0, TimeSpan.Zero);
        await LookAsync(null, 0, TimeSpan.FromSeconds(61));
        await LookAsync(null, 0, TimeSpan.FromSeconds(61));
        Assert.That(_probe.Aborted, Is.Empty);
    }

    [Test]
    public async Task Should_stop_the_service_when_no_consumer_comes_back_after_an_abort()
    {
        // The wedge seen in the cluster run: after the abort the bus never reconnects, so the broker gives
        // no answer through it, or answers that the queue still has no consumer.
        var lifetime = new Lifetime();
        using var watch = new ConsumerWatch(new ServiceCollection().AddSingleton<IHostApplicationLifetime>(lifetime).BuildServiceProvider(),
            Options.Create(new RabbitMqOptions { WatchConsumers = true }), _clock, NullLogger<ConsumerWatch>.Instance) { Probe = _probe };
        watch.Watch(Queue);
        var connection = new object();
        foreach (var (look, after) in new (object?, int)[] { (connection, 0), (connection, 61), (null, 60), (new object(), 30) })
        {
            _clock.Advance(TimeSpan.FromSeconds(after));
            _probe.Next = look is null ? null : (look, new Dictionary<string, uint> { [Queue] = 0 });
            await watch.CheckAsync(CancellationToken.None);
        }
        Assert.That(_probe.Aborted, Has.Count.EqualTo(1));
        Assert.That(lifetime.Stopped, Is.False, "90 s after the abort: not yet twice the limit");

        _clock.Advance(TimeSpan.FromSeconds(31));
        _probe.Next = null;
        await watch.CheckAsync(CancellationToken.None);
        Assert.That(lifetime.Stopped, Is.True, "twice the limit after the abort, still nothing: only a new process helps");
        Assert.That(watch.Wedged, Is.True);
        Assert.That((await new ConsumerWatchHealthCheck(watch).CheckHealthAsync(new HealthCheckContext())).Status, Is.EqualTo(HealthStatus.Unhealthy));
        Environment.ExitCode = 0; // the test host's own exit code is not the watch's to keep
    }

    [Test]
    public async Task Should_stop_the_service_when_the_bus_gives_no_answer_for_four_times_the_limit()
    {
        // A connection supervisor that never hands out its connection: nothing to look through, nothing to abort.
        var lifetime = new Lifetime();
        using var watch = new ConsumerWatch(new ServiceCollection().AddSingleton<IHostApplicationLifetime>(lifetime).BuildServiceProvider(),
            Options.Create(new RabbitMqOptions { WatchConsumers = true }), _clock, NullLogger<ConsumerWatch>.Instance) { Probe = _probe };
        watch.Watch(Queue);
        _probe.Next = null;
        foreach (var after in new[] { 0, 60, 60, 60, 59 })
        {
            _clock.Advance(TimeSpan.FromSeconds(after));
            await watch.CheckAsync(CancellationToken.None);
        }
        Assert.That(lifetime.Stopped, Is.False, "3 min 59 s without an answer: a broker restart can take that long");
        // An answer in between starts the count again.
        _probe.Next = (new object(), new Dictionary<string, uint> { [Queue] = 1 });
        _clock.Advance(TimeSpan.FromSeconds(2));
        await watch.CheckAsync(CancellationToken.None);
        _probe.Next = null;
        foreach (var after in new[] { 1, 120, 118 })
        {
            _clock.Advance(TimeSpan.FromSeconds(after));
            await watch.CheckAsync(CancellationToken.None);
        }
        Assert.That(lifetime.Stopped, Is.False, "the answer reset the count");

        _clock.Advance(TimeSpan.FromSeconds(2));
        await watch.CheckAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(lifetime.Stopped, Is.True, "four minutes without an answer");
            Assert.That(watch.Wedged, Is.True);
            Assert.That(_probe.Aborted, Is.Empty, "there was no connection to abort");
        });
        Environment.ExitCode = 0;
    }

    [Test]
    public async Task Should_count_a_look_that_never_comes_back_as_no_answer_and_stop_the_service_in_time()
    {
        // CI's cluster run of 2026-12-05: a contact point without its consumer for ten minutes, and the watch
        // said nothing, as when its look through the wedged connection never returns.
        var lifetime = new Lifetime();
        using var watch = new ConsumerWatch(new ServiceCollection().AddSingleton<IHostApplicationLifetime>(lifetime).BuildServiceProvider(),
            Options.Create(new RabbitMqOptions { WatchConsumers = true }), _clock, NullLogger<ConsumerWatch>.Instance) { Probe = new HangingProbe() };
        watch.Watch(Queue);
        var started = _clock.GetUtcNow();
        for (var round = 0; round < 20 && !lifetime.Stopped; round++)
        {
            var check = watch.CheckAsync(CancellationToken.None);
            Assert.That(check.IsCompleted, Is.False, "the look is under way");
            _clock.Advance(ConsumerWatch.ProbeLimit);
            // Real time: without the limit the round would never end.
            await check.WaitAsync(TimeSpan.FromSeconds(10));
        }
        Assert.Multiple(() =>
        {
            Assert.That(lifetime.Stopped, Is.True, "four times the limit without an answer stops the service");
            Assert.That(_clock.GetUtcNow() - started, Is.InRange(TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(4) + 2 * ConsumerWatch.ProbeLimit));
            Assert.That(watch.Wedged, Is.True);
        });
        Environment.ExitCode = 0;
    }

    [Test]
    public async Task Should_keep_the_service_when_the_consumer_comes_back_after_an_abort()
    {
        var connection = new object();
        await LookAsync(connection, 0, TimeSpan.Zero);
        await LookAsync(connection, 0, TimeSpan.FromSeconds(61));
        var reconnected = new object();
        await LookAsync(reconnected, 1, TimeSpan.FromSeconds(20));
        await LookAsync(reconnected, 0, TimeSpan.FromSeconds(110));
        await LookAsync(reconnected, 0, TimeSpan.FromSeconds(30));
        Assert.That(_watch.Wedged, Is.False, "the abort worked: a later loss starts its own count");
        Assert.That(_probe.Aborted, Has.Count.EqualTo(1));
    }

    async Task<HealthStatus> StatusAsync() =>
        (await new ConsumerWatchHealthCheck(_watch).CheckHealthAsync(new HealthCheckContext())).Status;

    sealed class Lifetime : IHostApplicationLifetime
    {
        public bool Stopped { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopped = true;
    }

    /// <summary>A look that never returns, whatever its token says.</summary>
    sealed class HangingProbe : IConsumerProbe
    {
        public Task<(object Connection, IReadOnlyDictionary<string, uint> Consumers)?> CountAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken) =>
            new TaskCompletionSource<(object Connection, IReadOnlyDictionary<string, uint> Consumers)?>().Task;

        public Task AbortAsync(object connection, CancellationToken cancellationToken) => new TaskCompletionSource().Task;
    }

    sealed class FakeProbe : IConsumerProbe
    {
        public (object Connection, IReadOnlyDictionary<string, uint> Consumers)? Next { get; set; }

        public List<object> Aborted { get; } = [];

        public Task<(object Connection, IReadOnlyDictionary<string, uint> Consumers)?> CountAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken) =>
            Task.FromResult(Next);

        public Task AbortAsync(object connection, CancellationToken cancellationToken)
        {
            Aborted.Add(connection);
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// The watch reads a real broker through MassTransit's own connection, and an abort makes MassTransit
/// consume again on a new one: what the watch does when a consumer is lost, end to end.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_a_contact_point_starts_its_bus_over : HostFixture<ContactPointHost>
{
    protected override Task<ContactPointHost> StartHostAsync() => ContactPointHost.StartAsync("SI");

    [Test]
    public async Task Should_count_its_inbox_consumer_on_the_broker_and_consume_again_after_an_abort()
    {
        var watch = Host.Services.GetRequiredService<ConsumerWatch>();
        var queue = HubTopology.ContactPointQueue("SI");
        await Eventually.True(() => Task.FromResult(watch.Queues.Contains(queue)), "the inbox endpoint to be ready");
        Assert.That(watch.Queues, Is.EqualTo(new[] { queue }), "MassTransit's temporary bus endpoint, whose queue may not exist, is not watched");

        var before = await Eventually.Get(async () => await watch.Probe.CountAsync([queue], CancellationToken.None) is { } look ? new Look(look) : null, "the broker's answer");
        Assert.That(before.Consumers[queue], Is.EqualTo(1u), "the broker counts the contact point's consumer");

        await watch.Probe.AbortAsync(before.Connection, CancellationToken.None);

        var after = await Eventually.Get(async () => await watch.Probe.CountAsync([queue], CancellationToken.None) is { } look
            && !ReferenceEquals(look.Connection, before.Connection) && look.Consumers[queue] == 1 ? new Look(look) : null, "a new connection with the consumer back");
        Assert.That(after.Consumers[queue], Is.EqualTo(1u));

        await Host.SendRelayAsync(new RelayItem
        {
            Recipient = "SI",
            Sequence = 1,
            Kind = RelayedItemKind.DailyReport,
            ItemKey = "report:HR:2015-10-20:v1",
            Source = "HR",
            MessageType = nameof(DailyReportSubmitted),
            RelayedAt = DateTimeOffset.UtcNow,
            RequiresAcknowledgement = false,
            Payload = JsonDocument.Parse("""{"note":"after the abort"}""").RootElement,
        });
        await Eventually.True(() => Host.QueryAsync(db => db.Inbox.AnyAsync(i => i.Sequence == 1)), "the relay sent after the abort to be stored");
    }

    sealed record Look(object Connection, IReadOnlyDictionary<string, uint> Consumers)
    {
        public Look((object Connection, IReadOnlyDictionary<string, uint> Consumers) look) : this(look.Connection, look.Consumers) { }
    }
}
