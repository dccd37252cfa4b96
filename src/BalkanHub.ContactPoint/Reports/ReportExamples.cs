using BalkanHub.Domain.Reports;
using BalkanHub.ServiceDefaults.OpenApi;
using static BalkanHub.Messaging.Examples.MessageExamples;

namespace BalkanHub.ContactPoint.Reports;

/// <summary>The reports API's request example: the report of <see cref="Report"/>, as the officer posted it.</summary>
public static class ReportExamples
{
    /// <summary>North Macedonia's report for <see cref="Day"/>, as an officer posts it.</summary>
    public static DailyReportDraft Draft => new()
    {
        ReportDate = Day,
        Arrivals = new FlowDraft
        {
            Total = 6120,
            ByCrossingPoint = [new CrossingPointCountDraft { CrossingPoint = "GR-MK-IDOMENI", Count = 6120 }],
            ByOriginCountry = [new CountryCountDraft { Country = "GR", Count = 6120 }],
        },
        Departures = new FlowDraft
        {
            Total = 5980,
            ByCrossingPoint = [new CrossingPointCountDraft { CrossingPoint = "MK-RS-TABANOVCE", Count = 5980 }],
            ByDestinationCountry = [new CountryCountDraft { Country = "RS", Count = 5980 }],
        },
        PeoplePresent = 1450,
        Registered = 6050,
        AsylumApplications = 12,
        Composition = new CompositionDraft
        {
            Men = 2940,
            Women = 1410,
            Children = 1770,
            UnaccompaniedChildren = 85,
            ByNationality =
            [
                new NationalityCountDraft { Nationality = "SY", Count = 3310 },
                new NationalityCountDraft { Nationality = "AF", Count = 1720 },
                new NationalityCountDraft { Nationality = "IQ", Count = 1090 },
            ],
        },
        Capacity = new CapacityDraft { Total = 2000, Occupied = 1450 },
        ExpectedArrivalsNext24h = 6500,
        Notes = Report.Notes,
        PlanPoints = [1],
    };

    /// <summary>Adds the examples.</summary>
    public static void AddTo(ExampleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.Add(Draft);
    }
}
