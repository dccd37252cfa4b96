using System.CommandLine;
using Microsoft.Data.Sqlite;

namespace BalkanHub.Cli;

/// <summary>
/// <c>balkanhub backup</c>: a consistent copy of a service's SQLite file, taken while the service runs.
/// </summary>
/// <remarks>
/// Copying the file with <c>cp</c> while the service writes can catch it half-way, and misses what still
/// sits in the write-ahead log. SQLite's online backup reads one consistent snapshot (the log included),
/// and in write-ahead-log mode the service keeps writing meanwhile. This is the same as
/// <c>sqlite3 FILE ".backup COPY"</c>, for machines without the sqlite3 program.
/// </remarks>
internal static class BackupCommand
{
    /// <summary>Builds <c>backup</c>.</summary>
    public static Command Build()
    {
        var database = new Option<FileInfo>("--database", "-d")
        {
            Description = "The service's SQLite file: the Data Source of ConnectionStrings:Aggregator or ConnectionStrings:ContactPoint.",
            Required = true,
        };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The backup file to write; it must not exist yet.", Required = true };
        var command = new Command("backup", "Copies a running service's SQLite store to a backup file, consistently and without stopping the service.");
        command.Options.Add(database);
        command.Options.Add(output);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var source = parseResult.GetValue(database)!;
            var target = parseResult.GetValue(output)!;
            if (!source.Exists)
                throw new FileNotFoundException($"{source.FullName} does not exist.", source.FullName);
            if (target.Exists)
                throw new UsageException($"{target.FullName} exists already; name a new file, so no backup is overwritten by mistake.");
            // Written beside the target and moved into place once checked, so a failed backup leaves no half file.
            var partial = target.FullName + ".partial";
            File.Delete(partial);
            try
            {
                await CopyAsync(source.FullName, partial, cancellationToken);
                File.Move(partial, target.FullName);
            }
            finally
            {
                File.Delete(partial);
            }
            await Console.Error.WriteLineAsync($"backed up {source.FullName} to {target.FullName} ({new FileInfo(target.FullName).Length} bytes)");
            return 0;
        });
        return command;
    }

    static async Task CopyAsync(string sourceFile, string targetFile, CancellationToken cancellationToken)
    {
        // No pooling: both files must be closed when this returns, so the copy can be moved and the service's file is let go.
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = sourceFile, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 60,
        }.ToString());
        await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = targetFile, Pooling = false }.ToString());
        await source.OpenAsync(cancellationToken);
        await using (var wait = source.CreateCommand())
        {
            // The service's own setting: wait for a writer that holds a lock rather than fail at once.
            wait.CommandText = "PRAGMA busy_timeout = 30000;";
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }
        await target.OpenAsync(cancellationToken);
        source.BackupDatabase(target);
        await using var check = target.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        var verdict = (string?)await check.ExecuteScalarAsync(cancellationToken);
        if (verdict != "ok")
            throw new InputException($"the copy of {sourceFile} failed SQLite's integrity check: {verdict}");
    }
}
