using BalkanHub.Aggregator.Data;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// The entities are mapped beside their features; a mapping moved, renamed or forgotten there must
/// not leave the model differing from the last migration, or the next start would refuse to migrate.
/// No database is opened: the model is compared with the migrations' snapshot.
/// </summary>
[Category("Unit")]
public sealed class When_the_store_model_meets_its_migrations
{
    [Test]
    public void Should_have_no_change_pending_on_sqlite()
    {
        using var db = new SqliteAggregatorDb(new DbContextOptionsBuilder<SqliteAggregatorDb>().UseSqlite("Data Source=:memory:").Options);
        Assert.That(db.Database.HasPendingModelChanges(), Is.False);
    }

    [Test]
    public void Should_have_no_change_pending_on_postgres()
    {
        using var db = new PostgresAggregatorDb(new DbContextOptionsBuilder<PostgresAggregatorDb>().UseNpgsql("Host=localhost;Database=unused").Options);
        Assert.That(db.Database.HasPendingModelChanges(), Is.False);
    }

    [Test]
    public void Should_map_every_stored_set()
    {
        using var db = new SqliteAggregatorDb(new DbContextOptionsBuilder<SqliteAggregatorDb>().UseSqlite("Data Source=:memory:").Options);
        var unkeyed = db.Model.GetEntityTypes().Where(e => e.FindPrimaryKey() is null).Select(e => e.Name);
        Assert.That(unkeyed, Is.Empty);
    }
}
