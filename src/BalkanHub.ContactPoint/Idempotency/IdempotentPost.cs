using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore.Storage;

namespace BalkanHub.ContactPoint.Idempotency;

/// <summary>
/// One POST under an <c>Idempotency-Key</c>, in the transaction that stores what it creates. Begun, it says
/// whether an earlier answer stands (<see cref="Replay"/> or <see cref="Conflict"/>); otherwise the endpoint
/// stores its item and <see cref="AcceptAsync"/> records the answer under the key, saves and commits, so a
/// crash can never keep the item without its answer or the answer without its item.
/// </summary>
public sealed class IdempotentPost : IAsyncDisposable
{
    readonly ContactPointDb _db;
    readonly IDbContextTransaction _transaction;
    readonly string? _key;
    readonly string _operation;
    readonly string _hash;

    IdempotentPost(ContactPointDb db, IDbContextTransaction transaction, string? key, string operation, string hash)
    {
        _db = db;
        _transaction = transaction;
        _key = key;
        _operation = operation;
        _hash = hash;
    }

    /// <summary>The first answer to this key, to give again.</summary>
    public IdempotencyKeys.ReplayedResult? Replay { get; private init; }

    /// <summary>A 422: the key was used for a different request.</summary>
    public ProblemHttpResult? Conflict { get; private init; }

    /// <summary>
    /// Opens the transaction and looks the key up for <paramref name="operation"/> (as <c>POST /api/reports</c>)
    /// with <paramref name="request"/>'s fingerprint. Without a key, every request is new.
    /// </summary>
    public static async Task<IdempotentPost> BeginAsync<TRequest>(ContactPointDb db, string? key, string operation, TRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var record = key is null ? null : await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);
            if (record is null)
                return new IdempotentPost(db, transaction, key, operation, hash);
            if (record.Operation != operation || record.RequestHash != hash)
            {
                return new IdempotentPost(db, transaction, key, operation, hash)
                {
                    Conflict = TypedResults.Problem(
                        detail: "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
                        statusCode: StatusCodes.Status422UnprocessableEntity,
                        title: "Idempotency-Key reused"),
                };
            }
            return new IdempotentPost(db, transaction, key, operation, hash) { Replay = new(record.StatusCode, record.Response, record.Location) };
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>Records the 202 <paramref name="answer"/> and its <paramref name="location"/> under the key, saves and commits.</summary>
    public async Task AcceptAsync<TAnswer>(TAnswer answer, string location, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_key is not null)
        {
            _db.IdempotencyRecords.Add(new StoredIdempotencyRecord
            {
                Key = _key,
                Operation = _operation,
                RequestHash = _hash,
                StatusCode = StatusCodes.Status202Accepted,
                Response = JsonSerializer.Serialize(answer, JsonSerializerOptions.Web),
                Location = location,
                CreatedAt = now,
            });
        }
        await _db.SaveChangesAsync(cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _transaction.DisposeAsync();
}
