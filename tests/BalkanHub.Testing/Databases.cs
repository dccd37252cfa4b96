using Npgsql;

namespace BalkanHub.Testing;

/// <summary>The databases the aggregator can store in, for tests that run on each of them.</summary>
public static class StoreProviders
{
    /// <summary>The values of <c>Database:Provider</c>, for <c>TestFixtureSource</c>.</summary>
    public static readonly string[] All = ["Sqlite", "Postgres"];
}

/// <summary>
/// A database of the test's own on the PostgreSQL server ./test.sh started (BALKANHUB_POSTGRES), dropped
/// again on dispose, so suites running in parallel never see each other's rows.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    PostgresDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>A connection string for the services: ConnectionStrings:Aggregator.</summary>
    public string ConnectionString { get; }

    /// <summary>The server's own connection string, from ./test.sh.</summary>
    public static string Server =>
        Environment.GetEnvironmentVariable("BALKANHUB_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("BALKANHUB_POSTGRES is not set. Run the tests through ./test.sh, which starts PostgreSQL and sets it.");

    /// <summary>The folder of the server's programs (pg_dump, pg_restore), from ./test.sh.</summary>
    public static string Programs =>
        Environment.GetEnvironmentVariable("BALKANHUB_POSTGRES_BIN") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("BALKANHUB_POSTGRES_BIN is not set. Run the tests through ./test.sh.");

    /// <summary>Creates an empty database named after <paramref name="prefix"/>.</summary>
    public static async Task<PostgresDatabase> CreateAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(Server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(Server) { Database = name };
        return new PostgresDatabase(name, builder.ConnectionString);
    }

    /// <summary>Runs one SQL statement in this database and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // The services' pools may still hold connections; FORCE ends them (PostgreSQL 13 and later).
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
