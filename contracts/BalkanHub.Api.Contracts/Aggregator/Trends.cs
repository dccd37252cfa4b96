using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>A week's averages and the change from the week before. Averages are over the days reported.</summary>
public sealed record Average(int DaysReported, double? PerDay, double? PreviousPerDay, double? ChangePercent);

/// <summary>Days until reception capacity runs out at the current seven-day net inflow; null when it is not filling up.</summary>
public sealed record Runway(int Capacity, int Occupied, int Free, double NetInflowPerDay, double? Days, string Method);

/// <summary>One country's trends.</summary>
public sealed record CountryTrend(string Country, Average Arrivals, Average Departures, Average NetInflow, Runway? CapacityRunway);

/// <summary>One edge's trends, as each side counted it.</summary>
public sealed record EdgeTrend(string From, string To, Average DeparturesReportedByFrom, Average ArrivalsReportedByTo);

/// <summary>Trends as of a day.</summary>
public sealed record TrendsView(DateOnly Date, DateOnly WeekFrom, DateOnly PreviousWeekFrom, IReadOnlyList<CountryTrend> Countries, IReadOnlyList<EdgeTrend> Edges);
