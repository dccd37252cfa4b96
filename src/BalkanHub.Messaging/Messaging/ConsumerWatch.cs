using BalkanHub.Domain.Time;
using BalkanHub.ServiceDefaults.Hosting;
using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Configuration;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace BalkanHub.Messaging.Messaging;

/// <summary>
/// Asks the broker now and then whether this service's own queues still have a consumer, and starts the
/// bus over on a new connection when one has had none for <see cref="RabbitMqOptions.ConsumerMissingLimit"/>
/// on a connection that stayed open all that time.
/// </summary>
/// <remarks>
/// In the fault suite's three-node cluster run on CI (2026-12-04), after the intake queue's leader was
/// killed, one contact point came back with its publish channel only: its inbox queue had no consumer and
/// filled unread (411 relays missing when the checker gave up), while MassTransit logged nothing and its
/// health stayed green. The same run's other ten services reconsumed within seconds. MassTransit replaces
/// a consumer when the broker cancels it or closes its channel or connection; a consumer lost some other
/// way is never looked for again. Aborting the connection makes MassTransit start over as after a broker
/// restart, which is well tested (its consumers reconnect, the outbox sends again what was not confirmed).
/// A connection gets <see cref="RabbitMqOptions.ConsumerMissingLimit"/> to set its consumers up first, so a
/// loaded machine that declares slowly is not aborted over and over (see <see cref="StalledPublishes"/>).
/// <para>
/// An abort is not always enough. The same loss, reproduced locally (2026-12-05), left the bus wedged:
/// closing the contact point's connection from the broker did not make it reconnect at all, and a dump
/// showed the receive transport waiting for a channel whose creation never completed inside MassTransit's
/// connection supervisor. So when the queues have not all had a consumer again twice the limit after an
/// abort (or the broker has given no answer since), the watch stops the service with a failing exit code:
/// only a new process comes back from that, and systemd (the units restart always) or Kubernetes starts
/// one. The outbox and the inbox make a restart lose and double nothing.
/// </para>
/// </remarks>
public sealed partial class ConsumerWatch(IServiceProvider services, IOptions<RabbitMqOptions> options, TimeProvider clock, ILogger<ConsumerWatch> logger)
    : PeriodicCheck(clock.RealTime(), logger), IReceiveEndpointObserver
{
    /// <summary>How long a look at the broker (or an abort) may take before the watch stops waiting for it.</summary>
    public static readonly TimeSpan ProbeLimit = TimeSpan.FromSeconds(20);

    readonly HashSet<string> _queues = new(StringComparer.Ordinal);
    object? _suspect;
    DateTimeOffset _missingSince;
    DateTimeOffset? _abortedAt;
    DateTimeOffset? _silentSince;
    IReadOnlyList<string> _abortedFor = [];
    IReadOnlyList<string> _missing = [];

    /// <summary>How the watch reads consumers and aborts a connection; the broker's own unless a test replaces it.</summary>
    public IConsumerProbe Probe { get; set; } = new BrokerProbe(services);

    /// <summary>Whether the watch looks at all (<see cref="RabbitMqOptions.WatchConsumers"/>).</summary>
    public bool Enabled => options.Value.WatchConsumers;

    /// <summary>Whether the bus stayed without its consumers after an abort, so the service is being stopped.</summary>
    public bool Wedged { get; private set; }

    /// <summary>This service's queues that had no consumer at the last look, and since when; empty when all had one.</summary>
    public (IReadOnlyList<string> Queues, DateTimeOffset Since) Missing => (_missing, _missingSince);

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.ConsumerCheckInterval;

    /// <summary>The queues this service consumes: every receive endpoint that was ready once.</summary>
    public IReadOnlyList<string> Queues
    {
        get
        {
            lock (_queues)
                return [.. _queues.Order(StringComparer.Ordinal)];
        }
    }

    /// <inheritdoc />
    public override async Task CheckAsync(CancellationToken cancellationToken)
    {
        var queues = Queues;
        if (!options.Value.WatchConsumers || queues.Count == 0 || Wedged)
            return;
        var counting = Probe.CountAsync(queues, cancellationToken);
        var look = await WithinLimitAsync(counting, cancellationToken) ? await counting : null;
        var now = Clock.GetUtcNow();
        var missing = look is { } answer ? queues.Where(q => answer.Consumers.TryGetValue(q, out var count) && count == 0).ToList() : null;
        _silentSince = look is null ? _silentSince ?? now : null;
        if (missing is { Count: 0 })
        {
            (_suspect, _missing, _abortedAt) = (null, [], null);
            return;
        }
        // Twice the limit after an abort without the consumers back, or four times the limit without any
        // answer through the bus's connection (a wedged connection supervisor may never hand one out, so
        // there would be nothing to abort): only a new process helps. A broker down that long costs a
        // restart that changes nothing, which is cheap.
        var since = _abortedAt is { } aborted && now - aborted >= 2 * options.Value.ConsumerMissingLimit ? now - aborted
            : _silentSince is { } silent && now - silent >= 4 * options.Value.ConsumerMissingLimit ? now - silent
            : (TimeSpan?)null;
        if (since is { } stuck)
        {
            Wedged = true;
            var queuesLeft = string.Join(", ", missing ?? (_abortedAt is null ? queues : _abortedFor));
            LogWedged(logger, queuesLeft, stuck);
            Environment.ExitCode = 1;
            services.GetService<IHostApplicationLifetime>()?.StopApplication();
            return;
        }
        if (look is null || missing is null)
            return; // no connection to look through: MassTransit is reconnecting, nothing open to blame
        var connection = look.Value.Connection;
        if (!ReferenceEquals(connection, _suspect))
        {
            (_suspect, _missingSince, _missing) = (connection, now, missing);
            return;
        }
        _missing = missing;
        if (now - _missingSince < options.Value.ConsumerMissingLimit)
            return;
        LogMissing(logger, string.Join(", ", missing), now - _missingSince);
        (_suspect, _missing) = (null, []);
        (_abortedAt, _abortedFor) = (_abortedAt ?? now, missing);
        await WithinLimitAsync(Probe.AbortAsync(connection, cancellationToken), cancellationToken);
        HubTelemetry.LostConsumerResets.Add(1);
    }

    /// <summary>
    /// Whether <paramref name="work"/> finished within <see cref="ProbeLimit"/>; a look that did not counts as no answer. The probe bounds
    /// itself with a cancellation token, but a look goes through MassTransit's connection supervisor and the
    /// client's channel creation, the very machinery that wedges: in CI's cluster run (2026-12-05) a contact
    /// point stayed ten minutes without its consumer and the watch logged nothing, neither an abort nor a
    /// stop, as a look that never returns would explain. A look that does not come back counts as no answer,
    /// so the watch goes on and, past four times the limit without one, stops the service.
    /// </summary>
    async Task<bool> WithinLimitAsync(Task work, CancellationToken cancellationToken)
    {
        try
        {
            await work.WaitAsync(ProbeLimit, Clock, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            LogNoAnswer(logger, ProbeLimit);
            return false;
        }
    }

    /// <inheritdoc />
    public Task Ready(ReceiveEndpointReady ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        // MassTransit's temporary bus endpoint reports ready without having started; its queue comes and
        // goes with the connection (it may not exist at all), so only the service's own queues are watched.
        if (!ready.IsStarted || ready.InputAddress.Query.Contains("temporary=true", StringComparison.OrdinalIgnoreCase))
            return Task.CompletedTask;
        // rabbitmq://host:port/vhost/queue?arguments: the queue is the address's last segment.
        Watch(Uri.UnescapeDataString(ready.InputAddress.AbsolutePath.Split('/')[^1]));
        return Task.CompletedTask;
    }

    /// <summary>Looks after <paramref name="queue"/> from now on, as for a receive endpoint that became ready.</summary>
    public void Watch(string queue)
    {
        lock (_queues)
            _queues.Add(queue);
    }

    /// <inheritdoc />
    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    /// <inheritdoc />
    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    /// <inheritdoc />
    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker gave no answer within {Limit} to a look at its consumers or an abort; the watch goes on without it")]
    static partial void LogNoAnswer(ILogger logger, TimeSpan limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue(s) {Queues} have had no consumer for {Missing} on a broker connection that stayed open; aborting it so the bus starts over on a new one")]
    static partial void LogMissing(ILogger logger, string queues, TimeSpan missing);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The bus is wedged: queue(s) {Queues} still have no consumer (or the broker no answer) {Since} after the connection was aborted or the broker last answered; stopping the service with exit code 1 so its service manager starts a new process")]
    static partial void LogWedged(ILogger logger, string queues, TimeSpan since);

    /// <summary>The broker's answer through MassTransit's current connection.</summary>
    sealed class BrokerProbe(IServiceProvider services) : IConsumerProbe
    {
        static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

        public async Task<(object Connection, IReadOnlyDictionary<string, uint> Consumers)?> CountAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken)
        {
            // A bus on another transport (the tests' in-memory harness) has no queues to look at.
            if (services.GetService<IBusInstance>()?.HostConfiguration is not IRabbitMqHostConfiguration rabbit)
                return null;
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(Bound);
            (object, IReadOnlyDictionary<string, uint>)? look = null;
            try
            {
                await rabbit.ConnectionContextSupervisor.Send(Pipe.ExecuteAsync<ConnectionContext>(async context =>
                {
                    var counts = new Dictionary<string, uint>(StringComparer.Ordinal);
                    await using var channel = await context.Connection.CreateChannelAsync(cancellationToken: bounded.Token);
                    foreach (var queue in queues)
                        counts[queue] = (await channel.QueueDeclarePassiveAsync(queue, bounded.Token)).ConsumerCount;
                    look = (context.Connection, counts);
                }), bounded.Token);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // No connection, a queue without a leader (or gone: a passive declare of it closes the
                // channel, which is why the watch looks only at queues its endpoints declared), a slow
                // broker: no answer, so nothing to blame.
                return null;
            }
            return look;
        }

        public Task AbortAsync(object connection, CancellationToken cancellationToken) =>
            ((IConnection)connection).AbortAsync(Constants.ConnectionForced, "a consumed queue lost its consumer on an open connection", TimeSpan.FromSeconds(5));
    }
}

/// <summary>How <see cref="ConsumerWatch"/> reads the consumers of queues and aborts a connection.</summary>
public interface IConsumerProbe
{
    /// <summary>The connection looked through and each queue's consumer count, or null when there was no answer.</summary>
    Task<(object Connection, IReadOnlyDictionary<string, uint> Consumers)?> CountAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken);

    /// <summary>Closes <paramref name="connection"/> so MassTransit starts over on a new one.</summary>
    Task AbortAsync(object connection, CancellationToken cancellationToken);
}

/// <summary>Degraded while one of the service's queues has no consumer: its messages wait unread.</summary>
public sealed class ConsumerWatchHealthCheck(ConsumerWatch watch) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (queues, since) = watch.Missing;
        var consumed = watch.Queues;
        // Switched off, it has looked at nothing and must not say the queues have their consumers: CI's
        // cluster run had a contact point whose queue had none while every check here was green.
        if (watch.Wedged)
            return Task.FromResult(HealthCheckResult.Unhealthy("The bus stayed without its consumers after its connection was aborted; the service is stopping so that a new process starts."));
        return Task.FromResult(!watch.Enabled
            ? HealthCheckResult.Healthy("Not watched (RabbitMq:WatchConsumers is off): whether the broker still has this service's consumers is not checked.")
            : queues.Count == 0
            ? HealthCheckResult.Healthy(consumed.Count == 0 ? "No queue consumed yet (the bus's own check says whether it is connected)." : $"The broker has a consumer on {string.Join(", ", consumed)}.")
            : HealthCheckResult.Degraded($"{string.Join(", ", queues)} had no consumer at the last look (since {since:O}); the bus starts over if it lasts."));
    }
}
