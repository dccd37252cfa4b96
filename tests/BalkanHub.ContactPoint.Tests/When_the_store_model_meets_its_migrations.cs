using BalkanHub.ContactPoint.Data;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// The entities are mapped beside their features; a mapping moved, renamed or forgotten there must
/// not leave the model differing from the last migration, or the next start would refuse to migrate.
/// </summary>
[Category("Unit")]
public sealed class When_the_store_model_meets_its_migrations
{
    [Test]
    public void Should_have_no_change_pending()
    {
        using var db = new ContactPointDb(new DbContextOptionsBuilder<ContactPointDb>().UseSqlite("Data Source=:memory:").Options);
        Assert.That(db.Database.HasPendingModelChanges(), Is.False);
    }
}
