using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace BalkanHub.Cli;

/// <summary>
/// Daily reports as CSV, one report a row, for officers who keep their figures in a spreadsheet. The first
/// row names the columns, in any order and any case:
/// <list type="bullet">
/// <item><c>reportDate</c> (yyyy-MM-dd), <c>arrivals</c>, <c>departures</c> (the totals), <c>peoplePresent</c>,
/// <c>registered</c>, <c>asylumApplications</c>, <c>men</c>, <c>women</c>, <c>children</c>,
/// <c>unaccompaniedChildren</c>, <c>capacityTotal</c>, <c>capacityOccupied</c>;</item>
/// <item>optionally <c>expectedArrivalsNext24h</c> and <c>notes</c>;</item>
/// <item>optionally <c>arrivalsFrom:XX</c> and <c>departuresTo:XX</c>, one column per country, for the arrivals
/// by origin and departures by destination.</item>
/// </list>
/// An empty cell leaves the field out, so the contact point names it if it is required. Cells may be
/// quoted (<c>"..."</c>, with <c>""</c> for a quote); lines starting with <c>#</c> are comments.
/// </summary>
internal static class ReportCsv
{
    /// <summary>The column layout, for help text.</summary>
    public const string Layout =
        "reportDate, arrivals, departures, peoplePresent, registered, asylumApplications, men, women, children, unaccompaniedChildren, "
        + "capacityTotal, capacityOccupied; optional expectedArrivalsNext24h, notes, arrivalsFrom:XX, departuresTo:XX (one column per country)";

    static readonly Dictionary<string, string[]> Counts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["arrivals"] = ["arrivals", "total"],
        ["arrivalsTotal"] = ["arrivals", "total"],
        ["departures"] = ["departures", "total"],
        ["departuresTotal"] = ["departures", "total"],
        ["peoplePresent"] = ["peoplePresent"],
        ["registered"] = ["registered"],
        ["asylumApplications"] = ["asylumApplications"],
        ["men"] = ["composition", "men"],
        ["women"] = ["composition", "women"],
        ["children"] = ["composition", "children"],
        ["unaccompaniedChildren"] = ["composition", "unaccompaniedChildren"],
        ["capacityTotal"] = ["capacity", "total"],
        ["capacityOccupied"] = ["capacity", "occupied"],
        ["expectedArrivalsNext24h"] = ["expectedArrivalsNext24h"],
    };

    /// <summary>One report read from the file, with the line it came from.</summary>
    /// <param name="Where">Where in the file it came from (<c>line 3</c>), for messages.</param>
    /// <param name="Body">The body <c>POST /api/reports</c> takes.</param>
    public sealed record Row(string Where, JsonObject Body);

    /// <summary>Reads every report in <paramref name="text"/>.</summary>
    public static IReadOnlyList<Row> Read(string text)
    {
        var lines = Records(text).Where(r => !IsBlankOrComment(r.Cells)).ToList();
        if (lines.Count == 0)
            throw new InputException("the CSV file is empty: the first row names the columns (" + Layout + ").");
        var header = lines[0].Cells.Select(c => c.Trim()).ToList();
        foreach (var name in header)
        {
            if (!Counts.ContainsKey(name) && !IsBreakdown(name, out _, out _) && !name.Equals("reportDate", StringComparison.OrdinalIgnoreCase)
                && !name.Equals("notes", StringComparison.OrdinalIgnoreCase))
                throw new InputException($"line {lines[0].Line}: unknown column '{name}'; the columns are {Layout}.");
        }
        if (!header.Contains("reportDate", StringComparer.OrdinalIgnoreCase))
            throw new InputException($"line {lines[0].Line}: no reportDate column; the columns are {Layout}.");
        return lines.Skip(1).Select(l => new Row($"line {l.Line}", ToReport(header, l.Cells, l.Line))).ToList();
    }

    static JsonObject ToReport(List<string> header, List<string> cells, int line)
    {
        if (cells.Count > header.Count)
            throw new InputException($"line {line}: {cells.Count} cells but only {header.Count} columns.");
        var report = new JsonObject();
        var origins = new JsonArray();
        var destinations = new JsonArray();
        for (var i = 0; i < cells.Count; i++)
        {
            var name = header[i];
            var cell = cells[i].Trim();
            if (cell.Length == 0)
                continue;
            if (name.Equals("reportDate", StringComparison.OrdinalIgnoreCase))
            {
                if (!DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    throw new InputException($"line {line}, reportDate: '{cell}' is not a date (yyyy-MM-dd).");
                report["reportDate"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            else if (name.Equals("notes", StringComparison.OrdinalIgnoreCase))
                report["notes"] = cells[i];
            else if (IsBreakdown(name, out var arrivals, out var country))
                (arrivals ? origins : destinations).Add(new JsonObject { ["country"] = country, ["count"] = Number(cell, name, line) });
            else
                Set(report, Counts[name], Number(cell, name, line));
        }
        // The flows carry their breakdowns; by crossing point stays empty, as the layout has no columns for it.
        if (report["arrivals"] is JsonObject a)
        {
            a["byCrossingPoint"] = new JsonArray();
            a["byOriginCountry"] = origins;
        }
        if (report["departures"] is JsonObject d)
        {
            d["byCrossingPoint"] = new JsonArray();
            d["byDestinationCountry"] = destinations;
        }
        if (report["composition"] is JsonObject c)
            c["byNationality"] = new JsonArray();
        return report;
    }

    static void Set(JsonObject report, string[] path, int value)
    {
        var parent = report;
        foreach (var name in path[..^1])
        {
            if (parent[name] is not JsonObject child)
                parent[name] = child = new JsonObject();
            parent = child;
        }
        parent[path[^1]] = value;
    }

    static int Number(string cell, string column, int line) =>
        int.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InputException($"line {line}, {column}: '{cell}' is not a whole number.");

    static bool IsBreakdown(string column, out bool arrivals, out string country)
    {
        var colon = column.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon < 0 ? column : column[..colon];
        arrivals = prefix.Equals("arrivalsFrom", StringComparison.OrdinalIgnoreCase);
        country = colon < 0 ? "" : column[(colon + 1)..].Trim().ToUpperInvariant();
        return (arrivals || prefix.Equals("departuresTo", StringComparison.OrdinalIgnoreCase)) && country.Length > 0;
    }

    static bool IsBlankOrComment(List<string> cells) =>
        cells.All(c => c.Trim().Length == 0) || cells[0].TrimStart().StartsWith('#');

    /// <summary>Splits the text into records of cells, honouring quotes (a quoted cell may hold commas and line breaks).</summary>
    static IEnumerable<(int Line, List<string> Cells)> Records(string text)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var start = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                    quoted = false;
                else
                {
                    if (ch == '\n')
                        line++;
                    cell.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when cell.ToString().Trim().Length == 0:
                    cell.Clear();
                    quoted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(cell.ToString());
                    yield return (start, cells);
                    cells = [];
                    cell.Clear();
                    line++;
                    start = line;
                    break;
                default:
                    cell.Append(ch);
                    break;
            }
        }
        if (quoted)
            throw new InputException($"line {start}: a quoted cell is never closed.");
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            yield return (start, cells);
        }
    }
}
