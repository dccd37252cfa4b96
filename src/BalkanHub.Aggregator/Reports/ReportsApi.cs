using System.Globalization;
using System.Text.Json;
using BalkanHub.Api.Contracts;
using BalkanHub.Api.Contracts.Aggregator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BalkanHub.Aggregator.Reports;

/// <summary>Every country's daily reports, for the Commission: the versions that count, and their history.</summary>
public static class ReportsApi
{
    /// <summary>Maps <c>/api/reports</c>.</summary>
    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/", ListAsync).WithSummary("Lists the latest version of each report, by day and country")
            .WithDescription("In the order the hub stored them; filter by country and by from and to (YYYY-MM-DD, inclusive). Page with limit and after (the `next` of the previous page).");
        group.MapGet("/{id:guid}/versions", VersionsAsync).WithSummary("Reads every version of a report")
            .WithDescription("Oldest first; the last one is the latest. 404 when the hub holds no report with that id.");
        return group;
    }

    static async Task<Results<Ok<Page<ReportView>>, ValidationProblem>> ListAsync(
        AggregatorDb db, string? country, DateOnly? from, DateOnly? to, int? limit, long? after, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        if (from > to)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["must not be before from."] });

        var query = db.Reports.AsNoTracking().Where(r => r.IsLatest);
        if (country is not null)
            query = query.Where(r => r.Country == country);
        if (from is not null)
            query = query.Where(r => r.ReportDate >= from);
        if (to is not null)
            query = query.Where(r => r.ReportDate <= to);
        if (after is not null)
            query = query.Where(r => r.Id > after);
        var rows = await query.OrderBy(r => r.Id).Take(take + 1).ToListAsync(cancellationToken);
        var ids = rows.ToDictionary(r => (r.ReportId, r.Version), r => r.Id);
        return TypedResults.Ok(Paging.Of(rows.Select(View).ToList(), take,
            v => ids[(v.ReportId, v.Version)].ToString(CultureInfo.InvariantCulture)));
    }

    static async Task<Results<Ok<List<ReportView>>, NotFound>> VersionsAsync(Guid id, AggregatorDb db, CancellationToken cancellationToken)
    {
        var rows = await db.Reports.AsNoTracking().Where(r => r.ReportId == id && r.Relayed).OrderBy(r => r.Version).ToListAsync(cancellationToken);
        return rows.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(rows.Select(View).ToList());
    }

    static ReportView View(StoredReport row) =>
        new(row.ReportId, row.Version, row.IsLatest, row.SubmittedAt, row.ReceivedAt,
            JsonSerializer.Deserialize<DailyReportSubmitted>(row.Message, JsonSerializerOptions.Web)!.Report);
}
