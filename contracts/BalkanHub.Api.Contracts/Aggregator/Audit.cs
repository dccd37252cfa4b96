using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>
/// One entry of the audit trail as the API shows it, field for field as stored: each entry's hash covers
/// its fields and the previous entry's hash, so removing or altering any entry breaks every hash after it.
/// </summary>
/// <param name="Sequence">Position in the trail: 1, 2, 3… without gaps.</param>
/// <param name="At">When the action happened.</param>
/// <param name="RecordedBy">The service that saw the action: <c>aggregator</c> or a contact point such as <c>contact-point-gr</c>.</param>
/// <param name="Actor">The person (token subject), a broker user, or <c>anonymous</c>.</param>
/// <param name="ActorCountry">The participant the actor acts for.</param>
/// <param name="Role">The actor's role.</param>
/// <param name="Action">What was attempted.</param>
/// <param name="Target">What it was done to.</param>
/// <param name="Origin">Where it came from: a client address or a broker user.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Details">Why, when it was refused.</param>
/// <param name="PreviousHash">The previous entry's hash (hex), or empty for the first.</param>
/// <param name="Hash">SHA-256 (hex) of this entry's canonical form, previous hash included.</param>
public sealed record AuditEntry(
    long Sequence, DateTimeOffset At, string RecordedBy, string Actor, string? ActorCountry, string? Role, string Action, string? Target,
    string? Origin, string Outcome, string? Details, string PreviousHash, string Hash);

/// <summary>A page of the trail; <paramref name="Next"/> is the last sequence returned, or <c>after</c> when none.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long Next);

/// <summary>What a check of the whole chain found.</summary>
/// <param name="Intact">Whether every entry is as it was written.</param>
/// <param name="Entries">How many entries were checked.</param>
/// <param name="FirstBrokenSequence">The first entry that does not match, if any.</param>
/// <param name="FirstSequence">Where the trail starts: 1, or the first entry kept after retention pruned older ones.</param>
public sealed record Verification(bool Intact, long Entries, long? FirstBrokenSequence, long FirstSequence = 1);
