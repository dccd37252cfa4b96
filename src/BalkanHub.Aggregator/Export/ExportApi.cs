using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using BalkanHub.Aggregator.Reports;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Route;
using BalkanHub.Domain.Validation;
using BalkanHub.ServiceDefaults.OpenApi;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BalkanHub.Aggregator.Export;

/// <summary>
/// Daily reports in the Humanitarian Exchange Language: CSV whose second row carries the HXL hashtags,
/// as UNHCR and OCHA tools read it, and the same rows as JSON. Rows stream from the database in date
/// order, so years of history never sit in memory.
/// </summary>
public static class ExportApi
{
    /// <summary>
    /// The columns, their HXL hashtags, and each one's value as a cell: a number, a date, a time or text. One
    /// table for the CSV, the JSON form and the workbook, so the three never disagree.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Hxl, Func<DailyRow, object> Cell)> Columns =
    [
        ("date", "#date", r => r.Date),
        ("country", "#country+code", r => r.Country),
        ("version", "#meta+version", r => r.Version),
        ("submitted_at", "#date+submitted", r => r.SubmittedAt),
        ("arrivals", "#affected+arrivals", r => r.Arrivals),
        ("departures", "#affected+departures", r => r.Departures),
        ("people_present", "#affected+present", r => r.PeoplePresent),
        ("registered", "#affected+registered", r => r.Registered),
        ("asylum_applications", "#affected+asylum", r => r.AsylumApplications),
        ("women", "#affected+f", r => r.Women),
        ("men", "#affected+m", r => r.Men),
        ("children", "#affected+children", r => r.Children),
        ("unaccompanied_children", "#affected+children+unaccompanied", r => r.UnaccompaniedChildren),
        ("reception_capacity", "#capacity", r => r.Capacity),
        ("reception_occupied", "#population+incamp", r => r.Occupied),
    ];

    /// <summary>A cell as CSV text: invariant numbers, ISO dates, UTC times with a Z, printable text.</summary>
    public static string Text(object cell) => cell switch
    {
        int number => number.ToString(CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        string text => TextRules.Printable(text),
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "a cell is a number, a day, a time or text"),
    };

    /// <summary>
    /// RFC 4180 (fields with a comma, a quote or a line break are quoted, quotes doubled), and a text cell
    /// a spreadsheet would run as a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab, CR first) gets a
    /// leading <c>'</c>. Counts are never negative, so no number is touched. Text cells are also made
    /// printable (<see cref="TextRules.Printable"/>): whatever a store holds, a row stays one row.
    /// </summary>
    static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    /// <summary>The JSON form: the HXL hashtag of each field, then the rows.</summary>
    public sealed record DailyExport(IReadOnlyDictionary<string, string> Hxl, IAsyncEnumerable<DailyRow> Rows);

