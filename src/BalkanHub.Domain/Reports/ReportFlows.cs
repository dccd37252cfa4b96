using BalkanHub.Api.Contracts;
using BalkanHub.Contracts;
using BalkanHub.Domain.Route;

namespace BalkanHub.Domain.Reports;

/// <summary>
/// How many people a report says crossed one border, in one direction. A country may break its flows
/// down by country or by crossing point; the country breakdown wins when both are given, and the crossing
/// points on the shared border are summed otherwise. Null when the report says nothing about that border.
/// </summary>
public static class ReportFlows
{
    /// <summary>Departures from the reporting country toward <paramref name="neighbour"/>.</summary>
    public static int? DeparturesToward(DailyFlowReport report, string neighbour, RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(route);
        return Flow(report.Departures.ByDestinationCountry, report.Departures.ByCrossingPoint, report.Country, neighbour, route);
    }

    /// <summary>Arrivals in the reporting country from <paramref name="neighbour"/>.</summary>
    public static int? ArrivalsFrom(DailyFlowReport report, string neighbour, RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(route);
        return Flow(report.Arrivals.ByOriginCountry, report.Arrivals.ByCrossingPoint, report.Country, neighbour, route);
    }

    /// <summary>
    /// The countries beyond the route that the report says people came from or went to, by country or by a
    /// crossing point on an outer border (Turkey for Greece's islands). Flows with them are the route's entries
    /// and exits: counted once for the whole route, where a sum of every country's arrivals counts a person
    /// once for each country crossed.
    /// </summary>
    public static IReadOnlyList<string> OutsideCountries(DailyFlowReport report, RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(route);
        var named = report.Arrivals.ByOriginCountry.Select(c => c.Country)
            .Concat(report.Departures.ByDestinationCountry.Select(c => c.Country))
            .Concat(report.Arrivals.ByCrossingPoint.Concat(report.Departures.ByCrossingPoint)
                .Select(c => route.FindCrossingPoint(c.CrossingPoint)).OfType<CrossingPoint>()
                .Where(c => c.Involves(report.Country)).Select(c => c.Other(report.Country)));
        return [.. named.Where(c => IsOutside(c, route)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Whether people coming from or going to <paramref name="country"/> enter or leave the route: it is not one of the route's countries.</summary>
    public static bool IsOutside(string country, RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.Find(country) is not { Role: ParticipantRole.Country };
    }

    /// <summary>The crossing points configured on the border between the two countries.</summary>
    public static IReadOnlyList<string> CrossingPointsBetween(string a, string b, RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return [.. route.CrossingPoints.Where(c => c.Involves(a) && c.Involves(b)).Select(c => c.Code).Order(StringComparer.Ordinal)];
    }

    static int? Flow(IReadOnlyList<CountryCount> byCountry, IReadOnlyList<CrossingPointCount> byCrossing, string reporter, string neighbour, RouteMap route)
    {
        var counted = byCountry.Where(c => c.Country == neighbour).ToList();
        if (counted.Count > 0)
            return counted.Sum(c => c.Count);
        var border = CrossingPointsBetween(reporter, neighbour, route).ToHashSet(StringComparer.Ordinal);
        var crossings = byCrossing.Where(c => border.Contains(c.CrossingPoint)).ToList();
        return crossings.Count > 0 ? crossings.Sum(c => c.Count) : null;
    }
}
