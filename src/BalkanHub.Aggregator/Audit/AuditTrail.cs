using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Signing;

namespace BalkanHub.Aggregator.Audit;

/// <summary>An action to append to the audit trail.</summary>
/// <param name="RecordedBy">The service that saw it.</param>
/// <param name="Actor">The person, broker user, or anonymous.</param>
/// <param name="ActorCountry">The participant the actor acts for.</param>
/// <param name="Role">The actor's role.</param>
/// <param name="Action">What was attempted.</param>
/// <param name="Target">What it was done to.</param>
/// <param name="Origin">Where it came from.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Details">Why, when refused.</param>
/// <param name="At">When it happened.</param>
public sealed record AuditRecord(
    string RecordedBy, string Actor, string? ActorCountry, string? Role, string Action, string? Target,
    string? Origin, string Outcome, string? Details, DateTimeOffset At);

/// <summary>
/// The append-only audit trail. Entries are numbered without gaps in the database and chained by
/// SHA-256, so a removed, reordered or altered entry is detected by <see cref="VerifyAsync"/>.
/// </summary>
public sealed class AuditTrail(AggregatorDb db, IOptions<ReplicaOptions> replica)
{
    /// <summary>
    /// The aggregator's own name in the trail. As <see cref="AuditRecord.RecordedBy"/> it is written as
    /// the replica's name (<see cref="ReplicaOptions.Name"/>), which is this same word when one runs.
    /// </summary>
    public const string Aggregator = "aggregator";

    /// <summary>Appends an entry inside the caller's transaction.</summary>
    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sequence = await Sequences.NextAsync(db, Sequences.Audit, cancellationToken);
        // Holding number n means n − 1 has committed, so its hash can be read.
        var previous = sequence == 1 ? ""
            : db.AuditEntries.Local.FirstOrDefault(a => a.Sequence == sequence - 1)?.Hash
              ?? await db.AuditEntries.Where(a => a.Sequence == sequence - 1).Select(a => a.Hash).SingleAsync(cancellationToken);
        var entry = new StoredAuditEntry
        {
            Sequence = sequence,
            // PostgreSQL keeps microseconds: the hash must cover the time as it will be read back, or the
            // entry would fail verification on that store.
            At = StoredTime.Of(record.At.ToUniversalTime()),
            RecordedBy = record.RecordedBy == Aggregator ? replica.Value.Name : record.RecordedBy,
            Actor = record.Actor,
            ActorCountry = record.ActorCountry,
            Role = record.Role,
            Action = record.Action,
            Target = record.Target,
            Origin = record.Origin,
            Outcome = record.Outcome,
            Details = record.Details,
            PreviousHash = previous,
            Hash = "",
        };
        entry.Hash = HashOf(entry);
        db.AuditEntries.Add(entry);
    }

    /// <summary>Appends an entry in a transaction of its own.</summary>
    public async Task AppendNowAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await AppendAsync(record, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Recomputes every hash from the start of the trail on: entry 1, or, once retention pruned older
    /// entries, the first one kept, chained to the hash its checkpoint recorded.
    /// </summary>
    public async Task<Verification> VerifyAsync(CancellationToken cancellationToken)
    {
        var start = await db.AuditCheckpoints.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var previous = start?.PreviousHash ?? "";
        long first = start?.FirstSequence ?? 1, expected = first, count = 0;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (entry.Sequence != expected || entry.PreviousHash != previous || entry.Hash != HashOf(entry))
                return new Verification(false, count, entry.Sequence == expected ? entry.Sequence : expected, first);
            previous = entry.Hash;
            expected++;
        }
        return new Verification(true, count, null, first);
    }

    /// <summary>SHA-256 over the RFC 8785 canonical form of every field but the hash itself.</summary>
    public static string HashOf(StoredAuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var fields = new JsonObject
        {
            ["sequence"] = entry.Sequence,
            ["at"] = entry.At.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["recordedBy"] = entry.RecordedBy,
            ["actor"] = entry.Actor,
            ["actorCountry"] = entry.ActorCountry,
            ["role"] = entry.Role,
            ["action"] = entry.Action,
            ["target"] = entry.Target,
            ["origin"] = entry.Origin,
            ["outcome"] = entry.Outcome,
            ["details"] = entry.Details,
            ["previousHash"] = entry.PreviousHash,
        };
        return Convert.ToHexString(SHA256.HashData(CanonicalJson.Serialize(fields))).ToLowerInvariant();
    }
}
