using Microsoft.Data.Sqlite;

namespace BalkanHub.Testing;

/// <summary>A fault: another process holds a SQLite store's write lock, as a backup tool or a stuck migration would.</summary>
public static class StoreLock
{
    /// <summary>Takes the exclusive lock on the SQLite file at <paramref name="path"/> and releases it after <paramref name="hold"/>.</summary>
    public static async Task HoldAsync(string path, TimeSpan hold)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }
        await Task.Delay(hold);
        await using var commit = connection.CreateCommand();
        commit.CommandText = "COMMIT";
        await commit.ExecuteNonQueryAsync();
    }
}
