using BalkanHub.ServiceDefaults.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BalkanHub.Messaging.Outbox;

/// <summary>
/// Samples the outbox's backlog and the age of its oldest waiting row every few seconds for the
/// <c>balkanhub.outbox.*</c> gauges, so a metrics export never waits on the database.
/// </summary>
public sealed class OutboxSampler<TDbContext>(IServiceScopeFactory scopes, TimeProvider clock) : BackgroundService
    where TDbContext : DbContext, IOutboxDbContext
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, even where tests fake the clock: sampling is housekeeping, not business time.
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
                var (backlog, oldestAge) = await OutboxLag.ReadAsync(db, clock, stoppingToken);
                HubTelemetry.SampleOutbox(backlog, oldestAge);
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is briefly unavailable, say; the gauges keep their last values until the next
                // sample. Whatever it was, it must not end the service: a BackgroundService that throws stops the host.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
