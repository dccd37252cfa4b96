using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BalkanHub.ServiceDefaults.Outbox;

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
        var waiting = db.OutboxMessages.AsNoTracking().Where(m => m.DispatchedAt == null);
        var backlog = await waiting.CountAsync(cancellationToken);
        var oldest = backlog == 0 ? (DateTimeOffset?)null
            : (await waiting.OrderBy(m => m.Id).Select(m => new { m.CreatedAt }).FirstAsync(cancellationToken)).CreatedAt;
        var data = new Dictionary<string, object>
        {
            ["backlog"] = backlog,
            ["oldestAgeSeconds"] = oldest is null ? 0 : Math.Round((clock.GetUtcNow() - oldest.Value).TotalSeconds, 1),
        };
        return backlog > options.Value.MaxBacklog
            ? HealthCheckResult.Unhealthy($"{backlog} messages wait to be published (more than {options.Value.MaxBacklog}).", data: data)
            : HealthCheckResult.Healthy($"{backlog} messages wait to be published.", data);
    }
}
