using System.ComponentModel.DataAnnotations;

namespace BalkanHub.Domain.Picture;

/// <summary>When reports are due and when two neighbours' figures disagree enough to say so. Section <c>Picture</c>.</summary>
public sealed class PictureOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Picture";

    /// <summary>A day's report is due at this time (UTC) on the next day (default 10:00).</summary>
    public TimeOnly ReportDeadline { get; set; } = new(10, 0);

    /// <summary>Reporting is checked from this day on; before it, no day counts as missing. Default: the first day anyone reported.</summary>
    public DateOnly? ReportingSince { get; set; }

    /// <summary>
    /// How long before the deadline a country whose report is not in yet is reminded, once per day (default
    /// two hours; zero turns the reminder off).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:59")]
    public TimeSpan ReminderBeforeDeadline { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How many past days the missing-report check looks at (default 7).</summary>
    [Range(1, 366)]
    public int MissingReportLookbackDays { get; set; } = 7;

    /// <summary>How often reporting deadlines are checked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A gap between A's departures to B and B's arrivals from A above this share of A's figure raises an alert (default 10 %).</summary>
    [Range(0.0, 100.0)]
    public double ReconciliationThresholdPercent { get; set; } = 10;

    /// <summary>…and above this many people (default 200), so small days do not raise alerts over a handful of people.</summary>
    [Range(0, int.MaxValue)]
    public int ReconciliationMinimumGap { get; set; } = 200;

    /// <summary>When a day's report is due.</summary>
    public DateTimeOffset DueAt(DateOnly day) => new(day.AddDays(1), ReportDeadline, TimeSpan.Zero);

    /// <summary>Whether the two figures disagree enough to raise a reconciliation alert.</summary>
    public bool IsGap(int departures, int arrivals)
    {
        var gap = Math.Abs(departures - arrivals);
        var basis = Math.Max(departures, arrivals);
        return gap > 0 && gap >= ReconciliationMinimumGap && gap * 100.0 > ReconciliationThresholdPercent * basis;
    }
}
