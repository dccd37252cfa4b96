using System.ComponentModel.DataAnnotations;
using System.Globalization;
using BalkanHub.Api.Contracts;
using BalkanHub.Contracts;
using BalkanHub.Domain.Measures;
using BalkanHub.Domain.Reports;

namespace BalkanHub.Domain.Validation;

/// <summary>
/// When figures that are possible look wrong enough to ask the officer to look again. Section
/// <c>Plausibility</c>, read by the contact points (checks and submissions) and the aggregator (the
/// Commission's picture); both validate it on start.
/// </summary>
public sealed class PlausibilityOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Plausibility";

    /// <summary>Men, women and children may add up to this share more or less than the arrivals before a warning (default 10 %).</summary>
    [Range(0.0, 100.0)]
    public double CompositionTolerancePercent { get; set; } = 10;

    /// <summary>Occupied places may exceed the capacity by this share before a warning (default 0 %: any overcrowding is pointed out).</summary>
    [Range(0.0, 1000.0)]
    public double OvercrowdingTolerancePercent { get; set; }

    /// <summary>An offer of more than this many times the quantity requested is pointed out (default 10).</summary>
    [Range(1.0, 1_000_000.0)]
    public double OfferToRequestRatio { get; set; } = 10;

    /// <summary>A measure taking effect more than this many days after it is checked is pointed out, as a likely wrong date (default 90).</summary>
    [Range(1, 3660)]
    public int MeasureLeadDays { get; set; } = 90;

    /// <summary>A measure planned to last more than this many days is pointed out, as a likely wrong end date (default 366).</summary>
    [Range(1, 3660)]
    public int MeasureLongestDays { get; set; } = 366;
}

/// <summary>The figures of a daily report the checks look at; null where the report (or a draft) has none.</summary>
public sealed record ReportFigures(int? Arrivals, int? Men, int? Women, int? Children, int? CapacityTotal, int? CapacityOccupied)
{
    /// <summary>The figures of a draft as it stands, complete or not.</summary>
    public static ReportFigures Of(DailyReportDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new(draft.Arrivals?.Total, draft.Composition?.Men, draft.Composition?.Women, draft.Composition?.Children,
            draft.Capacity?.Total, draft.Capacity?.Occupied);
    }
}

/// <summary>
/// The one place that decides which possible but unlikely figures get a warning. Warnings never refuse
/// anything: the report or offer is stored and relayed as it was sent, and the warning goes with the
/// answer, to the officer's form and to the Commission's picture.
/// </summary>
public static class Plausibility
{
    /// <summary>Warnings for a report's figures: overcrowding, and a composition far from the arrivals.</summary>
    public static IReadOnlyList<PlausibilityWarning> OfReport(ReportFigures figures, PlausibilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<PlausibilityWarning>();

        if (figures is { CapacityTotal: >= 0 and var total, CapacityOccupied: > 0 and var occupied }
            && occupied > total * (1 + options.OvercrowdingTolerancePercent / 100))
        {
            warnings.Add(new("capacity.occupied", total == 0
                ? Invariant($"{occupied:N0} places are occupied but the capacity is 0: check both figures. Overcrowding is accepted.")
                : Invariant($"{occupied:N0} places are occupied, {Percent(occupied - total, total)} more than the capacity of {total:N0}: check both figures. Overcrowding is accepted.")));
        }

        if (figures is { Arrivals: > 0 and var arrivals, Men: >= 0 and var men, Women: >= 0 and var women, Children: >= 0 and var children })
        {
            var sum = (long)men + women + children;
            if (Math.Abs(sum - arrivals) * 100.0 > options.CompositionTolerancePercent * arrivals)
            {
                warnings.Add(new("composition", Invariant(
                    $"men, women and children add up to {sum:N0}, {Percent(Math.Abs(sum - arrivals), arrivals)} {(sum < arrivals ? "fewer" : "more")} than the {arrivals:N0} arrivals: check the composition.")));
            }
        }
        return warnings;
    }

    /// <summary>Warnings for a draft report, complete or not.</summary>
    public static IReadOnlyList<PlausibilityWarning> OfReport(DailyReportDraft draft, PlausibilityOptions options) =>
        OfReport(ReportFigures.Of(draft), options);

    /// <summary>Warnings for a stored or received report.</summary>
    public static IReadOnlyList<PlausibilityWarning> OfReport(DailyFlowReport report, PlausibilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        return OfReport(new ReportFigures(report.Arrivals.Total, report.Composition.Men, report.Composition.Women, report.Composition.Children,
            report.Capacity.Total, report.Capacity.Occupied), options);
    }

    /// <summary>Warnings for an offer: an item offered far beyond what the request asked for.</summary>
    /// <param name="offered">The items offered, in the order sent (the warning names <c>items[i].quantity</c>).</param>
    /// <param name="requested">What the request asked for.</param>
    /// <param name="options">The thresholds.</param>
    public static IReadOnlyList<PlausibilityWarning> OfOffer(IReadOnlyList<AssistanceItem> offered, IReadOnlyList<AssistanceItem> requested, PlausibilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<PlausibilityWarning>();
        for (var i = 0; i < offered.Count; i++)
        {
            var item = offered[i];
            if (requested.FirstOrDefault(r => Assistance.AssistanceRules.Same(r.Item, item.Item)) is not { Quantity: > 0 } asked)
                continue;
            if (item.Quantity > asked.Quantity * options.OfferToRequestRatio)
            {
                warnings.Add(new($"items[{i}].quantity", Invariant(
                    $"{item.Quantity:N0} {item.Unit} of {item.Item} is more than {options.OfferToRequestRatio:0.##} times the {asked.Quantity:N0} requested: check the quantity.")));
            }
        }
        return warnings;
    }

    /// <summary>Warnings for a measure notice: dates that look mistyped, a start months ahead or an end years after it.</summary>
    public static IReadOnlyList<PlausibilityWarning> OfMeasure(MeasureDraft draft, DateTimeOffset now, PlausibilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<PlausibilityWarning>();
        if (draft.EffectiveFrom is { } from && from - now > TimeSpan.FromDays(options.MeasureLeadDays))
        {
            warnings.Add(new("effectiveFrom", Invariant(
                $"takes effect {(from - now).TotalDays:N0} days from now, more than {options.MeasureLeadDays} days ahead: check the date.")));
        }
        if (draft is { EffectiveFrom: { } start, EffectiveUntil: { } until } && until - start > TimeSpan.FromDays(options.MeasureLongestDays))
        {
            warnings.Add(new("effectiveUntil", Invariant(
                $"ends {(until - start).TotalDays:N0} days after it takes effect, more than {options.MeasureLongestDays} days: check the date.")));
        }
        return warnings;
    }

    /// <summary>The warnings about fields that have no error: a refused field's error says enough.</summary>
    public static IReadOnlyList<PlausibilityWarning> Besides(IReadOnlyList<PlausibilityWarning> warnings, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        ArgumentNullException.ThrowIfNull(errors);
        var fields = errors.Fields.ToHashSet(StringComparer.Ordinal);
        return [.. warnings.Where(w => !fields.Contains(w.Field))];
    }

    static string Percent(long part, long whole) => Invariant($"{part * 100.0 / whole:0.#} %");

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
