using BalkanHub.Contracts;
using BalkanHub.ServiceDefaults.OpenApi;

namespace BalkanHub.Messaging.Examples;

/// <summary>
/// The examples' common ground, as the messages on the bus carried North Macedonia's November 2015: a
/// day's report (people entering from Greece at Gevgelija and leaving for Serbia at Tabanovce), the
/// notice that only Syrians, Iraqis and Afghans may enter, and a request for winter supplies. Both
/// services show these messages in their APIs and build their own examples from them (the drafts an
/// officer posts, next to the contact point's APIs; the views each answers with), so every page tells
/// the same story.
/// </summary>
public static class MessageExamples
{
    /// <summary>The day reported.</summary>
    public static readonly DateOnly Day = new(2015, 11, 20);

    /// <summary>When the report was accepted: the next morning in Skopje.</summary>
    public static readonly DateTimeOffset SubmittedAt = new(2015, 11, 21, 8, 12, 5, TimeSpan.FromHours(1));

    /// <summary>The report's id.</summary>
    public static readonly Guid ReportId = Guid.Parse("6f1c2b0e-8d4a-4f57-9a3e-2c1d5b7e9f10");

    /// <summary>The measure's id.</summary>
    public static readonly Guid MeasureId = Guid.Parse("a3d5e7f9-1b2c-4d6e-8f0a-9b8c7d6e5f41");

    /// <summary>The needs analysis's id.</summary>
    public static readonly Guid NeedsAnalysisId = Guid.Parse("0b6a9c3e-5d2f-4e81-b7a4-3f9d1c2e8a57");

    /// <summary>The request's id.</summary>
    public static readonly Guid RequestId = Guid.Parse("c94e2d71-3a6b-4f08-8e5d-7b1a2c3d4e69");

    /// <summary>An offer's id.</summary>
    public static readonly Guid OfferId = Guid.Parse("5e8f1a2b-7c3d-4b9e-a0f6-d1c2b3a49587");

    /// <summary>North Macedonia's report for <see cref="Day"/>, as the hub stores and relays it.</summary>
    public static DailyFlowReport Report => new()
    {
        Country = "MK",
        ReportDate = Day,
        Arrivals = new Arrivals
        {
            Total = 6120,
            ByCrossingPoint = [new CrossingPointCount { CrossingPoint = "GR-MK-IDOMENI", Count = 6120 }],
            ByOriginCountry = [new CountryCount { Country = "GR", Count = 6120 }],
        },
        Departures = new Departures
        {
            Total = 5980,
            ByCrossingPoint = [new CrossingPointCount { CrossingPoint = "MK-RS-TABANOVCE", Count = 5980 }],
            ByDestinationCountry = [new CountryCount { Country = "RS", Count = 5980 }],
        },
        PeoplePresent = 1450,
        Registered = 6050,
        AsylumApplications = 12,
        Composition = new Composition
        {
            Men = 2940,
            Women = 1410,
            Children = 1770,
            UnaccompaniedChildren = 85,
            ByNationality =
            [
                new NationalityCount { Nationality = "SY", Count = 3310 },
                new NationalityCount { Nationality = "AF", Count = 1720 },
                new NationalityCount { Nationality = "IQ", Count = 1090 },
            ],
        },
        Capacity = new ReceptionCapacity { Total = 2000, Occupied = 1450 },
        ExpectedArrivalsNext24h = 6500,
        Notes = "Since 19 November only Syrians, Afghans and Iraqis are admitted at Gevgelija; about 1,000 others wait at Idomeni.",
        PlanPoints = [1],
    };

    /// <summary>The notice as the hub stamped and relayed it.</summary>
    public static MeasureNotice Measure => new()
    {
        MeasureId = MeasureId,
        Country = "MK",
        Type = MeasureType.NationalityRestriction,
        Title = "Entry at Gevgelija only for nationals of Syria, Afghanistan and Iraq",
        Description = "Others arriving from Greece are turned back at the border. Transit through the Vinojug centre continues for those admitted.",
        AffectedCrossingPoints = ["GR-MK-IDOMENI"],
        AffectedCountries = ["GR", "RS"],
        EffectiveFrom = new DateTimeOffset(2015, 11, 19, 6, 0, 0, TimeSpan.FromHours(1)),
        Parameters = new MeasureParameters { Nationalities = ["SY", "AF", "IQ"] },
        Severity = MeasureSeverity.Severe,
        Status = MeasureStatus.Planned,
        Revision = 1,
        AnnouncedAt = new DateTimeOffset(2015, 11, 18, 9, 30, 0, TimeSpan.FromHours(1)),
        PlanPoints = [1],
    };

    /// <summary>The items asked for, as accepted.</summary>
    public static IReadOnlyList<AssistanceItem> AssistanceItems =>
    [
        new AssistanceItem { Item = "winter blankets", Quantity = 5000, Unit = "pieces" },
        new AssistanceItem { Item = "heated family tents", Quantity = 40, Unit = "tents" },
    ];

    /// <summary>Part of the request, as Austria offers it.</summary>
    public static IReadOnlyList<AssistanceItem> OfferedItems => [new AssistanceItem { Item = "winter blankets", Quantity = 2000, Unit = "pieces" }];

    /// <summary>The needs analysis as the hub relays it.</summary>
    public static NeedsAnalysisOpened NeedsAnalysis => new()
    {
        NeedsAnalysisId = NeedsAnalysisId,
        Country = "MK",
        Title = "Winter supplies for the Tabanovce transit centre",
        Items = AssistanceItems,
        OpenedAt = new DateTimeOffset(2015, 11, 21, 10, 0, 0, TimeSpan.FromHours(1)),
    };

    /// <summary>Adds the messages' examples.</summary>
    public static void AddTo(ExampleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.Add(Report)
            .Add(Measure)
            .Add(NeedsAnalysis);
    }
}
