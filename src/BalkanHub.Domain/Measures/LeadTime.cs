using System.Globalization;
using BalkanHub.Contracts;

namespace BalkanHub.Domain.Measures;

/// <summary>
/// The time from a measure's announcement to its effect: the one place that rounds it, judges it and says
/// it in words. A measure announced after it took effect is retroactive: it is no lead time at all, so it
/// is counted apart and never pulls a median below zero.
/// </summary>
public readonly record struct LeadTime(TimeSpan Value)
{
    /// <summary>The lead time of a notice: <c>effectiveFrom − announcedAt</c>.</summary>
    public static LeadTime Of(MeasureNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new(notice.EffectiveFrom - notice.AnnouncedAt);
    }

    /// <summary>Hours, rounded to two decimals, as every API gives them; negative when retroactive.</summary>
    public double Hours => Math.Round(Value.TotalHours, 2);

    /// <summary>Announced after it took effect.</summary>
    public bool IsRetroactive => Value < TimeSpan.Zero;

    /// <summary>Announced ahead, but with less notice than agreed. A retroactive measure is not short notice: it is counted apart.</summary>
    public bool IsShortNotice(MeasureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !IsRetroactive && options.IsShortNotice(Value);
    }

    /// <summary>In words, as officers read it: "announced 1 day 4 h before it took effect", "announced 3 days after it took effect".</summary>
    public string Describe() => IsRetroactive
        ? $"announced {Span(-Value)} after it took effect"
        : $"announced {Span(Value)} before it took effect";

    /// <summary>
    /// The median of the lead times that are lead times: retroactive ones are left out, so one late
    /// announcement cannot make a country's notice look negative. Null when none is left.
    /// </summary>
    public static double? MedianHours(IEnumerable<LeadTime> leadTimes)
    {
        var ahead = leadTimes.Where(l => !l.IsRetroactive).Select(l => l.Value).Order().ToList();
        if (ahead.Count == 0)
            return null;
        var middle = ahead.Count / 2;
        var median = ahead.Count % 2 == 1 ? ahead[middle] : (ahead[middle - 1] + ahead[middle]) / 2;
        return new LeadTime(median).Hours;
    }

    /// <summary>"3 days", "1 day 4 h", "5 h", "20 min": whole units, the largest two that matter.</summary>
    public static string Span(TimeSpan span)
    {
        var minutes = (long)Math.Round(span.Duration().TotalMinutes);
        var days = minutes / (24 * 60);
        var hours = minutes / 60 % 24;
        var rest = minutes % 60;
        string Unit(long n, string one, string many) => string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many)}");
        if (days > 0)
            return hours > 0 && days < 7 ? $"{Unit(days, "day", "days")} {hours} h" : Unit(days, "day", "days");
        if (hours > 0)
            return rest > 0 && hours < 6 ? string.Create(CultureInfo.InvariantCulture, $"{hours} h {rest} min") : string.Create(CultureInfo.InvariantCulture, $"{hours} h");
        return string.Create(CultureInfo.InvariantCulture, $"{rest} min");
    }
}
