using BalkanHub.ContactPoint.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using BalkanHub.ContactPoint.Inbox;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// A new release of the contact point starts on the SQLite file the previous one left: the schema is
/// brought up to date and the inbox it held is still served. The previous file is made honestly:
/// migrated to InitialCreate and no further, or, as releases before migrations left it, with
/// InitialCreate's tables and no migrations history.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_an_older_store_is_upgraded
{
    const string ItemKey = "report:GR:2015-10-25:v1";

    static async Task LeavePreviousStoreAsync(string connectionString, bool withoutHistory)
    {
        await using var db = new ContactPointDb(new DbContextOptionsBuilder<ContactPointDb>().UseSqlite(connectionString).Options);
        var initial = db.Database.GetMigrations().First();
        Assert.That(initial, Does.EndWith("_InitialCreate"));
        await db.GetService<IMigrator>().MigrateAsync(initial);
        var at = new DateTimeOffset(2015, 10, 25, 12, 0, 0, TimeSpan.Zero);
        db.Inbox.Add(new StoredInboxItem
        {
            Sequence = 1, MessageId = Guid.NewGuid(), Kind = RelayedItemKind.DailyReport, ItemKey = ItemKey, Source = "GR", MessageType = "DailyReportSubmitted",
            RelayedAt = at, ReceivedAt = at, Payload = """{"text":"received by the previous release"}""",
        });
        db.InboxWatermarks.Add(new StoredInboxWatermark { Contiguous = 1 });
        await db.SaveChangesAsync();
        if (withoutHistory)
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"__EFMigrationsHistory\"");
    }

    [TestCase(false, TestName = "{m}(migrated to InitialCreate)")]
    [TestCase(true, TestName = "{m}(made by EnsureCreated, no history)")]
    public async Task Should_bring_the_schema_up_to_date_and_keep_serving_the_inbox(bool withoutHistory)
    {
        await using var host = await ContactPointHost.StartAsync("MK", prepare: cs => LeavePreviousStoreAsync(cs, withoutHistory));

        var inbox = (await host.Http.GetFromJsonAsync<JsonObject>("/api/inbox"))!["items"]!.AsArray();
        Assert.That(inbox.Select(i => (string?)i!["itemKey"]), Is.EqualTo(new[] { ItemKey }), "the item received before the upgrade is served");

        var (all, applied) = await host.QueryAsync(async db => (db.Database.GetMigrations().ToList(), (await db.Database.GetAppliedMigrationsAsync()).ToList()));
        Assert.That(applied, Is.EqualTo(all), "every migration is recorded as applied");
        Assert.That(all, Has.Count.GreaterThan(1), "there is something to upgrade to");
        var indexes = await host.QueryAsync(db => db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index'").ToListAsync());
        Assert.That(indexes, Does.Contain("IX_IdempotencyRecords_CreatedAt"), "the later schema's index exists");
    }
}
