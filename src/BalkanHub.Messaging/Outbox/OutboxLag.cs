using BalkanHub.Domain.Time;
using Microsoft.EntityFrameworkCore;

namespace BalkanHub.Messaging.Outbox;

/// <summary>How far an outbox is behind: rows waiting to be published, and the oldest one's age.</summary>
public static class OutboxLag
{
    /// <summary>Reads the backlog and the age in seconds of the oldest waiting row (0 when none waits).</summary>
    public static async Task<(int Backlog, double OldestAgeSeconds)> ReadAsync<TDbContext>(TDbContext db, TimeProvider clock, CancellationToken cancellationToken)
        where TDbContext : DbContext, IOutboxDbContext
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var waiting = db.OutboxMessages.AsNoTracking().Where(m => m.DispatchedAt == null && m.ParkedAt == null);
        var backlog = await waiting.CountAsync(cancellationToken);
        var oldest = backlog == 0 ? null
            : (await waiting.OrderBy(m => m.Id).Select(m => new { m.CreatedAt }).FirstOrDefaultAsync(cancellationToken))?.CreatedAt;
        // Rows carry the hub's time; their age is real time, so a replayed clock does not make a healthy outbox look days behind.
        return (backlog, oldest is null ? 0 : Math.Max(0, clock.RealAge(oldest.Value).TotalSeconds));
    }
}
