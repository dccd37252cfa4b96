using System.Globalization;
using System.Runtime.CompilerServices;
using BalkanHub.Api.Contracts.Aggregator;
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
    /// <summary>The columns, their HXL hashtags, and how each is written. One table for the CSV and the JSON form.</summary>
    public static readonly IReadOnlyList<(string Name, string Hxl, Func<DailyRow, string> Value)> Columns =
    [
        ("date", "#date", r => r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("country", "#country+code", r => TextRules.Printable(r.Country)),
        ("version", "#meta+version", r => Number(r.Version)),
        ("submitted_at", "#date+submitted", r => r.SubmittedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        ("arrivals", "#affected+arrivals", r => Number(r.Arrivals)),
        ("departures", "#affected+departures", r => Number(r.Departures)),
        ("people_present", "#affected+present", r => Number(r.PeoplePresent)),
        ("registered", "#affected+registered", r => Number(r.Registered)),
        ("asylum_applications", "#affected+asylum", r => Number(r.AsylumApplications)),
        ("women", "#affected+f", r => Number(r.Women)),
        ("men", "#affected+m", r => Number(r.Men)),
        ("children", "#affected+children", r => Number(r.Children)),
        ("unaccompanied_children", "#affected+children+unaccompanied", r => Number(r.UnaccompaniedChildren)),
        ("reception_capacity", "#capacity", r => Number(r.Capacity)),
        ("reception_occupied", "#population+incamp", r => Number(r.Occupied)),
    ];

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
        var group = app.MapGroup("/api/export").WithTags("Export").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/daily.csv", Csv)
            .WithSummary("Daily reports as CSV with an HXL hashtag row")
            .WithDescription("The latest version of each report, by date then country; exercise reports are never exported. Filters: from, to (YYYY-MM-DD), country. Streamed, so any period can be asked for.")
            .ProducesText("text/csv", "CSV: a header row, a row of HXL hashtags, then one row per country and day.", _ => AggregatorOpenApi.CsvExample());
        group.MapGet("/daily.json", Json)
            .WithSummary("Daily reports as JSON, with each field's HXL hashtag")
            .WithDescription("The same rows and filters as daily.csv. Streamed.");
        return group;
    }

    static Results<PushStreamHttpResult, ValidationProblem> Csv(AggregatorDb db, DateOnly? from, DateOnly? to, string? country, HttpContext http)
    {
        if (Invalid(from, to) is { } problem)
            return problem;
        var stamp = http.RequestAborted;
        return TypedResults.Stream(async body =>
        {
            await using var csv = CsvWriter.Create(body, CsvOptions, leaveOpen: true);
            await csv.WriteRecordAsync([.. Columns.Select(c => c.Name)], stamp);
            await csv.WriteRecordAsync([.. Columns.Select(c => c.Hxl)], stamp);
            await foreach (var row in Rows(db, from, to, country, stamp))
                await csv.WriteRecordAsync([.. Columns.Select(c => c.Value(row))], stamp);
            await csv.FlushAsync(stamp);
        }, "text/csv; charset=utf-8", "daily.csv");
    }

    static Results<Ok<DailyExport>, ValidationProblem> Json(AggregatorDb db, DateOnly? from, DateOnly? to, string? country, CancellationToken cancellationToken) =>
        Invalid(from, to) is { } problem
            ? problem
            : TypedResults.Ok(new DailyExport(Columns.ToDictionary(c => c.Name, c => c.Hxl), Rows(db, from, to, country, cancellationToken)));

    static ValidationProblem? Invalid(DateOnly? from, DateOnly? to) =>
        from > to ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["must not be before from."] }) : null;

    static async IAsyncEnumerable<DailyRow> Rows(AggregatorDb db, DateOnly? from, DateOnly? to, string? country, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = db.Reports.AsNoTracking().Where(r => r.IsLatest);
        if (from is not null)
            query = query.Where(r => r.ReportDate >= from);
        if (to is not null)
            query = query.Where(r => r.ReportDate <= to);
        if (country is not null)
            query = query.Where(r => r.Country == country);
        var rows = query.OrderBy(r => r.ReportDate).ThenBy(r => r.Country)
            .Select(r => new DailyRow(r.ReportDate, r.Country, r.Version, r.SubmittedAt, r.Arrivals, r.Departures, r.PeoplePresent, r.Registered,
                r.AsylumApplications, r.Men, r.Women, r.Children, r.UnaccompaniedChildren, r.CapacityTotal, r.CapacityOccupied))
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
            yield return row;
    }

    static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
