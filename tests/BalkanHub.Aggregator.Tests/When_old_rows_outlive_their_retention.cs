using BalkanHub.Aggregator.Audit;
using BalkanHub.Aggregator.Data;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Messaging.Outbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using BalkanHub.Aggregator.Admin;
using BalkanHub.Aggregator.Intake;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// With Retention:AuditDays and Retention:HistoryDays set, old audit entries and old delivery records
/// are deleted and recent ones stay; the audit trail still verifies after its oldest entries went. The
/// clock is a fake one the test moves; batches of two make one pruning take several.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_old_rows_outlive_their_retention(string store) : AggregatorFixture(store)
{
    readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override Task<AggregatorHost> StartHostAsync() => AggregatorHost.StartAsync(Store, _clock, b => b
        .UseSetting("Retention:AuditDays", "30")
        .UseSetting("Retention:HistoryDays", "7")
        .UseSetting("Retention:Interval", "01:00:00")
        .UseSetting("Retention:BatchSize", "2"));

    async Task AppendAsync(DateTimeOffset at, string action)
    {
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().AppendNowAsync(
            new AuditRecord(AuditTrail.Aggregator, "officer-1", "GR", "officer", action, null, "127.0.0.1", "202", null, at), CancellationToken.None);
    }

    async Task<Verification> VerifyAsync()
    {
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditTrail>().VerifyAsync(CancellationToken.None);
    }

    [Test]
    public async Task Should_prune_the_oldest_audit_entries_and_keep_the_trail_verifiable()
    {
        Assert.That(await Host.QueryAsync(db => db.AuditEntries.CountAsync()), Is.Zero, "the trail starts empty");
        var now = _clock.GetUtcNow();
        for (var i = 1; i <= 5; i++)
            await AppendAsync(now.AddDays(-40), $"old {i}");
        await AppendAsync(now.AddDays(-1), "recent 6");
        await AppendAsync(now, "recent 7");

        _clock.Advance(TimeSpan.FromHours(1));
        await Host.WaitUntilAsync(async db => await db.AuditEntries.MinAsync(a => a.Sequence) == 6, "the five old entries to go");
        Assert.That(await Host.QueryAsync(db => db.AuditEntries.OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync()),
            Is.EqualTo(new[] { "recent 6", "recent 7" }), "the recent entries stay");
        Assert.That(await VerifyAsync(), Is.EqualTo(new Verification(true, 2, null, 6)), "what remains verifies from its checkpoint");

        // Sixty days on, every entry is old; the newest stays all the same, since the next is chained to it.
        _clock.Advance(TimeSpan.FromDays(60));
        await Host.WaitUntilAsync(async db => await db.AuditEntries.CountAsync() == 1, "all but the newest entry to go");
        await AppendAsync(_clock.GetUtcNow(), "after the pruning");
        Assert.That(await VerifyAsync(), Is.EqualTo(new Verification(true, 2, null, 7)), "an entry appended after a pruning chains on");

        await Host.QueryAsync(db => db.AuditEntries.Where(a => a.Sequence == 7).ExecuteUpdateAsync(s => s.SetProperty(a => a.Outcome, "403")));
        Assert.That((await VerifyAsync()).Intact, Is.False, "tampering is still detected after a pruning");
    }

    [Test]
    public async Task Should_delete_old_delivery_records_and_keep_recent_ones_and_parked_letters()
    {
        var now = _clock.GetUtcNow();
        DateTimeOffset old = now.AddDays(-10), recent = now.AddDays(-1);
        var oldMessage = Guid.NewGuid();
        var recentMessage = Guid.NewGuid();
        await Host.QueryAsync(async db =>
        {
            db.ProcessedMessages.AddRange(
                new StoredProcessedMessage { MessageId = oldMessage, MessageType = "DailyReportSubmitted", ProcessedAt = old },
                new StoredProcessedMessage { MessageId = recentMessage, MessageType = "DailyReportSubmitted", ProcessedAt = recent });
            db.OutboxMessages.AddRange(
                Dispatched("old-1", old), Dispatched("old-2", old), Dispatched("old-3", old), Dispatched("recent", recent));
            db.DeadLetters.AddRange(
                Letter("resolved-old", "replayed", old), Letter("resolved-recent", "discarded", recent), Letter("parked-old", "parked", null, parkedAt: old));
            return await db.SaveChangesAsync();
        });

        _clock.Advance(TimeSpan.FromHours(1));
        await Host.WaitUntilAsync(async db => !await db.ProcessedMessages.AnyAsync(m => m.MessageId == oldMessage)
            && !await db.OutboxMessages.AnyAsync(m => m.Stream.StartsWith("retention-old"))
            && !await db.DeadLetters.AnyAsync(d => d.Fingerprint == "resolved-old"), "the old delivery records to go");

        Assert.That(await Host.QueryAsync(db => db.ProcessedMessages.AnyAsync(m => m.MessageId == recentMessage)), Is.True, "a recent message id stays");
        Assert.That(await Host.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Stream == "retention-recent")), Is.EqualTo(1), "a recent outbox row stays");
        Assert.That(await Host.QueryAsync(db => db.DeadLetters.Where(d => d.Fingerprint != "resolved-old").Select(d => d.Fingerprint).ToListAsync()),
            Is.EquivalentTo(new[] { "resolved-recent", "parked-old" }), "a parked letter waits for an operator however old");
    }

    static OutboxMessage Dispatched(string name, DateTimeOffset at) => new()
    {
        MessageId = Guid.NewGuid(), Stream = $"retention-{name}", MessageType = "BalkanHub.Contracts.RelayItem, BalkanHub.Contracts", Body = "{}",
        CreatedAt = at, DispatchedAt = at,
    };

    static StoredDeadLetter Letter(string fingerprint, string status, DateTimeOffset? resolvedAt, DateTimeOffset? parkedAt = null) => new()
    {
        Queue = "aggregator", Reason = "test", Headers = "{}", Body = [], Fingerprint = fingerprint, Status = status,
        ParkedAt = parkedAt ?? resolvedAt!.Value, ResolvedAt = resolvedAt,
    };
}
