using System.Text.Json;
using BalkanHub.Aggregator.Compliance;
using BalkanHub.Aggregator.Data;
using BalkanHub.Contracts;
using BalkanHub.Domain.Measures;
using BalkanHub.Domain.Route;
using BalkanHub.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BalkanHub.Aggregator.Picture;

/// <summary>
/// The consolidated situational picture of one day, for the Commission and the agencies. Every figure
/// is aggregated by the database from indexed columns of the versions that count; no report is loaded whole.
/// </summary>
public static class PictureApi
{
    /// <summary>How many nationalities each country's composition lists.</summary>
    public const int TopNationalities = 5;

    /// <summary>Who arrived.</summary>
    public sealed record CompositionView(int Men, int Women, int Children, int UnaccompaniedChildren, IReadOnlyList<NationalityCount> TopNationalities);

    /// <summary>Reception places.</summary>
    public sealed record CapacityView(int Total, int Occupied, int Free, double? OccupancyPercent);

    /// <summary>A measure in force on the day.</summary>
    public sealed record MeasureInForce(Guid MeasureId, MeasureType Type, string Title, DateTimeOffset EffectiveFrom, DateTimeOffset? EffectiveUntil);

    /// <summary>One participant's day: null figures when it has not reported.</summary>
    public sealed record ParticipantDay(
        string Country, bool Reported, int? Version, DateTimeOffset? SubmittedAt, bool? OnTime,
        int? Arrivals, int? Departures, int? PeoplePresent, int? Registered, int? AsylumApplications,
        CompositionView? Composition, CapacityView? Capacity, IReadOnlyList<MeasureInForce> MeasuresInForce);

    /// <summary>The route's totals over the countries that reported.</summary>
    public sealed record RouteTotals(
        int CountriesReported, int CountriesExpected, int Arrivals, int Departures, int PeoplePresent, int Registered, int AsylumApplications,
        CompositionView Composition, CapacityView Capacity);

    /// <summary>The flow on one edge A→B, as A counted it leaving and as B counted it arriving.</summary>
    public sealed record EdgeFlow(string From, string To, int? ReportedByFrom, int? ReportedByTo, int? Gap);

    /// <summary>The picture of one day.</summary>
    public sealed record PictureView(DateOnly Date, DateTimeOffset AsOf, IReadOnlyList<ParticipantDay> Participants, RouteTotals Totals, IReadOnlyList<EdgeFlow> Edges);

