using BalkanHub.Domain.Reports;
using BalkanHub.Domain.Route;

namespace BalkanHub.Domain.Tests;

/// <summary>
/// The day the pages open on is the latest day enough of the reporting countries reported, so that one
/// country's stray date (2022-02-12 in a 2015 network) never becomes "the day".
/// </summary>
public sealed class When_the_default_day_is_chosen
{
    static readonly DateOnly Day = new(2015, 11, 20);

    [Test]
    public void Should_open_on_the_latest_day_half_the_countries_reported_not_on_a_stray_date()
    {
        var reported = new[] { (Day.AddDays(-1), 11), (Day, 6), (Day.AddDays(1), 5), (new DateOnly(2022, 2, 12), 1) };
        Assert.That(ReportingDays.DefaultDay(reported, reportingCountries: 11, quorum: 0.5), Is.EqualTo(Day));
    }

    [Test]
    public void Should_move_on_once_the_next_day_reaches_the_quorum()
    {
        var reported = new[] { (Day, 11), (Day.AddDays(1), 6) };
        Assert.That(ReportingDays.DefaultDay(reported, 11, 0.5), Is.EqualTo(Day.AddDays(1)));
        Assert.That(ReportingDays.DefaultDay(reported, 11, 0.75), Is.EqualTo(Day), "a stricter route waits for more countries");
    }

    [Test]
    public void Should_open_on_the_best_reported_day_while_none_has_the_quorum()
    {
        var reported = new[] { (Day, 2), (Day.AddDays(1), 2), (new DateOnly(2022, 2, 12), 1) };
        Assert.Multiple(() =>
        {
            Assert.That(ReportingDays.DefaultDay(reported, 11, 0.5), Is.EqualTo(Day.AddDays(1)), "the latest of the days most countries reported");
            Assert.That(ReportingDays.DefaultDay([], 11, 0.5), Is.Null, "nothing reported, no day");
        });
    }

    [TestCase(11, 0.5, 6)]
    [TestCase(4, 0.5, 2)]
    [TestCase(10, 0.5, 5)]
    [TestCase(11, 1.0, 11)]
    [TestCase(3, 0.01, 1)]
    [TestCase(0, 0.5, 1)]
    public void Should_count_at_least_the_share_of_the_countries(int countries, double quorum, int needed)
    {
        Assert.That(ReportingDays.Needed(countries, quorum), Is.EqualTo(needed));
    }

    [Test]
    public void Should_read_the_first_reporting_day_and_the_quorum_from_the_route_file()
    {
        var route = RouteMap.Load(Path.Combine(AppContext.BaseDirectory, "route.json"));
        Assert.Multiple(() =>
        {
            Assert.That(route.FirstReportingDay, Is.EqualTo(new DateOnly(2015, 10, 15)));
            Assert.That(route.DefaultDayQuorum, Is.EqualTo(0.5));
            Assert.That(route.ReportingCountries.Count(), Is.EqualTo(11));
        });
    }

    [TestCase("", "firstReportingDay: is required")]
    [TestCase("\"firstReportingDay\": \"2015-10-15\", \"defaultDayQuorum\": 0,", "defaultDayQuorum: 0 must be more than 0")]
    [TestCase("\"firstReportingDay\": \"2015-10-15\", \"defaultDayQuorum\": 1.5,", "defaultDayQuorum: 1.5 must be more than 0 and at most 1")]
    public void Should_refuse_a_route_without_a_first_day_or_with_a_quorum_out_of_range(string settings, string problem)
    {
        var json = $$"""
            {
              "name": "Two countries", {{settings}}
              "participants": [
                { "code": "IT", "role": "country", "timeZone": "Europe/Rome" },
                { "code": "AT", "role": "country", "timeZone": "Europe/Vienna" }
              ],
              "borders": [ "AT-IT" ],
              "corridor": [ "IT", "AT" ],
              "crossingPoints": []
            }
            """;
        var ex = Assert.Throws<RouteConfigurationException>(() => RouteMap.Parse(json, "two.json"));
        Assert.That(ex!.Problems, Has.Some.Contains(problem));
    }

    [Test]
    public void Should_refuse_a_first_day_that_is_not_a_date()
    {
        const string json = """
            { "firstReportingDay": "15/10/2015", "participants": [], "borders": [], "corridor": [], "crossingPoints": [] }
            """;
        var ex = Assert.Throws<RouteConfigurationException>(() => RouteMap.Parse(json, "bad-date.json"));
        Assert.That(ex!.Problems, Has.Some.Contains("firstReportingDay"));
    }
}
