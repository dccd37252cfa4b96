using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>Preparing a service's database before it takes traffic or messages.</summary>
public static class DatabaseExtensions
{
    /// <summary>
    /// Creates the schema when the database is new. For SQLite it also creates the file's folder and
    /// switches to write-ahead logging, so readers (the API, SignalR catch-up) never block the writer.
    /// </summary>
    public static async Task InitializeDatabaseAsync<TDbContext>(this IServiceProvider services, CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        if (db.Database.IsSqlite())
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } folder)
                Directory.CreateDirectory(folder);
        }
        await db.Database.EnsureCreatedAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
