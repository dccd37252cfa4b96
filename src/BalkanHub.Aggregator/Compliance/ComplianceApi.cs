using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Picture;
using Microsoft.AspNetCore.Http.HttpResults;
using BalkanHub.Aggregator.Reports;

namespace BalkanHub.Aggregator.Compliance;

/// <summary>Who is not keeping the agreement: missing and late reports, and overdue acknowledgements.</summary>
public static class ComplianceApi
{
    /// <summary>The longest punctuality history one request returns.</summary>
    public const int MaxDays = 366;

    /// <summary>Maps <c>/api/compliance</c>.</summary>
    public static RouteGroupBuilder MapComplianceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/compliance").WithTags("Compliance").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/", GetAsync)
            .WithSummary("Missing reports, overdue acknowledgements, and reporting punctuality by country and day")
            .WithDescription("A day's report is due at Picture:ReportDeadline (default 10:00 UTC) the next day. The missing reports and the history cover from–to, " +
                "by default the last 14 days that are due; overdue acknowledgements are those outstanding now. Exercise traffic counts in none of them.");
        return group;
    }

    static async Task<Results<Ok<ComplianceView>, ValidationProblem>> GetAsync(
        AggregatorDb db, TimeProvider clock, RouteMap route, IOptions<PictureOptions> options, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        if (DateBounds.Check(("from", from), ("to", to)) is { } outOfBounds)
            return outOfBounds;
        var now = clock.GetUtcNow();
        var rules = options.Value;
        var last = to ?? ReportingDeadlines.LastDueDay(rules, now);
        var first = from ?? last.AddDays(-13);
        if (first > last)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["must not be before from."] });
        if (last.DayNumber - first.DayNumber >= MaxDays)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = [$"the period may span at most {MaxDays} days."] });

        var overdue = await db.Relays.AsNoTracking()
            .Where(r => r.DueAt != null && r.DueAt <= now && r.AcknowledgedAt == null && !r.Item.Exercise)
            .OrderBy(r => r.Recipient).ThenBy(r => r.Sequence)
            .Select(r => new OverdueAcknowledgement(r.Recipient, r.Item.ItemKey, r.Item.Source, r.Sequence, r.RelayedAt, r.DueAt!.Value, r.EscalatedAt))
            .ToListAsync(cancellationToken);
        var missing = await db.MissingReports.AsNoTracking()
            .Where(m => m.ReportDate >= first && m.ReportDate <= last && !db.Reports.Any(r => r.Country == m.Country && r.ReportDate == m.ReportDate))
            .OrderBy(m => m.ReportDate).ThenBy(m => m.Country)
            .Select(m => new MissingReportView(m.Country, m.ReportDate, m.DueAt, m.AlertedAt))
            .ToListAsync(cancellationToken);

        // The first version decides punctuality; corrections may come any time.
        var firsts = (await db.Reports.AsNoTracking()
                .Where(r => r.Version == 1 && r.ReportDate >= first && r.ReportDate <= last)
                .Select(r => new { r.Country, r.ReportDate, r.OnTime, r.SubmittedAt })
                .ToListAsync(cancellationToken))
            .ToDictionary(r => (r.Country, r.ReportDate));
        var since = await ReportingDeadlines.ReportingSinceAsync(db, rules, cancellationToken);
        var history = new List<Punctuality>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var due = rules.DueAt(day);
            foreach (var country in ReportingDeadlines.Reporters(route))
            {
                if (firsts.TryGetValue((country, day), out var report))
                    history.Add(new Punctuality(country, day, report.OnTime ? "onTime" : "late", due, report.SubmittedAt));
                else if (since is not null && day >= since && due <= now)
                    history.Add(new Punctuality(country, day, "missing", due, null));
                else if (due > now)
                    history.Add(new Punctuality(country, day, "notDue", due, null));
            }
        }
        var summary = history.GroupBy(p => p.Country).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PunctualitySummary(g.Key, g.Count(p => p.Status == "onTime"), g.Count(p => p.Status == "late"), g.Count(p => p.Status == "missing")))
            .ToList();
        return TypedResults.Ok(new ComplianceView(now, first, last, missing, overdue, summary, history));
    }
}