    /// <summary>Maps <c>/api/export</c>.</summary>
    public static RouteGroupBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        // Every participant exports: the Commission, the agencies and operators the whole route, a country its own
        // reports and those relayed to it (its neighbours', and what it subscribed to).
        var group = app.MapGroup("/api/export").WithTags("Export").RequireAuthorization(AggregatorPolicies.Participant);
        group.MapGet("/daily.csv", Csv)
            .WithSummary("Daily reports as CSV with an HXL hashtag row")
            .WithDescription("The latest version of each report, by date then country: the whole route for the Commission and the agencies, a country's own reports and those relayed to it for a country. Exercise reports are never exported. Filters: from, to (YYYY-MM-DD), country. hxl=false leaves out the row of HXL hashtags, for spreadsheets that take the first row as the header and every other as data. Streamed, so any period can be asked for.")
            .ProducesText("text/csv", "CSV: a header row, a row of HXL hashtags, then one row per country and day.", _ => AggregatorOpenApi.CsvExample());
        group.MapGet("/daily.json", Json)
            .WithSummary("Daily reports as JSON, with each field's HXL hashtag")
            .WithDescription("The same rows and filters as daily.csv. Streamed.");
        group.MapGet("/daily.xlsx", Xlsx)
            .WithSummary("Daily reports as an XLSX workbook, with nationality and crossing-point sheets")
            .WithDescription("The same rows and filters as daily.csv on the sheet 'Daily' (numbers as numbers, days as dates, times in UTC), without the HXL row; "
                + "the sheets 'Nationalities', 'Crossing points' and 'Origins and destinations' break each of those reports down, one row per count. Exercise reports are never exported.")
            .ProducesFile(DailyWorkbook.ContentType, "An XLSX workbook: the sheets Daily, Nationalities, Crossing points, and Origins and destinations.");
        return group;
    }

    static Results<PushStreamHttpResult, ValidationProblem> Csv(AggregatorDb db, ClaimsPrincipal user, DateOnly? from, DateOnly? to, string? country, bool? hxl, HttpContext http)
    {
        if (Invalid(from, to) is { } problem)
            return problem;
        var stamp = http.RequestAborted;
        return TypedResults.Stream(async body =>
        {
            await using var csv = CsvWriter.Create(body, CsvOptions, leaveOpen: true);
            await csv.WriteRecordAsync([.. Columns.Select(c => c.Name)], stamp);
            if (hxl is not false)
                await csv.WriteRecordAsync([.. Columns.Select(c => c.Hxl)], stamp);
            await foreach (var row in Rows(Latest(db, user, from, to, country), stamp))
                await csv.WriteRecordAsync([.. Columns.Select(c => Text(c.Cell(row)))], stamp);
            await csv.FlushAsync(stamp);
        }, "text/csv; charset=utf-8", "daily.csv");
    }

    static Results<Ok<DailyExport>, ValidationProblem> Json(AggregatorDb db, ClaimsPrincipal user, DateOnly? from, DateOnly? to, string? country, CancellationToken cancellationToken) =>
        Invalid(from, to) is { } problem
            ? problem
            : TypedResults.Ok(new DailyExport(Columns.ToDictionary(c => c.Name, c => c.Hxl), Rows(Latest(db, user, from, to, country), cancellationToken)));

    static async Task<Results<FileStreamHttpResult, ValidationProblem>> Xlsx(AggregatorDb db, ClaimsPrincipal user, RouteMap route, DateOnly? from, DateOnly? to, string? country,
        CancellationToken cancellationToken)
    {
        if (Invalid(from, to) is { } problem)
            return problem;
        // A workbook is a zip whose parts are finished at the end, so it is written whole before it is sent.
        var reports = Latest(db, user, from, to, country);
        var workbook = await DailyWorkbook.WriteAsync(Rows(reports, cancellationToken), reports, route, cancellationToken);
        return TypedResults.File(workbook, DailyWorkbook.ContentType, "daily.xlsx");
    }

    static ValidationProblem? Invalid(DateOnly? from, DateOnly? to) =>
        from > to ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["must not be before from."] }) : null;

    /// <summary>
    /// The latest real version of each report in the period that <paramref name="user"/> may read: what every
    /// export counts. A country reads its own and those relayed to it, as its inbox does.
    /// </summary>
    static IQueryable<StoredReport> Latest(AggregatorDb db, ClaimsPrincipal user, DateOnly? from, DateOnly? to, string? country)
    {
        var query = db.Reports.AsNoTracking().Where(r => r.IsLatest);
        if (!user.ReadsEverything() && !user.IsInRole(HubRoles.Operator))
        {
            var own = user.Country();
            query = query.Where(r => r.Country == own
                || db.Relays.Any(x => x.Recipient == own && x.Item.Kind == RelayedItemKind.DailyReport && x.Item.SourceMessageId == r.MessageId));
        }
        if (from is not null)
            query = query.Where(r => r.ReportDate >= from);
        if (to is not null)
            query = query.Where(r => r.ReportDate <= to);
        if (country is not null)
            query = query.Where(r => r.Country == country);
        return query;
    }

    static async IAsyncEnumerable<DailyRow> Rows(IQueryable<StoredReport> reports, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = reports.OrderBy(r => r.ReportDate).ThenBy(r => r.Country)
            .Select(r => new DailyRow(r.ReportDate, r.Country, r.Version, r.SubmittedAt, r.Arrivals, r.Departures, r.PeoplePresent, r.Registered,
                r.AsylumApplications, r.Men, r.Women, r.Children, r.UnaccompaniedChildren, r.CapacityTotal, r.CapacityOccupied))
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
            yield return row;
    }
}
