using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>A participant as the diagram shows it; <paramref name="Reports"/> when it files daily reports.</summary>
public sealed record RouteParticipant(string Code, string Name, ParticipantRole Role, bool Reports);

/// <summary>A land border between two participants.</summary>
public sealed record BorderView(string A, string B);

/// <summary>
/// The route to draw: corridor order, participants and land borders; the day the pages open on
/// (<paramref name="DefaultDate"/>: the latest day enough countries reported) and, for information, the highest
/// date any country reported, which one stray report can set; and the feed's last sequence, so the
/// page can show the newest entries and catch up from there.
/// </summary>
public sealed record RouteView(string Name, IReadOnlyList<string> Corridor, IReadOnlyList<RouteParticipant> Participants,
    IReadOnlyList<BorderView> Borders, DateOnly? LatestReportDate, long FeedSequence, DateOnly? DefaultDate = null);

/// <summary>One country's reported day; days it did not report are left out.</summary>
public sealed record SeriesPoint(DateOnly Date, int Arrivals, int Departures);

/// <summary>One country's daily series.</summary>
public sealed record CountrySeries(string Country, IReadOnlyList<SeriesPoint> Days);

/// <summary>Daily arrivals and departures per country over <c>from</c>–<c>to</c>.</summary>
public sealed record SeriesView(DateOnly From, DateOnly To, IReadOnlyList<CountrySeries> Countries);

/// <summary>A border whose two counts disagree above the agreed threshold.</summary>
public sealed record Disagreement(string From, string To, int DeparturesReported, int ArrivalsReported, int Gap);

/// <summary>The borders that disagree on a day, by the same rule the reconciliation alerts use.</summary>
public sealed record ReconciliationView(DateOnly Date, IReadOnlyList<Disagreement> Disagreements);
