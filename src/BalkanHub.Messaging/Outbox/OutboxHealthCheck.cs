using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BalkanHub.Messaging.Outbox;

/// <summary>
/// Degraded while more than <see cref="OutboxOptions.MaxBacklog"/> messages wait to be published. A
/// backlog is what the outbox is for (the broker is down or slow), so it is reported, in the health
/// detail and the outbox metrics, but it does not take the service out of rotation: every replica of a
/// service shares the same broker, and sending callers elsewhere would only refuse them.
/// </summary>
public sealed class OutboxHealthCheck<TDbContext>(TDbContext db, IOptions<OutboxOptions> options, TimeProvider clock) : IHealthCheck
    where TDbContext : DbContext, IOutboxDbContext
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (backlog, oldestAge) = await OutboxLag.ReadAsync(db, clock, cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["backlog"] = backlog,
            ["oldestAgeSeconds"] = Math.Round(oldestAge, 1),
        };
        return backlog > options.Value.MaxBacklog
            ? HealthCheckResult.Degraded($"{backlog} messages wait to be published (more than {options.Value.MaxBacklog}).", data: data)
            : HealthCheckResult.Healthy($"{backlog} messages wait to be published.", data);
    }
}
