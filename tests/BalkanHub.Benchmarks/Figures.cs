using System.Globalization;
using System.Text;

namespace BalkanHub.Benchmarks;

/// <summary>One measured figure, with the target when it sets one.</summary>
internal sealed record Figure(string Scenario, string Metric, string Value, string Target = "", string Met = "", string Note = "");

/// <summary>The table the run prints, in the order the figures were measured.</summary>
internal sealed class Figures
{
    readonly List<Figure> _rows = [];

    public IReadOnlyList<Figure> Rows => _rows;

    public void Add(Figure figure)
    {
        _rows.Add(figure);
        // Printed at once as well, so a long run shows progress and a crash keeps what was measured.
        Console.WriteLine($"  {figure.Scenario} | {figure.Metric} | {figure.Value} {figure.Note}");
    }

    /// <summary>Adds a figure checked against "at least" or "at most" a target.</summary>
    public void Add(string scenario, string metric, double value, string unit, string format, double? atLeast = null, double? atMost = null, string note = "")
    {
        var text = Format(value, format) + unit;
        var target = atLeast is { } min ? $"≥ {Format(min, format)}{unit}" : atMost is { } max ? $"≤ {Format(max, format)}{unit}" : "";
        var met = double.IsNaN(value) ? (target.Length > 0 ? "no figure" : "")
            : atLeast is { } a ? (value >= a ? "met" : $"no ({value / a:0.00} × target)")
            : atMost is { } b ? (value <= b ? "met" : $"no ({value / b:0.0} × target)")
            : "";
        Add(new Figure(scenario, metric, text, target, met, note));
    }

    public static string Format(double value, string format) =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A Markdown table, for the terminal and for docs/benchmarks.md alike.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | figure | value | target | met | note |");
        text.AppendLine("|---|---|---:|---|---|---|");
        foreach (var r in _rows)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Metric} | {r.Value} | {r.Target} | {r.Met} | {r.Note} |");
        return text.ToString();
    }
}

/// <summary>Percentiles, nearest-rank (no interpolation between samples), and medians of runs.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> samples, double percent)
    {
        if (samples.Count == 0)
            return double.NaN;
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The middle value; with an even count, the mean of the two middle ones (so two runs are not reduced to the faster).</summary>
    public static double Median(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
            return double.NaN;
        var sorted = samples.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Each run's figures, shown beside their median, so the spread is visible.</summary>
    public static string Runs(IEnumerable<double> values, string format) =>
        values.Count() > 1 ? "runs: " + string.Join(", ", values.Select(v => Figures.Format(v, format))) : "1 run";
}
