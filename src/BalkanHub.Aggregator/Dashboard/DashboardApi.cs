using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Picture;
using BalkanHub.Domain.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using BalkanHub.Aggregator.Reports;

namespace BalkanHub.Aggregator.Dashboard;

/// <summary>
/// What the Commission's dashboard (the static page under <c>web/dashboard/</c>, served at <c>/</c>)
/// needs beyond the other features' APIs: the route to draw, the day to open on, daily series for
/// the charts, and the borders where the two sides' counts disagree. The page reads everything else
/// from <c>/api/picture</c>, <c>/api/measures</c>, <c>/api/compliance</c>, <c>/api/assistance</c>,
/// <c>/api/commitments</c> and <c>/api/feed</c>.
/// </summary>
public static class DashboardApi
{
    /// <summary>The longest series one request returns.</summary>
    public const int MaxDays = 366;

    /// <summary>Maps <c>/api/dashboard</c>.</summary>
    public static RouteGroupBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/dashboard").WithTags("Dashboard").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/route", RouteAsync).WithSummary("The route to draw, in corridor order, and the day the pages open on")
            .WithDescription("defaultDate is the latest day that at least the route's defaultDayQuorum of the reporting countries reported " +
                "(while no day has that many, the day most of them reported); latestReportDate is the highest date anyone reported, which one stray report sets.");
        group.MapGet("/series", SeriesAsync)
            .WithSummary("Daily arrivals and departures per country")
            .WithDescription("The days ending on 'to' (default: defaultDate of /api/dashboard/route); 'days' is 1 to 366, default 30.");
        group.MapGet("/reconciliation", ReconciliationAsync)
            .WithSummary("Borders whose two sides' counts disagree on a day")
            .WithDescription("The same rule as the reconciliation alerts: Picture:ReconciliationThresholdPercent and Picture:ReconciliationMinimumGap.");
        return group;
    }

    static async Task<Ok<RouteView>> RouteAsync(AggregatorDb db, RouteMap route, CancellationToken cancellationToken)
    {
        var latest = await db.Reports.AsNoTracking().Where(r => r.IsLatest).MaxAsync(r => (DateOnly?)r.ReportDate, cancellationToken);
        var sequence = await db.Relays.AsNoTracking().Where(r => r.Recipient == RelayRecipients.Feed).MaxAsync(r => (long?)r.Sequence, cancellationToken) ?? 0;
        var reporters = ReportingDeadlines.Reporters(route).ToHashSet(StringComparer.Ordinal);
        return TypedResults.Ok(new RouteView(route.Name, route.Corridor,
            [.. route.Participants.Select(p => new RouteParticipant(p.Code, p.Name, p.Role, reporters.Contains(p.Code)))],
            [.. route.Borders.Select(b => new BorderView(b.A, b.B))], latest, sequence, await DefaultDayAsync(db, route, cancellationToken)));
    }

    static async Task<Results<Ok<SeriesView>, ValidationProblem>> SeriesAsync(
        AggregatorDb db, RouteMap route, TimeProvider clock, DateOnly? to, int? days, CancellationToken cancellationToken)
    {
        if (DateBounds.Check(("to", to)) is { } outOfBounds)
            return outOfBounds;
        var span = days ?? 30;
        if (span is < 1 or > MaxDays)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = [$"must be between 1 and {MaxDays}."] });
        var last = to ?? await DefaultDayAsync(db, route, cancellationToken) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = last.AddDays(1 - span);
        var rows = await db.Reports.AsNoTracking()
            .Where(r => r.IsLatest && r.ReportDate >= first && r.ReportDate <= last)
            .Select(r => new { r.Country, r.ReportDate, r.Arrivals, r.Departures })
            .ToListAsync(cancellationToken);
        var countries = rows.GroupBy(r => r.Country).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CountrySeries(g.Key, [.. g.OrderBy(r => r.ReportDate).Select(r => new SeriesPoint(r.ReportDate, r.Arrivals, r.Departures))]))
            .ToList();
        return TypedResults.Ok(new SeriesView(first, last, countries));
    }

    static async Task<Results<Ok<ReconciliationView>, ValidationProblem>> ReconciliationAsync(
        AggregatorDb db, IOptions<PictureOptions> options, DateOnly? date, CancellationToken cancellationToken)
    {
        if (date is not { } day)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["is required, as YYYY-MM-DD."] });
        var flows = await db.ReportFlows.AsNoTracking()
            .Where(f => f.ReportDate == day && f.Report.IsLatest)
            .Select(f => new { f.Country, f.Neighbour, f.Direction, f.Count })
            .ToListAsync(cancellationToken);
        var arrivals = flows.Where(f => f.Direction == FlowDirection.In).ToDictionary(f => (From: f.Neighbour, To: f.Country), f => f.Count);
        var rule = options.Value;
        var disagreements = flows.Where(f => f.Direction == FlowDirection.Out)
            .Where(f => arrivals.TryGetValue((f.Country, f.Neighbour), out var entered) && rule.IsGap(f.Count, entered))
            .OrderBy(f => f.Country, StringComparer.Ordinal).ThenBy(f => f.Neighbour, StringComparer.Ordinal)
            .Select(f => new Disagreement(f.Country, f.Neighbour, f.Count, arrivals[(f.Country, f.Neighbour)], f.Count - arrivals[(f.Country, f.Neighbour)]))
            .ToList();
        return TypedResults.Ok(new ReconciliationView(day, disagreements));
    }

    /// <summary>
    /// The day the Commission's pages open on: the route's rule (<see cref="ReportingDays"/>) over how many
    /// reporting countries filed a real report for each day. The one place the aggregator decides it.
    /// </summary>
    public static async Task<DateOnly?> DefaultDayAsync(AggregatorDb db, RouteMap route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(route);
        // One latest version per country and day (exercise reports are filtered out by the store), counted by the database.
        var days = await db.Reports.AsNoTracking().Where(r => r.IsLatest)
            .GroupBy(r => r.ReportDate)
            .Select(g => new { Day = g.Key, Countries = g.Count() })
            .ToListAsync(cancellationToken);
        return ReportingDays.DefaultDay(days.Select(d => (d.Day, d.Countries)), route.ReportingCountries.Count(), route.DefaultDayQuorum);
    }
}
