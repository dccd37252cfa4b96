using BalkanHub.ContactPoint.Idempotency;
using BalkanHub.Domain.Reports;

namespace BalkanHub.ContactPoint.Reports;

/// <summary>The country's daily reports: post, correct, list and read every version.</summary>
public static class ReportsApi
{
    /// <summary>Maps <c>/api/reports</c>.</summary>
    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(ContactPointPolicies.Reader);
        group.MapPost("/", SubmitAsync)
            .RequireAuthorization(ContactPointPolicies.Officer)
            .WithSummary("Posts the daily report for a day, or a correction of it")
            .WithDescription("The first report for a day is version 1; posting again for the same day adds a new version that supersedes it. " +
                "Answers 202 once the report and its outbox row are committed: it reaches the neighbours and the Commission even if the broker is down now. " +
                "The report date runs from the route's firstReportingDay to today in the country's time zone. " +
                "Figures that are possible but look wrong (occupied above capacity, a composition far from the arrivals) are accepted, with warnings in the answer. " +
                "Send an Idempotency-Key header to make a retry safe: a retry with the same key and body gets the first answer again (Idempotent-Replayed: true). " +
                "403 when the body names another country, or when this participant is an observer that reports no flows.")
            .AcceptsIdempotencyKey();
        group.MapGet("/", ListAsync)
            .WithSummary("Lists this country's reports, latest versions, by day; exercise=true lists the exercise reports")
            .WithDescription("Oldest day first, filtered by from and to (YYYY-MM-DD, inclusive). Page with limit and after (the `next` of the previous page, a report date).");
        group.MapGet("/default-day", DefaultDayAsync)
            .WithSummary("The day the console and the brief open on")
            .WithDescription("The latest day that at least the route's defaultDayQuorum of the countries this contact point holds reports of (itself and its neighbours) reported; " +
                "while no day has that many, the day most of them reported. One stray date never becomes the day. Null before any report.");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("Reads the latest version of a report").WithDescription("404 when this contact point has no report with that id.");
        group.MapGet("/{id:guid}/versions", VersionsAsync).WithSummary("Reads every version of a report");
        return group;
    }

    static async Task<Results<Accepted<ReportAccepted>, ValidationProblem, ProblemHttpResult, IdempotencyKeys.ReplayedResult>> SubmitAsync(
        DailyReportDraft draft, HttpRequest request, ContactPointDb db, RouteMap route, TimeProvider clock,
        IOptions<ContactPointOptions> options, IOptions<PlausibilityOptions> plausibility, OriginSigner signer, CancellationToken cancellationToken)
    {
        if (!IdempotencyKeys.TryRead(request, out var key, out var badKey))
            return badKey!;

        var country = options.Value.Country;
        if (route.Get(country).Role != ParticipantRole.Country)
            return HubResults.Forbidden($"{country} takes part as an observer, with no borders on the route: it offers assistance but reports no flows.");
        if (draft.Country is not null && draft.Country != country)
            return HubResults.Forbidden($"This contact point posts {country}'s reports only. A report of {draft.Country} goes to {draft.Country}'s contact point, by its officers.");
        var (report, errors) = ReportRules.Validate(draft, country, route.Today(country, clock), route);
        if (report is null)
        {
            HubTelemetry.ItemsRejected.Add(1, new("type", nameof(DailyReportSubmitted)), new("country", country), new("reason", "invalid"));
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The report is not valid. Nothing was stored.");
        }

        await using var post = await IdempotentPost.BeginAsync(db, key, "POST /api/reports", draft, cancellationToken);
        if (post.Replay is not null)
            return post.Replay;
        if (post.Conflict is not null)
            return post.Conflict;

        // An exercise report has versions of its own: it never supersedes the day's real report, nor the other way round.
        var latest = await db.Reports.Where(r => r.ReportDate == report.ReportDate && r.IsLatest && r.Exercise == report.Exercise).SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var submitted = new DailyReportSubmitted
        {
            ReportId = latest?.ReportId ?? Guid.NewGuid(),
            Version = (latest?.Version ?? 0) + 1,
            SubmittedAt = now,
            Report = report,
        };
        latest?.IsLatest = false;
        db.Reports.Add(new StoredReportVersion
        {
            ReportId = submitted.ReportId,
            ReportDate = report.ReportDate,
            Version = submitted.Version,
            IsLatest = true,
            SubmittedAt = now,
            Exercise = report.Exercise,
            Report = JsonSerializer.Serialize(report, JsonSerializerOptions.Web),
        });
        db.Publish(signer.Sign(submitted), stream: country, now);

        var accepted = new ReportAccepted(submitted.ReportId, submitted.Version, report.ReportDate, now, Plausibility.OfReport(report, plausibility.Value));
        var location = $"/api/reports/{submitted.ReportId}";
        await post.AcceptAsync(accepted, location, now, cancellationToken);
        HubTelemetry.ItemsAccepted.Add(1, new("type", nameof(DailyReportSubmitted)), new("country", country));
        return TypedResults.Accepted(location, accepted);
    }

    static async Task<Results<Ok<Page<ReportView>>, ValidationProblem>> ListAsync(
        ContactPointDb db, DateOnly? from, DateOnly? to, int? limit, DateOnly? after, bool? exercise, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        if (from > to)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["must not be before from."] });

        // Real reports, or with exercise=true the exercise ones: one latest version a day either way.
        var query = db.Reports.AsNoTracking().Where(r => r.IsLatest && r.Exercise == (exercise ?? false));
        if (from is not null)
            query = query.Where(r => r.ReportDate >= from);
        if (to is not null)
            query = query.Where(r => r.ReportDate <= to);
        if (after is not null)
            query = query.Where(r => r.ReportDate > after);
        var rows = await query.OrderBy(r => r.ReportDate).Take(take + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(Paging.Of(rows.Select(View).ToList(), take, v => v.Report.ReportDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    static async Task<Ok<DefaultDayView>> DefaultDayAsync(ContactPointDb db, RouteMap route, IOptions<ContactPointOptions> options, CancellationToken cancellationToken)
    {
        var country = options.Value.Country;
        var counted = route.ReportingCountries.Select(p => p.Code)
            .Where(c => c == country || route.AreNeighbours(country, c)).Order(StringComparer.Ordinal).ToList();
        var own = await db.Reports.AsNoTracking().Where(r => r.IsLatest && !r.Exercise).Select(r => r.ReportDate).ToListAsync(cancellationToken);
        // A relayed report's key names its country and day (report:MK:2015-11-20:v2), so no payload is read.
        var relayed = await db.Inbox.AsNoTracking().Where(i => i.Kind == RelayedItemKind.DailyReport && !i.Exercise).Select(i => i.ItemKey).ToListAsync(cancellationToken);
        var reported = own.Select(day => (Country: country, Day: day))
            .Concat(relayed.Select(ReportOf).OfType<(string Country, DateOnly Day)>())
            .Where(r => counted.Contains(r.Country))
            .Distinct()
            .GroupBy(r => r.Day)
            .Select(g => (Day: g.Key, Countries: g.Count()))
            .ToList();
        var day = ReportingDays.DefaultDay(reported, counted.Count, route.DefaultDayQuorum);
        return TypedResults.Ok(new DefaultDayView(day, counted, ReportingDays.Needed(counted.Count, route.DefaultDayQuorum),
            reported.FirstOrDefault(r => r.Day == day).Countries));
    }

    static (string Country, DateOnly Day)? ReportOf(string itemKey)
    {
        var parts = itemKey.Split(':');
        return parts is ["report", var country, var date, _]
            && DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? (country, day)
            : null;
    }

    static async Task<Results<Ok<ReportView>, NotFound>> GetAsync(Guid id, ContactPointDb db, CancellationToken cancellationToken)
    {
        var row = await db.Reports.AsNoTracking().Where(r => r.ReportId == id).OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken);
        return row is null ? TypedResults.NotFound() : TypedResults.Ok(View(row));
    }

    static async Task<Results<Ok<List<ReportView>>, NotFound>> VersionsAsync(Guid id, ContactPointDb db, CancellationToken cancellationToken)
    {
        var rows = await db.Reports.AsNoTracking().Where(r => r.ReportId == id).OrderBy(r => r.Version).ToListAsync(cancellationToken);
        return rows.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(rows.Select(View).ToList());
    }

    static ReportView View(StoredReportVersion row) =>
        new(row.ReportId, row.Version, row.IsLatest, row.SubmittedAt,
            JsonSerializer.Deserialize<DailyFlowReport>(row.Report, JsonSerializerOptions.Web)!);
}
