using System.Text.Json;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Measures;
using BalkanHub.Domain.Reports;
using BalkanHub.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using BalkanHub.Aggregator.Reports;

namespace BalkanHub.Aggregator.Picture;

/// <summary>
/// The consolidated situational picture of one day, for the Commission and the agencies. Every figure
/// is aggregated by the database from indexed columns of the versions that count; no report is loaded whole.
/// </summary>
public static class PictureApi
{
    /// <summary>How many nationalities each country's composition lists.</summary>
    public const int TopNationalities = 5;

    /// <summary>How the route's totals are made, as <see cref="RouteTotals.Method"/> says it.</summary>
    public const string TotalsMethod =
        "Entries are arrivals from countries outside the route and exits departures to them, as the reports break their flows down " +
        "by country of origin or destination, or by crossing point on an outer border; a person crossing several of the route's countries " +
        "is counted once. People present, asylum applications and capacity are each country's own, summed. Per-country arrivals and departures " +
        "are in each participant's figures, not summed.";

    /// <summary>Maps <c>/api/picture</c>.</summary>
    public static RouteGroupBuilder MapPictureApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/picture").WithTags("Picture").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/", GetAsync)
            .WithSummary("The consolidated situational picture for one day")
            .WithDescription("Every country's figures from the latest version of its report, route totals, and each edge's flow as both sides counted it. " +
                "Each country-day lists the warnings of figures accepted but looking wrong (thresholds in Plausibility:*).");
        return group;
    }

    static async Task<Results<Ok<PictureView>, ValidationProblem>> GetAsync(
        AggregatorDb db, RouteMap route, IOptions<PlausibilityOptions> plausibility, DateOnly? date, CancellationToken cancellationToken) =>
        DateBounds.Check(("date", date)) is { } outOfBounds ? outOfBounds
        : date is { } day
            ? TypedResults.Ok(PictureWarnings.Add(await BuildAsync(db, route, day, cancellationToken), plausibility.Value))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["is required, as YYYY-MM-DD."] });

    /// <summary>
    /// The picture of <paramref name="day"/>, for the API and the dashboard. It depends only on what is stored
    /// about that day: read again later, it is the same unless a report for the day was corrected since.
    /// </summary>
    public static async Task<PictureView> BuildAsync(AggregatorDb db, RouteMap route, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(route);

        var reports = await db.Reports.AsNoTracking().Where(r => r.IsLatest && r.ReportDate == day)
            .Select(r => new
            {
                r.Country, r.Version, r.SubmittedAt, r.ReceivedAt, r.OnTime, r.Arrivals, r.Departures, r.PeoplePresent, r.Registered, r.AsylumApplications,
                r.Men, r.Women, r.Children, r.UnaccompaniedChildren, r.CapacityTotal, r.CapacityOccupied,
            })
            .ToDictionaryAsync(r => r.Country, cancellationToken);
        var nationalities = await db.ReportNationalities.AsNoTracking().Where(n => n.ReportDate == day && n.Report.IsLatest)
            .Select(n => new { n.Country, n.Nationality, n.Count })
            .ToListAsync(cancellationToken);
        var flows = await db.ReportFlows.AsNoTracking().Where(f => f.ReportDate == day && f.Report.IsLatest)
            .Select(f => new { f.Country, f.Neighbour, f.Direction, f.Count })
            .ToListAsync(cancellationToken);
        var measures = await MeasuresInForceAsync(db, route, day, cancellationToken);

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
        var entries = flows.Where(f => f.Direction == FlowDirection.In && ReportFlows.IsOutside(f.Neighbour, route)).ToList();
        var exits = flows.Where(f => f.Direction == FlowDirection.Out && ReportFlows.IsOutside(f.Neighbour, route)).ToList();
        // Each entering country's nationalities, weighted by the share of its arrivals that came from outside the route.
        var entryShare = entries.GroupBy(f => f.Country)
            .ToDictionary(g => g.Key, g => reports.TryGetValue(g.Key, out var r) && r.Arrivals > 0 ? Math.Min(1.0, g.Sum(f => f.Count) / (double)r.Arrivals) : 0.0);
        var entryNationalities = nationalities.Where(n => entryShare.ContainsKey(n.Country))
            .GroupBy(n => n.Nationality, StringComparer.Ordinal)
            .Select(g => new NationalityCount { Nationality = g.Key, Count = (int)Math.Round(g.Sum(n => n.Count * entryShare[n.Country])) })
            .Where(n => n.Count > 0)
            .OrderByDescending(n => n.Count).ThenBy(n => n.Nationality, StringComparer.Ordinal).Take(TopNationalities).ToList();
        var totals = new RouteTotals(reported.Count, participants.Count,
            entries.Sum(f => f.Count), exits.Sum(f => f.Count), reported.Sum(r => r.PeoplePresent), reported.Sum(r => r.AsylumApplications),
            Capacity(reported.Sum(r => r.CapacityTotal), reported.Sum(r => r.CapacityOccupied)), entryNationalities,
            TotalsMethod);

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
        DateTimeOffset? asOf = reported.Count == 0 ? null : reported.Max(r => r.ReceivedAt);
        return new PictureView(day, asOf, participants, totals, edges);
    }

    static CapacityView Capacity(int total, int occupied) =>
        new(total, occupied, Math.Max(0, total - occupied), total == 0 ? null : Math.Round(occupied * 100.0 / total, 1));

    /// <summary>
    /// The real measures in force at any moment of the day in their own country's time zone, by country,
    /// from the stored revision history: a measure lifted by hand at 09:05 was in force that morning, and a
    /// measure cancelled before it took effect never was. Each is shown as it stood at the end of that day, so
    /// later revisions do not rewrite a past day.
    /// </summary>
    static async Task<ILookup<string, MeasureInForce>> MeasuresInForceAsync(AggregatorDb db, RouteMap route, DateOnly day, CancellationToken cancellationToken)
    {
        // Wide enough for every time zone; each measure is then held to its own country's day.
        var widest = new DateTimeOffset(day.AddDays(2), TimeOnly.MinValue, TimeSpan.Zero);
        var candidates = db.Measures.Where(m => !m.Exercise && m.Status != MeasureStatus.Cancelled && m.EffectiveFrom < widest).Select(m => m.MeasureId);
        var rows = await db.MeasureRevisions.AsNoTracking()
            .Where(r => r.Relayed && candidates.Contains(r.MeasureId))
            .Select(r => new { r.MeasureId, r.Revision, r.MessageType, r.ReceivedAt, r.Payload })
            .ToListAsync(cancellationToken);
        var inForce = new List<(string Country, MeasureInForce Measure)>();
        foreach (var history in rows.GroupBy(r => r.MeasureId))
        {
            var steps = history.OrderBy(r => r.Revision).Select(r => Step(r.MessageType, r.ReceivedAt, r.Payload)).ToList();
            var country = steps[0].Notice.Country;
            if (route.Find(country) is null)
                continue;
            var (start, end) = route.DayOf(country, day);
            if (MeasureHistory.InForce(steps) is not { } period || period.From >= end || period.Until is { } until && until <= start)
                continue;
            // As the measure stood when the day ended: the latest revision received by then, or the first.
            var asOfDay = (steps.LastOrDefault(r => r.ReceivedAt < end) ?? steps[0]).Notice;
            var ended = period.Until is { } stop && stop <= end;
            inForce.Add((country, new MeasureInForce(asOfDay.MeasureId, asOfDay.Type, asOfDay.Title, period.From,
                ended ? period.Until : asOfDay.EffectiveUntil, ended)));
        }
        return inForce.OrderBy(m => m.Measure.EffectiveFrom).ToLookup(m => m.Country, m => m.Measure, StringComparer.Ordinal);
    }

    /// <summary>A stored revision: <c>{"measure": …, "liftedAt": …}</c>, as the contact point sent it.</summary>
    static MeasureHistory.Revision Step(string messageType, DateTimeOffset receivedAt, string payload)
    {
        using var message = JsonDocument.Parse(payload);
        var root = message.RootElement;
        return new(messageType, receivedAt, root.GetProperty("measure").Deserialize<MeasureNotice>(JsonSerializerOptions.Web)!,
            root.TryGetProperty("liftedAt", out var lifted) && lifted.ValueKind == JsonValueKind.String ? lifted.GetDateTimeOffset() : null);
    }
}
