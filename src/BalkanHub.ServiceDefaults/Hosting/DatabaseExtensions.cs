using Microsoft.EntityFrameworkCore.Migrations.Operations;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>Preparing a service's database before it takes traffic or messages.</summary>
public static class DatabaseExtensions
{
    /// <summary>
    /// Brings the schema up to date with the service's migrations (creating it when the database is new).
    /// For SQLite it also creates the file's folder and switches to write-ahead logging, so readers (the
    /// API, SignalR catch-up) never block the writer. A database that cannot be reached or created stops
    /// the service at once, naming <c>ConnectionStrings:<paramref name="connectionName"/></c>: a service that
    /// starts without its store would accept nothing anyway.
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
            await BaselineAsync(db, cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
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

    /// <summary>
    /// Records the first migration (InitialCreate) as applied to a database that has the service's tables
    /// but no migrations history.
    /// </summary>
    /// <remarks>
    /// Before migrations, the services created their schema with <c>EnsureCreated</c>, which writes no
    /// history. InitialCreate is that same schema, so without this step <c>Migrate</c> would try to create
    /// tables that exist and stop the service on a store that is perfectly good. Any later migration then
    /// runs as usual. The insert ignores a row another replica recorded first.
    /// </remarks>
    static async Task BaselineAsync(DbContext db, CancellationToken cancellationToken)
    {
        var migrations = db.Database.GetMigrations().ToList();
        if (migrations.Count == 0 || !await db.Database.CanConnectAsync(cancellationToken))
            return;
        if ((await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
            return;
        // A table the first migration creates stands for its schema.
        var assembly = db.GetService<IMigrationsAssembly>();
        var first = assembly.CreateMigration(assembly.Migrations[migrations[0]], db.Database.ProviderName!);
        var table = first.UpOperations.OfType<CreateTableOperation>().Select(t => t.Name).FirstOrDefault();
        if (table is null || !await TableExistsAsync(db, table, cancellationToken))
            return;

        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(cancellationToken);
        var version = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "10.0";
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO \"{HistoryRepository.DefaultTableName}\" (\"MigrationId\", \"ProductVersion\") VALUES ({{0}}, {{1}}) ON CONFLICT DO NOTHING",
            [migrations[0], version], cancellationToken);
    }

    static async Task<bool> TableExistsAsync(DbContext db, string table, CancellationToken cancellationToken)
    {
        var sql = db.Database.IsSqlite()
            ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {0}"
            : "SELECT COUNT(*) AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {0}";
        return await db.Database.SqlQueryRaw<long>(sql, table).SingleAsync(cancellationToken) > 0;
    }
}
