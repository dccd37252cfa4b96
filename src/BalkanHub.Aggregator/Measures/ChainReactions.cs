using System.Globalization;
using System.Text.Json;
using BalkanHub.Api.Contracts;
using BalkanHub.Domain.Measures;
using BalkanHub.Domain.Reports;

namespace BalkanHub.Aggregator.Measures;

/// <summary>
/// The one place that estimates what a cap or closure on the border between A and B does to B: B's
/// recently reported departures toward A, minus the cap, is the number of people a day who will be held
/// back in B. B's upstream neighbours (those it reported arrivals from on the same days) will feel it
/// next. Nothing here names a country: the route file and the reports decide.
/// </summary>
public sealed class ChainReactions(AggregatorDb db, RouteMap route, IOptions<MeasureOptions> options)
{
    /// <summary>One estimate per country across the measure's crossing points; none for other kinds of measure.</summary>
    public async Task<IReadOnlyList<ChainReactionEstimate>> EstimateAsync(MeasureNotice notice, string itemKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Type is not (MeasureType.DailyCap or MeasureType.BorderClosure))
            return [];
        var cap = notice.Type == MeasureType.BorderClosure ? 0 : notice.Parameters.DailyCap ?? 0;
        var announcing = notice.Country;
        var affected = notice.AffectedCrossingPoints
            .Select(route.FindCrossingPoint).OfType<CrossingPoint>()
            .Select(c => c.Other(announcing))
            .Where(b => route.Find(b) is { Role: ParticipantRole.Country })
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

        var estimates = new List<ChainReactionEstimate>();
        foreach (var b in affected)
        {
            var recent = await db.Reports.AsNoTracking()
                .Where(r => r.Country == b && r.IsLatest)
                .OrderByDescending(r => r.ReportDate)
                .Take(options.Value.ChainReactionDays)
                .Select(r => r.Message)
                .ToListAsync(cancellationToken);
            var reports = recent.Select(m => JsonSerializer.Deserialize<DailyReportSubmitted>(m, JsonSerializerOptions.Web)!.Report).ToList();
            var inputs = reports
                .Select(r => (r.ReportDate, Departures: ReportFlows.DeparturesToward(r, announcing, route)))
                .Where(x => x.Departures is not null)
                .OrderBy(x => x.ReportDate)
                .Select(x => new DailyFigure { Date = x.ReportDate, Value = x.Departures!.Value })
                .ToList();
            if (inputs.Count == 0)
                continue;

            var average = inputs.Average(i => i.Value);
            var backlog = (int)Math.Max(0, Math.Round(average - cap));
            var upstream = reports
                .SelectMany(r => r.Arrivals.ByOriginCountry.Where(o => o.Count > 0).Select(o => o.Country))
                .Where(u => u != announcing && u != b && route.Find(u) is { RunsContactPoint: true })
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var days = string.Join(", ", inputs.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Date:yyyy-MM-dd}: {i.Value}")));
            estimates.Add(new ChainReactionEstimate
            {
                MeasureItemKey = itemKey,
                AnnouncingCountry = announcing,
                AffectedCountry = b,
                DailyCap = cap,
                Inputs = inputs,
                AverageDeparturesPerDay = Math.Round(average, 1),
                ProjectedBacklogPerDay = backlog,
                Upstream = upstream,
                Method = FormattableString.Invariant($"Average of {b}'s reported departures toward {announcing} in its {inputs.Count} latest reports ({days}) is {average:F0} a day; ")
                    + FormattableString.Invariant($"minus the {(cap == 0 ? "closure (0 a day)" : FormattableString.Invariant($"daily cap of {cap}"))} leaves about {backlog} people a day held back in {b}. ")
                    + $"Upstream: the countries {b} reported arrivals from on those days" + (upstream.Count == 0 ? " (none)." : $": {string.Join(", ", upstream)}."),
            });
        }
        return estimates;
    }

    /// <summary>
    /// The estimates that stand for a measure before <paramref name="revision"/>: those of its latest earlier
    /// announcement or change (a change that estimated nothing leaves nothing standing). Read back from the
    /// feed's relay of that revision, which carries every estimate it was sent with.
    /// </summary>
    public async Task<IReadOnlyList<ChainReactionEstimate>> StandingAsync(Guid measureId, int revision, CancellationToken cancellationToken)
    {
        var earlier = await db.MeasureRevisions.AsNoTracking()
            .Where(r => r.MeasureId == measureId && r.Revision < revision && r.Relayed
                && (r.MessageType == nameof(MeasureAnnounced) || r.MessageType == nameof(MeasureUpdated)))
            .OrderByDescending(r => r.Revision).Select(r => r.Revision).FirstOrDefaultAsync(cancellationToken);
        if (earlier == 0)
            return [];
        var key = ItemKeys.Measure(measureId, earlier);
        var stored = await db.Relays.AsNoTracking()
            .Where(r => r.Recipient == RelayRecipients.Feed && r.Item.ItemKey == key)
            .Select(r => r.ChainReaction).FirstOrDefaultAsync(cancellationToken);
        return stored is null ? [] : JsonSerializer.Deserialize<List<ChainReactionEstimate>>(stored, JsonSerializerOptions.Web) ?? [];
    }

    /// <summary>
    /// Who must hear that an estimate no longer holds, after <paramref name="notice"/> (revision
    /// <paramref name="itemKey"/>) replaced the <paramref name="standing"/> estimates with <paramref name="current"/>
    /// ones: for a cancellation or lift, every country warned; for a change, the countries the new estimates no
    /// longer reach (those still reached get the new estimate instead).
    /// </summary>
    public static IReadOnlyList<ChainReactionWithdrawn> Withdrawn(
        IReadOnlyList<ChainReactionEstimate> standing, IReadOnlyList<ChainReactionEstimate> current, MeasureNotice notice, string itemKey)
    {
        ArgumentNullException.ThrowIfNull(standing);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(notice);
        var withdrawn = new List<ChainReactionWithdrawn>();
        foreach (var before in standing)
        {
            var now = current.FirstOrDefault(e => e.AffectedCountry == before.AffectedCountry);
            var reason = notice.Status switch
            {
                MeasureStatus.Cancelled => $"{notice.Country} cancelled the measure before it took effect.",
                MeasureStatus.Lifted => $"{notice.Country} lifted the measure.",
                _ when now is null => $"{notice.Country} changed the measure; it no longer holds people back in {before.AffectedCountry}.",
                _ => $"{notice.Country} changed the measure; the backlog in {before.AffectedCountry} no longer comes back to this country.",
            };
            // The country the backlog was expected in was told on the measure's own relay; its upstream neighbours by warnings.
            var told = now is null ? before.Upstream.Prepend(before.AffectedCountry) : before.Upstream.Except(now.Upstream, StringComparer.Ordinal);
            withdrawn.AddRange(told.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(country => new ChainReactionWithdrawn
            {
                Country = country,
                MeasureItemKey = itemKey,
                WithdrawnItemKey = before.MeasureItemKey,
                AnnouncingCountry = before.AnnouncingCountry,
                AffectedCountry = before.AffectedCountry,
                WithdrawnBacklogPerDay = before.ProjectedBacklogPerDay,
                Reason = reason,
                Exercise = notice.Exercise,
            }));
        }
        return withdrawn;
    }
}
