using System.Data;
using Microsoft.EntityFrameworkCore.Storage;

namespace BalkanHub.Aggregator.Relay;

/// <summary>
/// Gap-free counters kept in the database: one per relay recipient, and one for the audit trail.
/// </summary>
public static class Sequences
{
    /// <summary>The audit trail's counter.</summary>
    public const string Audit = "AUDIT";

    /// <summary>
    /// The counter's next number, taken inside the caller's transaction. The row lock (PostgreSQL) or
    /// the write lock (SQLite) holds until commit, so numbers stay unique and gap-free across several
    /// aggregator replicas, and the holder of number n knows n − 1 is committed; an in-memory counter
    /// could promise neither.
    /// </summary>
    public static async Task<long> NextAsync(AggregatorDb db, string counter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
            await db.Database.OpenConnectionAsync(cancellationToken);

        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Sequence numbers are taken inside the transaction that uses them.");
        command.CommandText = """
            INSERT INTO "RecipientSequences" ("Recipient", "Last") VALUES (@counter, 0) ON CONFLICT ("Recipient") DO NOTHING;
            UPDATE "RecipientSequences" SET "Last" = "Last" + 1 WHERE "Recipient" = @counter RETURNING "Last";
            """;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@counter";
        parameter.Value = counter;
        command.Parameters.Add(parameter);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }
}
