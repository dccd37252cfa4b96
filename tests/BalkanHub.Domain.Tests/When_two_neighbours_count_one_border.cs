using BalkanHub.Contracts;
using BalkanHub.Domain.Picture;
using BalkanHub.Domain.Reports;
using BalkanHub.Domain.Route;

namespace BalkanHub.Domain.Tests;

/// <summary>How a border's flow is read from a report, and when two counts disagree enough to say so.</summary>
public sealed class When_two_neighbours_count_one_border
{
    static readonly RouteMap Route = RouteMap.Load(Path.Combine(AppContext.BaseDirectory, "route.json"));

    static DailyFlowReport Report(string country, CountryCount[] byCountry, CrossingPointCount[] byCrossing) => new()
    {
        Country = country,
        ReportDate = new DateOnly(2015, 10, 20),
        Arrivals = new Arrivals { Total = 0, ByCrossingPoint = [], ByOriginCountry = [] },
        Departures = new Departures { Total = 9000, ByCrossingPoint = byCrossing, ByDestinationCountry = byCountry },
        PeoplePresent = 0,
        Registered = 0,
        AsylumApplications = 0,
        Composition = new Composition { Men = 0, Women = 0, Children = 0, UnaccompaniedChildren = 0, ByNationality = [] },
        Capacity = new ReceptionCapacity { Total = 0, Occupied = 0 },
    };

    [Test]
    public void Should_prefer_the_country_breakdown_and_else_sum_the_crossing_points_on_that_border()
    {
        var crossings = ReportFlows.CrossingPointsBetween("RS", "HR", Route);
        Assert.That(crossings, Is.Not.Empty);
        var byCrossing = Report("RS", [], [.. crossings.Select(c => new CrossingPointCount { CrossingPoint = c, Count = 100 })]);
        Assert.Multiple(() =>
        {
            Assert.That(ReportFlows.DeparturesToward(byCrossing, "HR", Route), Is.EqualTo(100 * crossings.Count));
            Assert.That(ReportFlows.DeparturesToward(byCrossing, "HU", Route), Is.Null, "nothing said about Hungary");
            Assert.That(ReportFlows.DeparturesToward(Report("RS", [new CountryCount { Country = "HR", Count = 4321 }], byCrossing.Departures.ByCrossingPoint.ToArray()), "HR", Route),
                Is.EqualTo(4321), "the country breakdown wins");
        });
    }

    [TestCase(5000, 4100, true)]
    [TestCase(5000, 4950, false)]
    [TestCase(1000, 850, false)]
    [TestCase(1000, 790, true)]
    [TestCase(0, 0, false)]
    [TestCase(0, 300, true)]
    public void Should_flag_a_gap_above_ten_percent_and_at_least_two_hundred_people(int departures, int arrivals, bool gap) =>
        Assert.That(new PictureOptions().IsGap(departures, arrivals), Is.EqualTo(gap));

    [Test]
    public void Should_make_a_days_report_due_at_ten_the_next_morning_utc() =>
        Assert.That(new PictureOptions().DueAt(new DateOnly(2015, 10, 20)), Is.EqualTo(new DateTimeOffset(2015, 10, 21, 10, 0, 0, TimeSpan.Zero)));
}
