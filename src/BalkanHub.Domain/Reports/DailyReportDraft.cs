using System.Text.Json.Serialization;
using BalkanHub.Contracts;

namespace BalkanHub.Domain.Reports;

/// <summary>
/// A daily report as a client sends it. Every member is optional here so that a missing field is
/// reported by name, with all other problems, instead of failing deserialization on the first one.
/// <see cref="ReportRules"/> turns a valid draft into a <see cref="DailyFlowReport"/>.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DailyReportDraft
{
    /// <summary>The reporting country. Optional: the contact point knows its own country.</summary>
    public string? Country { get; init; }

    /// <summary>The day covered, in the country's time zone.</summary>
    public DateOnly? ReportDate { get; init; }

    /// <summary>Arrivals.</summary>
    public FlowDraft? Arrivals { get; init; }

    /// <summary>Departures.</summary>
    public FlowDraft? Departures { get; init; }

    /// <summary>People present at the end of the day.</summary>
    public int? PeoplePresent { get; init; }

    /// <summary>People registered.</summary>
    public int? Registered { get; init; }

    /// <summary>Asylum applications lodged.</summary>
    public int? AsylumApplications { get; init; }

    /// <summary>Composition of the arrivals.</summary>
    public CompositionDraft? Composition { get; init; }

    /// <summary>Reception capacity.</summary>
    public CapacityDraft? Capacity { get; init; }

    /// <summary>Optional estimate for the next 24 hours.</summary>
    public int? ExpectedArrivalsNext24h { get; init; }

    /// <summary>Optional free text.</summary>
    public string? Notes { get; init; }

    /// <summary>The points of the leaders' statement the report serves.</summary>
    public IReadOnlyList<int>? PlanPoints { get; init; }

    /// <summary>Posted as an exercise: relayed and marked, never counted, with versions of its own.</summary>
    public bool? Exercise { get; init; }

    /// <summary>The draft a stored or received report came from, to check it with the same rules.</summary>
    public static DailyReportDraft From(DailyFlowReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new()
        {
            Country = report.Country,
            ReportDate = report.ReportDate,
            Arrivals = report.Arrivals is { } a ? new FlowDraft
            {
                Total = a.Total,
                ByCrossingPoint = a.ByCrossingPoint?.Select(c => new CrossingPointCountDraft { CrossingPoint = c.CrossingPoint, Count = c.Count }).ToList(),
                ByOriginCountry = a.ByOriginCountry?.Select(c => new CountryCountDraft { Country = c.Country, Count = c.Count }).ToList(),
            } : null,
            Departures = report.Departures is { } d ? new FlowDraft
            {
                Total = d.Total,
                ByCrossingPoint = d.ByCrossingPoint?.Select(c => new CrossingPointCountDraft { CrossingPoint = c.CrossingPoint, Count = c.Count }).ToList(),
                ByDestinationCountry = d.ByDestinationCountry?.Select(c => new CountryCountDraft { Country = c.Country, Count = c.Count }).ToList(),
            } : null,
            PeoplePresent = report.PeoplePresent,
            Registered = report.Registered,
            AsylumApplications = report.AsylumApplications,
            Composition = report.Composition is { } c ? new CompositionDraft
            {
                Men = c.Men,
                Women = c.Women,
                Children = c.Children,
                UnaccompaniedChildren = c.UnaccompaniedChildren,
                ByNationality = c.ByNationality?.Select(n => new NationalityCountDraft { Nationality = n.Nationality, Count = n.Count }).ToList(),
            } : null,
            Capacity = report.Capacity is { } cap ? new CapacityDraft { Total = cap.Total, Occupied = cap.Occupied } : null,
            ExpectedArrivalsNext24h = report.ExpectedArrivalsNext24h,
            Notes = report.Notes,
            PlanPoints = report.PlanPoints,
            Exercise = report.Exercise,
        };
    }
}

/// <summary>Arrivals or departures as sent: a total and optional breakdowns.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FlowDraft
{
    /// <summary>All people of the day.</summary>
    public int? Total { get; init; }

    /// <summary>Per crossing point.</summary>
    public IReadOnlyList<CrossingPointCountDraft>? ByCrossingPoint { get; init; }

    /// <summary>Per country people came from (arrivals only).</summary>
    public IReadOnlyList<CountryCountDraft>? ByOriginCountry { get; init; }

    /// <summary>Per country people went to (departures only).</summary>
    public IReadOnlyList<CountryCountDraft>? ByDestinationCountry { get; init; }
}

/// <summary>A count at a crossing point, as sent.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CrossingPointCountDraft
{
    /// <summary>The crossing point's code.</summary>
    public string? CrossingPoint { get; init; }

    /// <summary>Number of people.</summary>
    public int? Count { get; init; }
}

/// <summary>A count per country, as sent.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CountryCountDraft
{
    /// <summary>ISO 3166-1 alpha-2 code.</summary>
    public string? Country { get; init; }

    /// <summary>Number of people.</summary>
    public int? Count { get; init; }
}

/// <summary>Composition, as sent.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CompositionDraft
{
    /// <summary>Adult men.</summary>
    public int? Men { get; init; }

    /// <summary>Adult women.</summary>
    public int? Women { get; init; }

    /// <summary>Children.</summary>
    public int? Children { get; init; }

    /// <summary>Unaccompanied or separated children, inside the children.</summary>
    public int? UnaccompaniedChildren { get; init; }

    /// <summary>Per nationality.</summary>
    public IReadOnlyList<NationalityCountDraft>? ByNationality { get; init; }
}

/// <summary>A count per nationality, as sent.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NationalityCountDraft
{
    /// <summary>ISO 3166-1 alpha-2 code, or XX.</summary>
    public string? Nationality { get; init; }

    /// <summary>Number of people.</summary>
    public int? Count { get; init; }
}

/// <summary>Reception capacity, as sent.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CapacityDraft
{
    /// <summary>Places in total.</summary>
    public int? Total { get; init; }

    /// <summary>Places occupied.</summary>
    public int? Occupied { get; init; }
}
