using System.Runtime.CompilerServices;
using System.Text.Json;
using BalkanHub.Aggregator.Reports;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Contracts;
using BalkanHub.Domain.Route;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace BalkanHub.Aggregator.Export;

/// <summary>
/// The daily export as an XLSX workbook, for analysts who open it in a spreadsheet rather than an HXL tool:
/// the sheet "Daily" holds the CSV's rows and columns with numbers as numbers and days as dates, and three
/// sheets break the same report versions down, one row per count, as the countries reported them.
/// </summary>
static class DailyWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Days as dates (a spreadsheet sorts and filters them), times as UTC date-times, as the CSV writes them.
    static readonly OpenXmlConfiguration Configuration = new()
    {
        FreezeRowCount = 1,
        AutoFilter = true,
        DynamicColumns =
        [
            new DynamicExcelColumn("date") { Format = "yyyy-mm-dd", Width = 12 },
            new DynamicExcelColumn("submitted_at") { Format = "yyyy-mm-dd hh:mm:ss", Width = 20 },
        ],
    };

    public static async Task<MemoryStream> WriteAsync(IAsyncEnumerable<DailyRow> daily, IQueryable<StoredReport> latest, RouteMap route, CancellationToken cancellationToken)
    {
        var rows = new List<IDictionary<string, object>>();
        await foreach (var row in daily.WithCancellation(cancellationToken))
            rows.Add(ExportApi.Columns.ToDictionary(c => c.Name, c => Cell(c.Cell(row))));

        var nationalities = new List<IDictionary<string, object>>();
        var crossingPoints = new List<IDictionary<string, object>>();
        var countries = new List<IDictionary<string, object>>();
        await foreach (var (version, report) in Reports(latest, cancellationToken))
        {
            Dictionary<string, object> Row() => new()
            {
                ["date"] = Cell(report.ReportDate),
                ["country"] = report.Country,
                ["version"] = version,
            };
            foreach (var nationality in report.Composition.ByNationality)
                nationalities.Add(With(Row(), ("nationality", nationality.Nationality), ("people", nationality.Count)));
            foreach (var (direction, counts) in new[] { ("entry", report.Arrivals.ByCrossingPoint), ("exit", report.Departures.ByCrossingPoint) })
                foreach (var count in counts)
                    crossingPoints.Add(With(Row(), ("direction", direction), ("crossing_point", count.CrossingPoint),
                        ("crossing_point_name", route.FindCrossingPoint(count.CrossingPoint)?.Name ?? ""), ("people", count.Count)));
            foreach (var count in report.Arrivals.ByOriginCountry)
                countries.Add(With(Row(), ("direction", "from"), ("other_country", count.Country), ("people", count.Count)));
            foreach (var count in report.Departures.ByDestinationCountry)
                countries.Add(With(Row(), ("direction", "to"), ("other_country", count.Country), ("people", count.Count)));
        }

        var sheets = new Dictionary<string, object>
        {
            ["Daily"] = rows,
            ["Nationalities"] = nationalities,
            ["Crossing points"] = crossingPoints,
            ["Origins and destinations"] = countries,
        };
        var workbook = new MemoryStream();
        await workbook.SaveAsAsync(sheets, excelType: ExcelType.XLSX, configuration: Configuration, cancellationToken: cancellationToken);
        workbook.Position = 0;
        return workbook;
    }

    /// <summary>Each latest version's report as the country sent it, in date then country order.</summary>
    static async IAsyncEnumerable<(int Version, DailyFlowReport Report)> Reports(IQueryable<StoredReport> latest, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var messages = latest.OrderBy(r => r.ReportDate).ThenBy(r => r.Country).Select(r => new { r.Version, r.Message }).AsAsyncEnumerable();
        await foreach (var stored in messages.WithCancellation(cancellationToken))
            yield return (stored.Version, JsonSerializer.Deserialize<DailyReportSubmitted>(stored.Message, JsonSerializerOptions.Web)!.Report);
    }

    static Dictionary<string, object> With(Dictionary<string, object> row, params (string Name, object Value)[] cells)
    {
        foreach (var (name, value) in cells)
            row[name] = value;
        return row;
    }

    /// <summary>A cell as the spreadsheet should hold it: days and times as date-times (UTC), the rest as they are.</summary>
    static object Cell(object value) => value switch
    {
        DateOnly day => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
        DateTimeOffset time => time.UtcDateTime,
        _ => value,
    };
}
