using BalkanHub.Api.Contracts;
using BalkanHub.Domain.Validation;
using BalkanHub.Domain.Assistance;
using BalkanHub.Domain.Route;

namespace BalkanHub.Domain.Tests;

public sealed class When_the_route_file_is_read
{
    static RouteMap Route => RouteMap.Load(Path.Combine(AppContext.BaseDirectory, "route.json"));

    [Test]
    public void Should_hold_the_eleven_countries_and_eighteen_borders_of_2015()
    {
        var route = Route;
        Assert.Multiple(() =>
        {
            Assert.That(route.Participants.Where(p => p.Role == ParticipantRole.Country).Select(p => p.Code),
                Is.EquivalentTo(new[] { "AL", "AT", "BG", "HR", "DE", "GR", "HU", "MK", "RO", "RS", "SI" }));
            Assert.That(route.Participants.Where(p => p.Role == ParticipantRole.Observer).Select(p => p.Code), Is.EquivalentTo(new[] { "LU", "NL" }));
            Assert.That(route.Borders, Has.Count.EqualTo(18));
            Assert.That(route.Corridor, Is.EqualTo(new[] { "GR", "MK", "RS", "HR", "SI", "AT", "DE" }));
        });
    }

    [Test]
    public void Should_give_each_country_its_neighbours()
    {
        var route = Route;
        Assert.Multiple(() =>
        {
            Assert.That(route.NeighboursOf("GR"), Is.EquivalentTo(new[] { "AL", "BG", "MK" }));
            Assert.That(route.NeighboursOf("HU"), Is.EquivalentTo(new[] { "AT", "HR", "RO", "RS", "SI" }));
            Assert.That(route.NeighboursOf("NL"), Is.Empty, "an observer has no borders");
        });
    }

    [Test]
    public void Should_know_each_crossing_point_and_its_two_sides()
    {
        var bregana = Route.FindCrossingPoint("HR-SI-BREGANA");
        Assert.That(bregana, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(bregana!.Involves("HR") && bregana.Involves("SI"), Is.True);
            Assert.That(bregana.Other("HR"), Is.EqualTo("SI"));
            Assert.That(Route.FindCrossingPoint("GR-TR-LESVOS")!.Other("GR"), Is.EqualTo("TR"), "an outer border names the far side");
        });
    }

    [Test]
    public void Should_count_the_day_in_the_participants_own_time_zone()
    {
        // 21:30 UTC on 16 October 2015 is already 17 October in Athens (UTC+3), still the 16th in Berlin (UTC+2).
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2015, 10, 16, 21, 30, 0, TimeSpan.Zero));
        Assert.Multiple(() =>
        {
            Assert.That(Route.Today("GR", clock), Is.EqualTo(new DateOnly(2015, 10, 17)));
            Assert.That(Route.Today("DE", clock), Is.EqualTo(new DateOnly(2015, 10, 16)));
        });
    }

    [Test]
    public void Should_list_every_problem_of_a_broken_file()
    {
        const string broken = """
            {
              "participants": [
                { "code": "AA", "role": "country", "timeZone": "Europe/Nowhere" },
                { "code": "IT", "role": "country", "timeZone": "Europe/Rome" },
                { "code": "MT", "role": "country", "timeZone": "Europe/Malta" }
              ],
              "borders": [ "IT-XX" ],
              "corridor": [ "MT", "ZZ" ],
              "crossingPoints": [ { "code": "IT-MT-SEA", "name": "Strait", "countries": [ "IT", "MT" ] } ]
            }
            """;
        var ex = Assert.Throws<RouteConfigurationException>(() => RouteMap.Parse(broken, "broken.json"));
        Assert.That(ex!.Problems, Has.Some.Contains("Europe/Nowhere")
            .And.Some.Contains("'AA' is a country but not an ISO 3166-1 code")
            .And.Some.Contains("'XX' is not a participant")
            .And.Some.Contains("IT and MT have no configured border")
            .And.Some.Contains("corridor[1]"));
    }

    [Test]
    public void Should_serve_another_route_from_another_file()
    {
        const string centralMediterranean = """
            {
              "name": "Central Mediterranean (made up for the test)",
              "firstReportingDay": "2014-06-01",
              "defaultDayQuorum": 0.75,
              "agreement": { "name": "Valletta action plan (made up)", "points": 5 },
              "participants": [
                { "code": "IT", "name": "Italy", "role": "country", "timeZone": "Europe/Rome" },
                { "code": "AT", "name": "Austria", "role": "country", "timeZone": "Europe/Vienna" },
                { "code": "FR", "name": "France", "role": "country", "timeZone": "Europe/Paris" },
                { "code": "EU", "name": "European Commission", "role": "commission", "timeZone": "Europe/Brussels" }
              ],
              "borders": [ "AT-IT", "FR-IT" ],
              "corridor": [ "IT", "AT" ],
              "crossingPoints": [
                { "code": "AT-IT-BRENNER", "name": "Brenner", "countries": [ "IT", "AT" ] },
                { "code": "IT-LY-LAMPEDUSA", "name": "Lampedusa (sea arrivals)", "countries": [ "IT", "LY" ] }
              ],
              "extraSubscribers": [ { "subscriber": "AT", "publishers": [ "FR" ] } ]
            }
            """;
        var route = RouteMap.Parse(centralMediterranean, "med.json");
        Assert.Multiple(() =>
        {
            Assert.That(route.NeighboursOf("IT"), Is.EquivalentTo(new[] { "AT", "FR" }));
            Assert.That(route.ExtraSubscribersOf("FR"), Is.EquivalentTo(new[] { "AT" }));
            Assert.That(route.FindCrossingPoint("AT-IT-BRENNER")!.Other("IT"), Is.EqualTo("AT"));
            Assert.That(route.PlanPointCount, Is.EqualTo(5));
        });

        // The plan points an item may name are the route's agreement's, not the Western Balkans' 17.
        var errors = new ValidationErrors();
        AssistanceRules.ValidatePlanPoints([5, 6], errors, route);
        Assert.That(errors.Fields, Is.EqualTo(new[] { "planPoints[1]" }));
        Assert.That(errors.ToString(), Does.Contain("Valletta action plan (made up), 1 to 5"));
    }

    [Test]
    public void Should_refuse_plan_points_where_the_agreement_numbers_none()
    {
        var route = RouteMap.Parse("""
            {
              "name": "No numbered plan", "firstReportingDay": "2014-06-01",
              "participants": [ { "code": "IT", "name": "Italy", "role": "country", "timeZone": "Europe/Rome" } ],
              "borders": [], "corridor": [ "IT" ], "crossingPoints": []
            }
            """, "plain.json");
        var errors = new ValidationErrors();
        AssistanceRules.ValidatePlanPoints([1], errors, route);
        Assert.That(errors.Fields, Is.EqualTo(new[] { "planPoints[0]" }));
        Assert.That(route.Agreement, Is.EqualTo(RouteMap.DefaultAgreement));
    }

    [Test]
    public void Should_take_the_western_balkans_plan_from_the_shipped_file()
    {
        var route = RouteMap.Load(Path.Combine(AppContext.BaseDirectory, "route.json"));
        Assert.Multiple(() =>
        {
            Assert.That(route.PlanPointCount, Is.EqualTo(17));
            Assert.That(route.Agreement, Is.EqualTo("leaders' statement of 25 October 2015"));
        });
    }
}
