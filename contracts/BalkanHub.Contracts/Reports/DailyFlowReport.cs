namespace BalkanHub.Contracts;

/// <summary>
/// What one country reports for one calendar day in its own time zone: the size and composition of
/// the flow, as the leaders agreed on 25 October 2015.
/// </summary>
public sealed record DailyFlowReport
{
    /// <summary>ISO 3166-1 alpha-2 code of the reporting country.</summary>
    public required string Country { get; init; }

    /// <summary>The calendar day covered, in the reporting country's time zone.</summary>
    public required DateOnly ReportDate { get; init; }

    /// <summary>People who entered the country during the day.</summary>
    public required Arrivals Arrivals { get; init; }

    /// <summary>People who left the country during the day.</summary>
    public required Departures Departures { get; init; }

    /// <summary>People in reception and transit facilities at the end of the day.</summary>
    public required int PeoplePresent { get; init; }

    /// <summary>People registered during the day.</summary>
    public required int Registered { get; init; }

    /// <summary>Asylum applications lodged during the day.</summary>
    public required int AsylumApplications { get; init; }

    /// <summary>Composition of the day's arrivals.</summary>
    public required Composition Composition { get; init; }

    /// <summary>Reception capacity at the end of the day.</summary>
    public required ReceptionCapacity Capacity { get; init; }

    /// <summary>Expected arrivals in the next 24 hours, when the country gives an estimate.</summary>
    public int? ExpectedArrivalsNext24h { get; init; }

    /// <summary>Free text from the reporting officer. Render it as text only.</summary>
    public string? Notes { get; init; }

    /// <summary>The numbered points of the leaders' statement this report serves, so the Commission can filter by point.</summary>
    public IReadOnlyList<int>? PlanPoints { get; init; }

    /// <summary>
    /// Exercise traffic: relayed and shown marked as such, never counted in the picture, trends, exports,
    /// reconciliation or punctuality. An exercise report has its own versions, apart from the real report of the day.
    /// </summary>
    public bool Exercise { get; init; }
}

/// <summary>Arrivals, with breakdowns by entry crossing point and by the country people came from.</summary>
public sealed record Arrivals
{
    /// <summary>All arrivals of the day.</summary>
    public required int Total { get; init; }

    /// <summary>Arrivals per configured entry crossing point. May cover part of the total.</summary>
    public required IReadOnlyList<CrossingPointCount> ByCrossingPoint { get; init; }

    /// <summary>Arrivals per country people came from (ISO 3166-1 alpha-2).</summary>
    public required IReadOnlyList<CountryCount> ByOriginCountry { get; init; }
}

/// <summary>Departures, with breakdowns by exit crossing point and by the country people went to.</summary>
public sealed record Departures
{
    /// <summary>All departures of the day.</summary>
    public required int Total { get; init; }

    /// <summary>Departures per configured exit crossing point. May cover part of the total.</summary>
    public required IReadOnlyList<CrossingPointCount> ByCrossingPoint { get; init; }

    /// <summary>Departures per country people went to (ISO 3166-1 alpha-2).</summary>
    public required IReadOnlyList<CountryCount> ByDestinationCountry { get; init; }
}

/// <summary>A count at one configured crossing point, such as <c>HR-SI-BREGANA</c>.</summary>
public sealed record CrossingPointCount
{
    /// <summary>The crossing point's code from the route configuration.</summary>
    public required string CrossingPoint { get; init; }

    /// <summary>Number of people.</summary>
    public required int Count { get; init; }
}

/// <summary>A count of people who came from, or went to, one country.</summary>
public sealed record CountryCount
{
    /// <summary>ISO 3166-1 alpha-2 code.</summary>
    public required string Country { get; init; }

    /// <summary>Number of people.</summary>
    public required int Count { get; init; }
}

/// <summary>
/// Composition of the day's arrivals. Men, women and children may add up to less than the total when
/// not everyone was recorded; unaccompanied or separated children are counted inside the children.
/// </summary>
public sealed record Composition
{
    /// <summary>Adult men.</summary>
    public required int Men { get; init; }

    /// <summary>Adult women.</summary>
    public required int Women { get; init; }

    /// <summary>Children, unaccompanied or separated children included.</summary>
    public required int Children { get; init; }

    /// <summary>Unaccompanied or separated children, a part of <see cref="Children"/>.</summary>
    public required int UnaccompaniedChildren { get; init; }

    /// <summary>Arrivals per nationality (ISO 3166-1 alpha-2; <c>XX</c> for unknown or stateless).</summary>
    public required IReadOnlyList<NationalityCount> ByNationality { get; init; }
}

/// <summary>A count of people of one nationality.</summary>
public sealed record NationalityCount
{
    /// <summary>ISO 3166-1 alpha-2 code, or <c>XX</c> for unknown or stateless.</summary>
    public required string Nationality { get; init; }

    /// <summary>Number of people.</summary>
    public required int Count { get; init; }
}

/// <summary>Places in reception and transit facilities.</summary>
public sealed record ReceptionCapacity
{
    /// <summary>Places available in total.</summary>
    public required int Total { get; init; }

    /// <summary>Places occupied. It can exceed the total when facilities are overcrowded.</summary>
    public required int Occupied { get; init; }
}
