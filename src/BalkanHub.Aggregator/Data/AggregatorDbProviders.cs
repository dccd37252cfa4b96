using Microsoft.EntityFrameworkCore.Design;

namespace BalkanHub.Aggregator.Data;

/// <summary>The aggregator's store on SQLite, with the migrations in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteAggregatorDb(DbContextOptions<SqliteAggregatorDb> options) : AggregatorDb(options)
{
    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite has no date-time type, and EF Core cannot compare or order DateTimeOffset text there.
        // Stored as a number instead (every time here is UTC), deadlines and trends are queried in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}

/// <summary>The aggregator's store on PostgreSQL, with the migrations in <c>Data/Migrations/Postgres</c>.</summary>
public sealed class PostgresAggregatorDb(DbContextOptions<PostgresAggregatorDb> options) : AggregatorDb(options);

/// <summary>
/// What <c>dotnet ef migrations add … --context SqliteAggregatorDb</c> builds the model with. Adding a
/// migration needs no database; the file named here is only opened by <c>dotnet ef database update</c>.
/// </summary>
public sealed class SqliteAggregatorDbFactory : IDesignTimeDbContextFactory<SqliteAggregatorDb>
{
    /// <inheritdoc />
    public SqliteAggregatorDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAggregatorDb>().UseSqlite("Data Source=aggregator.db").Options);
}

/// <summary>
/// What <c>dotnet ef migrations add … --context PostgresAggregatorDb</c> builds the model with. Adding a
/// migration needs no server; the connection string is only used by <c>dotnet ef database update</c>,
/// and can be given with <c>--connection</c>.
/// </summary>
public sealed class PostgresAggregatorDbFactory : IDesignTimeDbContextFactory<PostgresAggregatorDb>
{
    /// <inheritdoc />
    public PostgresAggregatorDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAggregatorDb>().UseNpgsql("Host=localhost;Database=balkanhub").Options);
}
