namespace BalkanHub.Aggregator.Tests;

/// <summary>Messages as a contact point would publish them.</summary>
static class Messages
{
    public static DailyReportSubmitted Report(string country, DateOnly day, int version = 1, int arrivals = 1000, Guid? reportId = null) => new()
    {
        ReportId = reportId ?? Guid.NewGuid(),
        Version = version,
        SubmittedAt = DateTimeOffset.UtcNow,
        Report = new DailyFlowReport
        {
            Country = country,
            ReportDate = day,
            Arrivals = new Arrivals { Total = arrivals, ByCrossingPoint = [], ByOriginCountry = [] },
            Departures = new Departures { Total = arrivals, ByCrossingPoint = [], ByDestinationCountry = [] },
            PeoplePresent = 100,
            Registered = arrivals,
            AsylumApplications = 1,
            Composition = new Composition { Men = arrivals / 2, Women = arrivals / 4, Children = arrivals / 4, UnaccompaniedChildren = 0, ByNationality = [] },
            Capacity = new ReceptionCapacity { Total = 5000, Occupied = 100 },
        },
    };

    public static MeasureNotice Cap(string country, Guid measureId, int revision, MeasureStatus status, string crossingPoint) => new()
    {
        MeasureId = measureId,
        Country = country,
        Type = MeasureType.DailyCap,
        Title = "Daily cap",
        AffectedCrossingPoints = [crossingPoint],
        AffectedCountries = [],
        EffectiveFrom = DateTimeOffset.UtcNow.AddDays(2),
        Parameters = new MeasureParameters { DailyCap = 2500 },
        Severity = MeasureSeverity.Severe,
        Status = status,
        Revision = revision,
        AnnouncedAt = DateTimeOffset.UtcNow,
    };
}
