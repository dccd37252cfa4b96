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
    /// A database that cannot be reached or created stops the service at once, naming
    /// <c>ConnectionStrings:<paramref name="connectionName"/></c>: a service that starts without its store
    /// would accept nothing anyway.
    /// </summary>
    public static async Task InitializeDatabaseAsync<TDbContext>(this IServiceProvider services, string connectionName, CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        try
        {
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
        // EF Core wraps a provider's error in an InvalidOperationException when it thinks it transient.
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or UnauthorizedAccessException or TimeoutException
            || ex.InnerException is System.Data.Common.DbException)
        {
            throw new InvalidOperationException(
                $"The database in ConnectionStrings:{connectionName} could not be opened or created: {ex.Message} " +
                "Check the connection string, that the server is reachable and that the service may write there.", ex);
        }
    }
}
