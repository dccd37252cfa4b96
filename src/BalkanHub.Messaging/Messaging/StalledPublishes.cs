using BalkanHub.Domain.Time;
using BalkanHub.ServiceDefaults.Hosting;
using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Configuration;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace BalkanHub.Messaging.Messaging;

/// <summary>
/// Starts the bus over on a new broker connection when publishes stop being confirmed on one that still
/// looks open.
/// </summary>
/// <remarks>
/// MassTransit replaces a channel only when the broker or the socket closes it. A channel can also stall
/// and stay open: in the fault suite's three-node cluster run on CI (2026-12-04), one contact point's every
/// publish timed out for ten minutes after the intake queue's leader was killed, while the ten others went
/// on within seconds, and 847 deliveries were still missing when the checker gave up. RabbitMQ.Client 7.2.x
/// has hangs of this kind (rabbitmq-dotnet-client #1928, #1930), and MassTransit 8.5 abandons a publish
/// that times out rather than cancelling it, so nothing ever frees that channel. Aborting the connection
/// makes MassTransit start over as after a broker restart: its consumers reconnect, and the outbox sends
/// again what was not confirmed, with the same MessageId, so a receiver drops any copy the stalled channel
/// delivers late.
/// </remarks>
public sealed partial class StalledPublishes(IServiceProvider services, TimeProvider clock, ILogger<StalledPublishes> logger)
{
    /// <summary>How long the abort may take before the socket is closed regardless.</summary>
    static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(5);

    long _lastConfirmedTicks = long.MinValue;
    int _checking;
    IConnection? _suspect;

    /// <summary>The broker confirmed a publish: the connection works.</summary>
    public void Confirmed() => Volatile.Write(ref _lastConfirmedTicks, Now.UtcTicks);

    /// <summary>
    /// A publish begun at <paramref name="since"/> got no confirm through all its attempts. If no other
    /// publish was confirmed since then either, the connection may be what is stuck, not the message.
    /// </summary>
    /// <remarks>
    /// A connection gets the benefit of the doubt once: publishes also time out while a broker restarts,
    /// or while a new connection declares its topology on a loaded machine, and aborting then would only
    /// start the wait over (a first version did, and under the full test suite's load it kept aborting
    /// every new connection as soon as it opened). Only a connection that was already the current one at
    /// the previous stall, with nothing confirmed since, is aborted.
    /// </remarks>
    public async Task TimedOutAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _lastConfirmedTicks) >= since.UtcTicks || Interlocked.Exchange(ref _checking, 1) == 1)
            return;
        try
        {
            // A bus on another transport (the tests' in-memory harness) has no connection to start over.
            if (services.GetService<IBusInstance>()?.HostConfiguration is not IRabbitMqHostConfiguration rabbit)
                return;
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(AbortTimeout * 2);
            await rabbit.ConnectionContextSupervisor.Send(Pipe.ExecuteAsync<ConnectionContext>(async context =>
            {
                if (!ReferenceEquals(context.Connection, _suspect))
                {
                    _suspect = context.Connection;
                    return;
                }
                LogStalled(logger, Now - since);
                _suspect = null;
                await context.Connection.AbortAsync(Constants.ConnectionForced, "publishes stalled on an open connection", AbortTimeout);
                HubTelemetry.StalledConnectionResets.Add(1);
            }), bounded.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // No connection within the bound, or MassTransit's "broker unreachable" (RabbitMqConnectionException)
            // when a publish timed out as the broker went down: either way nothing open is stalled. The caller
            // is the outbox dispatcher, which must go on whatever this check meets.
            LogCheckFailed(logger, ex);
        }
        finally
        {
            // The next step needs a whole new stall, measured from now.
            Confirmed();
            Volatile.Write(ref _checking, 0);
        }
    }

    DateTimeOffset Now => clock.RealTime().GetUtcNow();

    [LoggerMessage(Level = LogLevel.Debug, Message = "No broker connection to check after a publish timed out; nothing open is stalled")]
    static partial void LogCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No publish was confirmed for {Stalled} on a broker connection that stayed open through two stalls; aborting it so the bus starts over on a new one")]
    static partial void LogStalled(ILogger logger, TimeSpan stalled);
}
