namespace BalkanHub.Contracts;

/// <summary>
/// Proof of origin: the originating contact point's ECDSA P-256 signature over the message's canonical
/// form (see <c>contracts/SIGNING.md</c>). Relays carry it unchanged, so any recipient can check, with
/// the sender's public key alone, that the item is what the sender said.
/// </summary>
public sealed record Signature
{
    /// <summary>Which of the sender's keys signed: several may be valid at once while keys rotate.</summary>
    public required string KeyId { get; init; }

    /// <summary>Always <c>ES256</c>: ECDSA on P-256 with SHA-256.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The signature, r and s as 32 bytes each (IEEE P1363), base64url without padding.</summary>
    public required string Value { get; init; }
}
