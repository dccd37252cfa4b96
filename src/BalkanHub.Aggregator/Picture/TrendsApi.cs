using BalkanHub.Api.Contracts.Aggregator;
using Microsoft.AspNetCore.Http.HttpResults;
using BalkanHub.Aggregator.Reports;

namespace BalkanHub.Aggregator.Picture;

/// <summary>
/// Rolling seven-day averages per country and per edge, the change from the week before, and each
/// country's capacity runway. Sums are taken by the database over the fourteen days involved only, so
/// years of history cost nothing here.
/// </summary>
public static class TrendsApi
{
    /// <summary>Maps <c>/api/trends</c>.</summary>
    public static RouteGroupBuilder MapTrendsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/trends").WithTags("Picture").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/", GetAsync)
            .WithSummary("Seven-day averages per country and edge, change from the week before, and capacity runways")
            .WithDescription("The week is the seven days ending on date (default: yesterday, UTC). Runway = free places ÷ seven-day average net inflow.");
        return group;
    }

    static async Task<Results<Ok<TrendsView>, ValidationProblem>> GetAsync(AggregatorDb db, RouteMap route, TimeProvider clock, DateOnly? date, CancellationToken cancellationToken)
    {
        if (DateBounds.Check(("date", date)) is { } outOfBounds)
            return outOfBounds;
        var day = date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-1);
        var week = day.AddDays(-6);
        var previous = day.AddDays(-13);

        var countries = await db.Reports.AsNoTracking()
            .Where(r => r.IsLatest && r.ReportDate >= previous && r.ReportDate <= day)
            .GroupBy(r => r.Country)
            .Select(g => new
            {
                Country = g.Key,
                Days = g.Sum(r => r.ReportDate >= week ? 1 : 0),
                PreviousDays = g.Sum(r => r.ReportDate < week ? 1 : 0),
                Arrivals = g.Sum(r => r.ReportDate >= week ? r.Arrivals : 0),
                PreviousArrivals = g.Sum(r => r.ReportDate < week ? r.Arrivals : 0),
                Departures = g.Sum(r => r.ReportDate >= week ? r.Departures : 0),
                PreviousDepartures = g.Sum(r => r.ReportDate < week ? r.Departures : 0),
                Latest = g.Max(r => r.ReportDate),
            })
            .ToListAsync(cancellationToken);
        var latestDays = countries.Select(c => c.Latest).Distinct().ToList();
        var capacities = (await db.Reports.AsNoTracking()
                .Where(r => r.IsLatest && latestDays.Contains(r.ReportDate))
                .Select(r => new { r.Country, r.ReportDate, r.CapacityTotal, r.CapacityOccupied })
                .ToListAsync(cancellationToken))
            .ToDictionary(r => (r.Country, r.ReportDate));

        var edges = await db.ReportFlows.AsNoTracking()
            .Where(f => f.Report.IsLatest && f.ReportDate >= previous && f.ReportDate <= day)
            .GroupBy(f => new { f.Country, f.Neighbour, f.Direction })
            .Select(g => new
            {
                g.Key.Country,
                g.Key.Neighbour,
                g.Key.Direction,
                Days = g.Sum(f => f.ReportDate >= week ? 1 : 0),
                PreviousDays = g.Sum(f => f.ReportDate < week ? 1 : 0),
                Count = g.Sum(f => f.ReportDate >= week ? f.Count : 0),
                PreviousCount = g.Sum(f => f.ReportDate < week ? f.Count : 0),
            })
            .ToListAsync(cancellationToken);

        var countryTrends = countries.OrderBy(c => c.Country, StringComparer.Ordinal).Select(c =>
        {
            var arrivals = Averaged(c.Days, c.Arrivals, c.PreviousDays, c.PreviousArrivals);
            var departures = Averaged(c.Days, c.Departures, c.PreviousDays, c.PreviousDepartures);
            var net = Averaged(c.Days, c.Arrivals - c.Departures, c.PreviousDays, c.PreviousArrivals - c.PreviousDepartures);
            var capacity = capacities[(c.Country, c.Latest)];
            return new CountryTrend(c.Country, arrivals, departures, net, RunwayOf(capacity.CapacityTotal, capacity.CapacityOccupied, net.PerDay, c.Latest));
        }).ToList();

        var none = new Average(0, null, null, null);
        var edgeTrends = route.Borders.SelectMany(b => new[] { (From: b.A, To: b.B), (From: b.B, To: b.A) })
            .Select(e =>
            {
                var left = edges.FirstOrDefault(f => f.Country == e.From && f.Neighbour == e.To && f.Direction == FlowDirection.Out);
                var entered = edges.FirstOrDefault(f => f.Country == e.To && f.Neighbour == e.From && f.Direction == FlowDirection.In);
                return new EdgeTrend(e.From, e.To,
                    left is null ? none : Averaged(left.Days, left.Count, left.PreviousDays, left.PreviousCount),
                    entered is null ? none : Averaged(entered.Days, entered.Count, entered.PreviousDays, entered.PreviousCount));
            })
            .Where(e => e.DeparturesReportedByFrom.DaysReported + e.ArrivalsReportedByTo.DaysReported > 0)
            .OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new TrendsView(day, week, previous, countryTrends, edgeTrends));
    }

    static Average Averaged(int days, long sum, int previousDays, long previousSum)
    {
        double? now = days == 0 ? null : Math.Round((double)sum / days, 1);
        double? before = previousDays == 0 ? null : Math.Round((double)previousSum / previousDays, 1);
        double? change = now is { } n && before is { } b && b != 0 ? Math.Round((n - b) * 100 / Math.Abs(b), 1) : null;
        return new Average(days, now, before, change);
    }

    static Runway? RunwayOf(int capacity, int occupied, double? netPerDay, DateOnly asOf)
    {
        if (netPerDay is not { } net)
            return null;
        var free = Math.Max(0, capacity - occupied);
        double? days = net > 0 ? Math.Round(free / net, 1) : null;
        var method = FormattableString.Invariant($"{free} free places ({capacity} minus {occupied} occupied, reported for {asOf:yyyy-MM-dd}) ÷ ")
            + FormattableString.Invariant($"seven-day average net inflow of {net} a day") + (days is null ? ": not filling up." : FormattableString.Invariant($" = {days} days."));
        return new Runway(capacity, occupied, free, net, days, method);
    }
}
