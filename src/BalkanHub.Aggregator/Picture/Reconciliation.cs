using System.Text.Json;
using BalkanHub.Domain.Picture;
using BalkanHub.Domain.Reports;
using BalkanHub.Aggregator.Reports;

namespace BalkanHub.Aggregator.Picture;

/// <summary>
/// Compares each border's two counts for a day: A's departures toward B against B's arrivals from A.
/// When they disagree by more than the agreed threshold, both countries and the Commission are told,
/// with both figures and the crossing points, so each side can check its count. Runs in the intake's
/// transaction, whenever a report version starts to count.
/// </summary>
public sealed partial class Reconciliation(
    AggregatorDb db, RelayWriter relays, RouteMap route, IOptions<PictureOptions> options, ILogger<Reconciliation> logger)
{
    /// <summary>
    /// Checks every border of <paramref name="country"/> for <paramref name="day"/> against the neighbours' latest
    /// reports of the same kind: real reports against real ones, and <paramref name="exercise"/> reports against
    /// exercise ones, so a drill raises drill alerts and never a real one. A gap that a correction closed is
    /// announced as resolved to those who were told of it.
    /// </summary>
    public async Task CheckAsync(string country, DateOnly day, bool exercise, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var flows = await db.ReportFlows.IgnoreQueryFilters().AsNoTracking()
            .Where(f => f.ReportDate == day && f.Report.IsLatest && f.Report.Exercise == exercise && (f.Country == country || f.Neighbour == country))
            .Select(f => new { f.Country, f.Neighbour, f.Direction, f.Count, f.Report.Version })
            .ToListAsync(cancellationToken);
        var departures = flows.Where(f => f.Direction == FlowDirection.Out).ToDictionary(f => (From: f.Country, To: f.Neighbour));
        var arrivals = flows.Where(f => f.Direction == FlowDirection.In).ToDictionary(f => (From: f.Neighbour, To: f.Country));
        var rule = options.Value;

        foreach (var (edge, left) in departures.OrderBy(d => d.Key.From, StringComparer.Ordinal).ThenBy(d => d.Key.To, StringComparer.Ordinal))
        {
            if (!arrivals.TryGetValue(edge, out var entered))
                continue;
            var reports = new[] { ItemKeys.Report(edge.From, day, left.Version, exercise), ItemKeys.Report(edge.To, day, entered.Version, exercise) };
            if (!rule.IsGap(left.Count, entered.Count))
            {
                await ResolveAsync(edge, day, left.Count, entered.Count, left.Version, entered.Version, reports, exercise, now, cancellationToken);
                continue;
            }
            var key = ItemKeys.Reconciliation(edge.From, edge.To, day, left.Version, entered.Version, exercise);
            if (await db.Items.AnyAsync(i => i.ItemKey == key, cancellationToken))
                continue;
            var gap = left.Count - entered.Count;
            var percent = Math.Round(Math.Abs(gap) * 100.0 / Math.Max(left.Count, entered.Count), 1);
            var alert = new ReconciliationGapFound
            {
                From = edge.From,
                To = edge.To,
                ReportDate = day,
                DeparturesReported = left.Count,
                ArrivalsReported = entered.Count,
                Gap = gap,
                GapPercent = percent,
                CrossingPoints = ReportFlows.CrossingPointsBetween(edge.From, edge.To, route),
                Reports = reports,
                Method = FormattableString.Invariant(
                    $"{edge.From} reported {left.Count} departures toward {edge.To} and {edge.To} reported {entered.Count} arrivals from {edge.From} on {day:yyyy-MM-dd}: ")
                    + FormattableString.Invariant(
                    $"a gap of {Math.Abs(gap)} ({percent}% of the larger figure), above the agreed {rule.ReconciliationThresholdPercent}% and at least {rule.ReconciliationMinimumGap} people."),
                Exercise = exercise,
            };
            await relays.RelayAsync(StoredItem.Raised(key, alert, now, exercise: exercise), RelayRecipients.ForBorder(edge.From, edge.To), now, cancellationToken);
            LogGap(logger, edge.From, edge.To, day, left.Count, entered.Count);
        }
    }

    /// <summary>Tells both sides and the feed that the latest gap alert of the border and day no longer holds, once.</summary>
    async Task ResolveAsync((string From, string To) edge, DateOnly day, int departures, int arrivals, int departuresVersion, int arrivalsVersion,
        string[] reports, bool exercise, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var gapPrefix = ItemKeys.ReconciliationPrefix(edge.From, edge.To, day, exercise);
        var resolvedPrefix = ItemKeys.ReconciliationPrefix(edge.From, edge.To, day, exercise, resolved: true);
        // Alerts and their resolutions of one border and day alternate; the newest decides whether a gap is open.
        var latest = await db.Items.AsNoTracking()
            .Where(i => i.ItemKey.StartsWith(gapPrefix) || i.ItemKey.StartsWith(resolvedPrefix))
            .OrderByDescending(i => i.Id).Select(i => i.ItemKey).FirstOrDefaultAsync(cancellationToken);
        if (latest is null || latest.StartsWith(resolvedPrefix, StringComparison.Ordinal))
            return;
        var key = ItemKeys.Reconciliation(edge.From, edge.To, day, departuresVersion, arrivalsVersion, exercise, resolved: true);
        var resolved = new ReconciliationGapResolved
        {
            From = edge.From,
            To = edge.To,
            ReportDate = day,
            DeparturesReported = departures,
            ArrivalsReported = arrivals,
            Resolves = latest,
            Reports = reports,
            Exercise = exercise,
        };
        await relays.RelayAsync(StoredItem.Raised(key, resolved, now, exercise: exercise), RelayRecipients.ForBorder(edge.From, edge.To), now, cancellationToken);
        LogResolved(logger, edge.From, edge.To, day, departures, arrivals);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation gap {From}→{To} on {Day}: {Departures} left, {Arrivals} arrived")]
    static partial void LogGap(ILogger logger, string from, string to, DateOnly day, int departures, int arrivals);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation gap {From}→{To} on {Day} resolved: {Departures} left, {Arrivals} arrived")]
    static partial void LogResolved(ILogger logger, string from, string to, DateOnly day, int departures, int arrivals);
}
