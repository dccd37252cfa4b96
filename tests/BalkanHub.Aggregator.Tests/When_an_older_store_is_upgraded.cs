using BalkanHub.Aggregator.Audit;
using BalkanHub.Aggregator.Data;
using BalkanHub.Aggregator.Relay;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// A new release starts on the store the previous one left: the schema is brought up to date and
/// nothing already stored is lost, on SQLite and on PostgreSQL. The previous store is made honestly:
/// migrated to InitialCreate and no further, or, as releases before migrations left it, with
/// InitialCreate's tables and no migrations history.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_an_older_store_is_upgraded(string store)
{
    const string ItemKey = "note:before-the-upgrade";
    static readonly DateTimeOffset At = new(2015, 10, 25, 12, 0, 0, TimeSpan.Zero);

    async Task LeavePreviousStoreAsync(string connectionString, bool withoutHistory)
    {
        await using var db = AggregatorHost.OpenStore(store, connectionString);
        var initial = db.Database.GetMigrations().First();
        Assert.That(initial, Does.EndWith("_InitialCreate"));
        await db.GetService<IMigrator>().MigrateAsync(initial);

        var item = new StoredItem
        {
            ItemKey = ItemKey, Kind = RelayedItemKind.Alert, Source = StoredItem.HubSource, MessageType = "Note",
            SourceMessageId = Guid.NewGuid(), ReceivedAt = At, Payload = """{"text":"stored by the previous release"}""",
        };
        db.Items.Add(item);
        db.Relays.Add(new StoredRelay { Recipient = RelayRecipients.Feed, Sequence = 1, Item = item, RelayedAt = At });
        db.RecipientSequences.Add(new StoredRecipientSequence { Recipient = RelayRecipients.Feed, Last = 1 });
        var previous = "";
        for (var sequence = 1; sequence <= 2; sequence++)
        {
            var entry = new StoredAuditEntry
            {
                Sequence = sequence, At = At.AddMinutes(sequence), RecordedBy = AuditTrail.Aggregator, Actor = "officer-1", Action = "POST /api/reports",
                Outcome = "202", PreviousHash = previous, Hash = "",
            };
            entry.Hash = AuditTrail.HashOf(entry);
            previous = entry.Hash;
            db.AuditEntries.Add(entry);
        }
        db.RecipientSequences.Add(new StoredRecipientSequence { Recipient = Sequences.Audit, Last = 2 });
        await db.SaveChangesAsync();
        if (withoutHistory)
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"__EFMigrationsHistory\"");
    }

    [TestCase(false, TestName = "{m}(migrated to InitialCreate)")]
    [TestCase(true, TestName = "{m}(made by EnsureCreated, no history)")]
    public async Task Should_bring_the_schema_up_to_date_and_keep_serving_what_it_held(bool withoutHistory)
    {
        await using var host = await AggregatorHost.StartAsync(store, prepare: cs => LeavePreviousStoreAsync(cs, withoutHistory));

        var feed = (await host.Http.GetFromJsonAsync<JsonObject>("/api/feed"))!["items"]!.AsArray();
        var kept = feed.SingleOrDefault(e => (string?)e!["itemKey"] == ItemKey);
        Assert.That(kept, Is.Not.Null, "the item stored before the upgrade is in the feed");
        Assert.That((string?)kept!["payload"]!["text"], Is.EqualTo("stored by the previous release"));

        var verification = (await host.Http.GetFromJsonAsync<JsonObject>("/api/audit/verification"))!;
        Assert.That((bool)verification["intact"]!, Is.True, "the audit trail written before the upgrade still verifies");
        Assert.That((long)verification["entries"]!, Is.EqualTo(2));

        var (all, applied) = await host.QueryAsync(async db => (db.Database.GetMigrations().ToList(), (await db.Database.GetAppliedMigrationsAsync()).ToList()));
        Assert.That(applied, Is.EqualTo(all), "every migration is recorded as applied");
        Assert.That(all, Has.Count.GreaterThan(1), "there is something to upgrade to");
        Assert.That(await host.QueryAsync(db => db.AuditCheckpoints.CountAsync()), Is.Zero, "the later schema's table exists");
    }
}
