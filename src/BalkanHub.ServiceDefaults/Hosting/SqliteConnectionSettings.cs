using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>
/// Settings every SQLite connection gets when it opens.
/// <list type="bullet">
/// <item><c>busy_timeout</c>: SQLite's own busy handler waits for a write lock in steps of a few
/// milliseconds; without it, Microsoft.Data.Sqlite retries a locked statement only after much longer
/// pauses, and concurrent writers spend most of their time asleep.</item>
/// <item><c>synchronous</c>: in write-ahead-log mode, <c>NORMAL</c> (the default here) makes a commit
/// durable across a crash or kill of the service and of the broker, and skips the disk flush per commit;
/// only an operating-system crash or power loss can lose the last commits. <c>FULL</c> flushes every
/// commit. <c>Database:Synchronous</c>.</item>
/// </list>
/// </summary>
public sealed class SqliteConnectionSettings(string synchronous = "NORMAL") : DbConnectionInterceptor
{
    readonly string _pragmas = synchronous.ToUpperInvariant() is "NORMAL" or "FULL" or "EXTRA"
        ? $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = {synchronous.ToUpperInvariant()};"
        : throw new ArgumentException($"Database:Synchronous is '{synchronous}'; use Normal, Full or Extra.", nameof(synchronous));

    /// <summary>How long a statement waits for another writer (another process, such as a backup) to let go.</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    /// <inheritdoc />
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection)
            return;
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }
}
