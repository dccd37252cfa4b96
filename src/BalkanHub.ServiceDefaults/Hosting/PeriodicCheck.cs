using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>
/// A background check that runs now and then every <see cref="Interval"/> on the injected
/// <see cref="TimeProvider"/>, so a test that moves a fake clock moves the check too. A failed round is
/// logged and the next one tries again: one bad row must not stop deadlines for everyone.
/// </summary>
public abstract class PeriodicCheck(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The clock every round and deadline is read from.</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>The pause between rounds, read each round so a changed setting applies.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>One round of the check.</summary>
    public abstract Task CheckAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                PeriodicCheckLog.Failed(logger, GetType().Name, ex);
            }
            try
            {
                await Task.Delay(Interval, Clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}

static partial class PeriodicCheckLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Check} failed; trying again at the next round")]
    public static partial void Failed(ILogger logger, string check, Exception exception);
}
