using System.Text.Json.Serialization;
using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.ContactPoint;

/// <summary>
/// A measure on the wire: the notice, its status now, its lead time, and whether that was short notice.
/// The answer to an announcement or an update also carries what was accepted but looks mistyped.
/// </summary>
/// <param name="Measure">The notice at its latest revision.</param>
/// <param name="StatusNow">Where it stands now, by its dates.</param>
/// <param name="LeadTimeHours">Hours from announcement to effect; negative when <paramref name="Retroactive"/>.</param>
/// <param name="ShortNotice">Announced ahead, with less than the agreed notice.</param>
/// <param name="Retroactive">Announced after it took effect.</param>
/// <param name="LeadTime">The lead time in words, such as "announced 1 day 4 h before it took effect".</param>
/// <param name="Warnings">What was accepted but looks wrong, on the answer to an announcement or update.</param>
public sealed record MeasureView(MeasureNotice Measure, MeasureStatus StatusNow, double LeadTimeHours, bool ShortNotice, bool Retroactive, string LeadTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PlausibilityWarning>? Warnings = null);

/// <summary>One revision on the wire.</summary>
public sealed record RevisionView(int Revision, string Transition, DateTimeOffset At, string? Reason, MeasureNotice Measure);
