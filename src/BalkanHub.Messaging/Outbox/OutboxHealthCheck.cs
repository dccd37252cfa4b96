using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BalkanHub.Messaging.Outbox;

/// <summary>
/// Not ready while more than <see cref="OutboxOptions.MaxBacklog"/> messages wait to be published: a
/// load balancer then sends new work elsewhere until the broker has caught up.
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
            ? HealthCheckResult.Unhealthy($"{backlog} messages wait to be published (more than {options.Value.MaxBacklog}).", data: data)
            : HealthCheckResult.Healthy($"{backlog} messages wait to be published.", data);
    }
}
