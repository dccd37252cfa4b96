using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.ContactPoint;

/// <summary>What a check found: each bad field with its messages, keyed as in a 400's problem details.</summary>
/// <param name="Valid">Whether the draft would be accepted now.</param>
/// <param name="Errors">Field path to messages; empty when valid.</param>
/// <param name="Warnings">Figures that would be accepted but look wrong, for fields without an error.</param>
public sealed record DraftCheck(bool Valid, IDictionary<string, string[]> Errors, IReadOnlyList<PlausibilityWarning>? Warnings = null);

/// <summary>A measure's check, with the lead time the neighbours would get if it were announced now.</summary>
/// <param name="Valid">Whether the notice would be accepted now.</param>
/// <param name="Errors">Field path to messages; empty when valid.</param>
/// <param name="LeadTimeHours">Hours from now to <c>effectiveFrom</c>, when the draft has one.</param>
/// <param name="ShortNotice">Whether that is less notice than the agreed minimum.</param>
/// <param name="MinimumNoticeHours">The agreed minimum notice.</param>
/// <param name="Retroactive">Whether <c>effectiveFrom</c> has already passed: announced now, it would be retroactive.</param>
/// <param name="LeadTime">The lead time in words, when the draft has an <c>effectiveFrom</c>.</param>
/// <param name="Warnings">What would be accepted but looks wrong (a start months ahead, an end years later), for fields without an error.</param>
public sealed record MeasureCheck(bool Valid, IDictionary<string, string[]> Errors, double? LeadTimeHours, bool ShortNotice, double MinimumNoticeHours,
    bool Retroactive = false, string? LeadTime = null, IReadOnlyList<PlausibilityWarning>? Warnings = null);
