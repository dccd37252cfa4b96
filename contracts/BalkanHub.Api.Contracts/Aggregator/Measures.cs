using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>Where one recipient stands with the measure's latest revision.</summary>
public sealed record AcknowledgementStatus(string Country, long Sequence, DateTimeOffset? AcknowledgedAt, DateTimeOffset? DueAt, bool Overdue);

/// <summary>A measure as the Commission sees it.</summary>
/// <param name="Measure">The notice at its latest revision.</param>
/// <param name="StatusNow">Where it stands now, by its dates.</param>
/// <param name="LeadTimeHours">Hours from announcement to effect; negative when <paramref name="Retroactive"/>.</param>
/// <param name="ShortNotice">Announced ahead, with less than the agreed notice.</param>
/// <param name="Acknowledgements">Each recipient's acknowledgement of the latest revision.</param>
/// <param name="Retroactive">Announced after it took effect: counted apart, never in a median.</param>
/// <param name="LeadTime">The lead time in words, such as "announced 3 days after it took effect".</param>
public sealed record MeasureSummary(
    MeasureNotice Measure, MeasureStatus StatusNow, double LeadTimeHours, bool ShortNotice, IReadOnlyList<AcknowledgementStatus> Acknowledgements,
    bool Retroactive, string LeadTime);

/// <summary>
/// How a country announces its real measures: how many, how far ahead (the median of those announced
/// ahead), how many at short notice, and how many only after they took effect. Exercises count nowhere.
/// </summary>
public sealed record CountryFigures(int Announced, double? MedianLeadTimeHours, int ShortNotice, int Retroactive);

/// <summary>A page of measures, with every country's figures over all its measures.</summary>
public sealed record MeasuresView(IReadOnlyList<MeasureSummary> Items, IReadOnlyDictionary<string, CountryFigures> Figures, string? Next);