    /// <summary>Maps <c>/api/picture</c>.</summary>
    public static RouteGroupBuilder MapPictureApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/picture").WithTags("Picture").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/", GetAsync)
            .WithSummary("The consolidated situational picture for one day")
            .WithDescription("Every country's figures from the latest version of its report, route totals, and each edge's flow as both sides counted it.");
        return group;
    }

    static async Task<Results<Ok<PictureView>, ValidationProblem>> GetAsync(
        AggregatorDb db, RouteMap route, TimeProvider clock, DateOnly? date, CancellationToken cancellationToken) =>
        DateBounds.Check(("date", date)) is { } outOfBounds ? outOfBounds
        : date is { } day
            ? TypedResults.Ok(await BuildAsync(db, route, clock, day, cancellationToken))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["is required, as YYYY-MM-DD."] });

    /// <summary>The picture of <paramref name="day"/>, for the API and the dashboard.</summary>
    public static async Task<PictureView> BuildAsync(AggregatorDb db, RouteMap route, TimeProvider clock, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(clock);

        var reports = await db.Reports.AsNoTracking().Where(r => r.IsLatest && r.ReportDate == day)
            .Select(r => new
            {
                r.Country, r.Version, r.SubmittedAt, r.OnTime, r.Arrivals, r.Departures, r.PeoplePresent, r.Registered, r.AsylumApplications,
                r.Men, r.Women, r.Children, r.UnaccompaniedChildren, r.CapacityTotal, r.CapacityOccupied,
            })
            .ToDictionaryAsync(r => r.Country, cancellationToken);
        var nationalities = await db.ReportNationalities.AsNoTracking().Where(n => n.ReportDate == day && n.Report.IsLatest)
            .Select(n => new { n.Country, n.Nationality, n.Count })
            .ToListAsync(cancellationToken);
        var flows = await db.ReportFlows.AsNoTracking().Where(f => f.ReportDate == day && f.Report.IsLatest)
            .Select(f => new { f.Country, f.Neighbour, f.Direction, f.Count })
            .ToListAsync(cancellationToken);
        var measures = await MeasuresInForceAsync(db, day, cancellationToken);

        var participants = ReportingDeadlines.Reporters(route).Select(country =>
        {
            var inForce = measures[country].ToList();
            if (!reports.TryGetValue(country, out var r))
                return new ParticipantDay(country, false, null, null, null, null, null, null, null, null, null, null, inForce);
            var top = nationalities.Where(n => n.Country == country)
                .OrderByDescending(n => n.Count).ThenBy(n => n.Nationality, StringComparer.Ordinal).Take(TopNationalities)
                .Select(n => new NationalityCount { Nationality = n.Nationality, Count = n.Count }).ToList();
            return new ParticipantDay(country, true, r.Version, r.SubmittedAt, r.OnTime, r.Arrivals, r.Departures, r.PeoplePresent, r.Registered, r.AsylumApplications,
                new CompositionView(r.Men, r.Women, r.Children, r.UnaccompaniedChildren, top), Capacity(r.CapacityTotal, r.CapacityOccupied), inForce);
        }).ToList();

        var reported = reports.Values.ToList();
        var routeTop = nationalities.GroupBy(n => n.Nationality, StringComparer.Ordinal)
            .Select(g => new NationalityCount { Nationality = g.Key, Count = g.Sum(n => n.Count) })
            .OrderByDescending(n => n.Count).ThenBy(n => n.Nationality, StringComparer.Ordinal).Take(TopNationalities).ToList();
        var totals = new RouteTotals(reported.Count, participants.Count,
            reported.Sum(r => r.Arrivals), reported.Sum(r => r.Departures), reported.Sum(r => r.PeoplePresent), reported.Sum(r => r.Registered),
            reported.Sum(r => r.AsylumApplications),
            new CompositionView(reported.Sum(r => r.Men), reported.Sum(r => r.Women), reported.Sum(r => r.Children), reported.Sum(r => r.UnaccompaniedChildren), routeTop),
            Capacity(reported.Sum(r => r.CapacityTotal), reported.Sum(r => r.CapacityOccupied)));

        var edges = route.Borders.SelectMany(b => new[] { (From: b.A, To: b.B), (From: b.B, To: b.A) })
            .Select(e =>
            {
                var left = flows.FirstOrDefault(f => f.Country == e.From && f.Neighbour == e.To && f.Direction == FlowDirection.Out)?.Count;
                var entered = flows.FirstOrDefault(f => f.Country == e.To && f.Neighbour == e.From && f.Direction == FlowDirection.In)?.Count;
                return new EdgeFlow(e.From, e.To, left, entered, left - entered);
            })
            .Where(e => e.ReportedByFrom is not null || e.ReportedByTo is not null)
            .OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)
            .ToList();
        return new PictureView(day, clock.GetUtcNow(), participants, totals, edges);
    }

    static CapacityView Capacity(int total, int occupied) =>
        new(total, occupied, Math.Max(0, total - occupied), total == 0 ? null : Math.Round(occupied * 100.0 / total, 1));

    /// <summary>Measures whose period covers part of the day and that were not cancelled, by country.</summary>
    static async Task<ILookup<string, MeasureInForce>> MeasuresInForceAsync(AggregatorDb db, DateOnly day, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero);
        var end = start.AddDays(1);
        var rows = await db.Measures.AsNoTracking()
            .Where(m => !m.Exercise && m.Status != MeasureStatus.Cancelled && m.EffectiveFrom < end && (m.EffectiveUntil == null || m.EffectiveUntil > start))
            .Select(m => new { m.Country, m.Status, m.Notice })
            .ToListAsync(cancellationToken);
        return rows
            .Select(m => (m.Country, Notice: JsonSerializer.Deserialize<MeasureNotice>(m.Notice, JsonSerializerOptions.Web)!))
            // Lifted early, before the day began: no longer in force that day.
            .Where(m => m.Notice.Status != MeasureStatus.Lifted || m.Notice.EffectiveUntil is { } until && until > start)
            .OrderBy(m => m.Notice.EffectiveFrom)
            .ToLookup(m => m.Country, m => new MeasureInForce(m.Notice.MeasureId, m.Notice.Type, m.Notice.Title, m.Notice.EffectiveFrom, m.Notice.EffectiveUntil), StringComparer.Ordinal);
    }
}
