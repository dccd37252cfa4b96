using BalkanHub.ContactPoint.Data;
using BalkanHub.Messaging.Outbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;
using BalkanHub.ContactPoint.Notifications;
using BalkanHub.ContactPoint.Idempotency;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// With Retention:HistoryDays set, a contact point deletes old delivery bookkeeping (dispatched outbox
/// rows, idempotency answers, finished notifications and their attempts) and keeps recent rows, pending
/// notifications and its inbox. The clock is a fake one the test moves.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_old_rows_outlive_their_retention : HostFixture<ContactPointHost>
{
    readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override Task<ContactPointHost> StartHostAsync() => ContactPointHost.StartAsync("MK", b => b
        .UseSetting("Retention:HistoryDays", "7")
        .UseSetting("Retention:Interval", "01:00:00")
        .UseSetting("Retention:BatchSize", "2"), clock: _clock);

    [Test]
    public async Task Should_delete_old_delivery_records_and_keep_recent_and_pending_ones()
    {
        var now = _clock.GetUtcNow();
        DateTimeOffset old = now.AddDays(-10), recent = now.AddDays(-1);
        await Host.QueryAsync(async db =>
        {
            db.OutboxMessages.AddRange(Dispatched("old", old), Dispatched("old", old), Dispatched("old", old), Dispatched("recent", recent));
            db.IdempotencyRecords.AddRange(Answer("old-key", old), Answer("recent-key", recent));
            db.Notifications.AddRange(
                Notice(901, "delivered", old), Notice(902, "failed", old), Notice(903, "delivered", recent),
                // Still being tried: far from due, so the sender leaves it alone during the test.
                Notice(904, "pending", old, nextAttempt: now.AddYears(1)));
            await db.SaveChangesAsync();
            var ids = await db.Notifications.Where(n => n.Sequence >= 901).ToDictionaryAsync(n => n.Sequence, n => n.Id);
            db.NotificationAttempts.AddRange(ids.Values.Select(id => new StoredNotificationAttempt { NotificationId = id, At = old, Outcome = "200" }));
            return await db.SaveChangesAsync();
        });

        _clock.Advance(TimeSpan.FromHours(1));
        await Testing.Eventually.True(() => Host.QueryAsync(async db => !await db.OutboxMessages.AnyAsync(m => m.Stream == "retention-old")
            && !await db.IdempotencyRecords.AnyAsync(r => r.Key == "old-key")
            && await db.Notifications.CountAsync(n => n.Sequence >= 901) == 2), "the old delivery records to go");

        Assert.That(await Host.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Stream == "retention-recent")), Is.EqualTo(1), "a recent outbox row stays");
        Assert.That(await Host.QueryAsync(db => db.IdempotencyRecords.Select(r => r.Key).ToListAsync()), Is.EqualTo(new[] { "recent-key" }));
        var left = await Host.QueryAsync(db => db.Notifications.Where(n => n.Sequence >= 901).Select(n => new { n.Id, n.Sequence }).ToListAsync());
        Assert.That(left.Select(n => n.Sequence), Is.EquivalentTo(new[] { 903L, 904L }), "a recent or still pending notification stays");
        var attempts = await Host.QueryAsync(db => db.NotificationAttempts.Select(a => a.NotificationId).ToListAsync());
        Assert.That(attempts, Is.EquivalentTo(left.Select(n => n.Id)), "attempts go with their notification, and only with it");
    }

    static OutboxMessage Dispatched(string name, DateTimeOffset at) => new()
    {
        MessageId = Guid.NewGuid(), Stream = $"retention-{name}", MessageType = "BalkanHub.Contracts.DailyReportSubmitted, BalkanHub.Contracts", Body = "{}",
        CreatedAt = at, DispatchedAt = at,
    };

    static StoredIdempotencyRecord Answer(string key, DateTimeOffset at) => new()
    {
        Key = key, Operation = "POST /api/reports", RequestHash = "00", StatusCode = 202, Response = "{}", CreatedAt = at,
    };

    static StoredNotification Notice(long sequence, string status, DateTimeOffset at, DateTimeOffset? nextAttempt = null) => new()
    {
        Sequence = sequence, Channel = "webhook", Target = "http://127.0.0.1:9/hook", Status = status, CreatedAt = at, NextAttemptAt = nextAttempt ?? at,
        DeliveredAt = status == "delivered" ? at : null,
    };
}
