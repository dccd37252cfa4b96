using BalkanHub.Domain.Reports;
using BalkanHub.Domain.Route;

namespace BalkanHub.Domain.Tests;

public sealed class When_a_report_is_checked
{
    static readonly RouteMap Route = RouteMap.Load(Path.Combine(AppContext.BaseDirectory, "route.json"));
    static readonly DateOnly Today = new(2015, 10, 21);

    static DailyReportDraft Valid() => new()
    {
        ReportDate = new DateOnly(2015, 10, 20),
        Arrivals = new FlowDraft
        {
            Total = 6000,
            ByCrossingPoint = [new() { CrossingPoint = "GR-TR-LESVOS", Count = 4000 }, new() { CrossingPoint = "GR-TR-CHIOS", Count = 2000 }],
            ByOriginCountry = [new() { Country = "TR", Count = 6000 }],
        },
        Departures = new FlowDraft
        {
            Total = 5800,
            ByCrossingPoint = [new() { CrossingPoint = "GR-MK-IDOMENI", Count = 5800 }],
            ByDestinationCountry = [new() { Country = "MK", Count = 5800 }],
        },
        PeoplePresent = 12000,
        Registered = 5900,
        AsylumApplications = 30,
        Composition = new CompositionDraft
        {
            Men = 3000,
            Women = 1500,
            Children = 1500,
            UnaccompaniedChildren = 80,
            ByNationality = [new() { Nationality = "SY", Count = 3500 }, new() { Nationality = "XX", Count = 100 }],
        },
        Capacity = new CapacityDraft { Total = 15000, Occupied = 16000 },
    };

    static IEnumerable<string> ErrorsOf(DailyReportDraft draft, string country = "GR") =>
        ReportRules.Validate(draft, country, Today, Route).Errors.Fields;

    [Test]
    public void Should_accept_a_complete_report_and_keep_every_figure()
    {
        var (report, errors) = ReportRules.Validate(Valid(), "GR", Today, Route);
        Assert.That(errors.IsEmpty, Is.True, errors.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(report!.Country, Is.EqualTo("GR"));
            Assert.That(report.Arrivals.ByCrossingPoint.Sum(c => c.Count), Is.EqualTo(6000));
            Assert.That(report.Departures.ByDestinationCountry.Single().Country, Is.EqualTo("MK"));
            Assert.That(report.Composition.UnaccompaniedChildren, Is.EqualTo(80));
            Assert.That(report.Capacity.Occupied, Is.GreaterThan(report.Capacity.Total), "overcrowding is reported, not refused");
        });
    }

    static IEnumerable<TestCaseData> Spoiled()
    {
        yield return Case("arrivals.total", d => d with { Arrivals = d.Arrivals! with { Total = -1 } });
        yield return Case("registered", d => d with { Registered = -3 });
        yield return Case("peoplePresent", d => d with { PeoplePresent = null });
        yield return Case("capacity", d => d with { Capacity = null });
        yield return Case("composition.children", d => d with { Composition = d.Composition! with { Children = 6001 } });
        yield return Case("composition", d => d with { Composition = d.Composition! with { Men = 4000, Women = 1000 } });
        yield return Case("composition.unaccompaniedChildren", d => d with { Composition = d.Composition! with { UnaccompaniedChildren = 1501 } });
        yield return Case("composition.byNationality[0].nationality", d => d with { Composition = d.Composition! with { ByNationality = [new() { Nationality = "QQ", Count = 1 }] } });
        yield return Case("composition.byNationality[1].nationality", d => d with { Composition = d.Composition! with { ByNationality = [new() { Nationality = "SY", Count = 1 }, new() { Nationality = "SY", Count = 1 }] } });
        yield return Case("reportDate", d => d with { ReportDate = Today.AddDays(1) });
        yield return Case("reportDate", d => d with { ReportDate = null });
        yield return Case("country", d => d with { Country = "MK" });
        yield return Case("arrivals.byCrossingPoint[0].crossingPoint", d => d with { Arrivals = d.Arrivals! with { ByCrossingPoint = [new() { CrossingPoint = "HR-SI-BREGANA", Count = 1 }] } });
        yield return Case("arrivals.byCrossingPoint[0].crossingPoint", d => d with { Arrivals = d.Arrivals! with { ByCrossingPoint = [new() { CrossingPoint = "GR-XX-NOWHERE", Count = 1 }] } });
        yield return Case("arrivals.byCrossingPoint", d => d with { Arrivals = d.Arrivals! with { ByCrossingPoint = [new() { CrossingPoint = "GR-TR-LESVOS", Count = 7000 }] } });
        yield return Case("arrivals.byOriginCountry[0].country", d => d with { Arrivals = d.Arrivals! with { ByOriginCountry = [new() { Country = "GR", Count = 1 }] } });
        yield return Case("arrivals.byDestinationCountry", d => d with { Arrivals = d.Arrivals! with { ByDestinationCountry = [] } });
        yield return Case("departures.byDestinationCountry[0].count", d => d with { Departures = d.Departures! with { ByDestinationCountry = [new() { Country = "MK", Count = null }] } });
        yield return Case("notes", d => d with { Notes = new string('x', ReportRules.MaxNotesLength + 1) });
        yield return Case("notes", d => d with { Notes = "Lesvos\u0000 port closed" });
        yield return Case("reportDate", d => d with { ReportDate = new DateOnly(2001, 1, 1) });
        yield return Case("reportDate", d => d with { ReportDate = Route.FirstReportingDay.AddDays(-1) });

        static TestCaseData Case(string field, Func<DailyReportDraft, DailyReportDraft> spoil) =>
            new TestCaseData(field, spoil).SetArgDisplayNames(field);
    }

    [TestCaseSource(nameof(Spoiled))]
    public void Should_name_the_bad_field(string field, Func<DailyReportDraft, DailyReportDraft> spoil)
    {
        Assert.That(ErrorsOf(spoil(Valid())), Does.Contain(field));
    }

    [Test]
    public void Should_name_every_bad_field_at_once()
    {
        var draft = Valid() with
        {
            PeoplePresent = null,
            Registered = -1,
            Composition = Valid().Composition! with { UnaccompaniedChildren = 2000 },
        };
        Assert.That(ErrorsOf(draft), Is.EquivalentTo(new[] { "peoplePresent", "registered", "composition.unaccompaniedChildren" }));
    }

    [Test]
    public void Should_accept_the_routes_first_reporting_day_and_say_why_an_earlier_one_is_refused()
    {
        Assert.That(ErrorsOf(Valid() with { ReportDate = new DateOnly(2015, 10, 15) }), Is.Empty);
        var errors = ReportRules.Validate(Valid() with { ReportDate = new DateOnly(2015, 10, 14) }, "GR", Today, Route).Errors.ToDictionary();
        Assert.That(errors["reportDate"].Single(), Does.Contain("2015-10-15"));
    }

    [Test]
    public void Should_keep_line_breaks_and_tabs_in_the_notes()
    {
        Assert.That(ErrorsOf(Valid() with { Notes = "Lesvos:\tferry strike.\nChios: normal." }), Is.Empty);
    }

    [Test]
    public void Should_accept_the_same_report_back_from_the_bus()
    {
        var (report, _) = ReportRules.Validate(Valid(), "GR", Today, Route);
        Assert.That(ErrorsOf(DailyReportDraft.From(report!)), Is.Empty, "what the contact point accepted, the aggregator accepts");
    }
}
