using System.Globalization;
using BalkanHub.Aggregator.Audit;
using BalkanHub.Aggregator.Feed;
using BalkanHub.Api.Contracts;
using BalkanHub.Domain.Picture;

namespace BalkanHub.Aggregator.Reports;

/// <summary>
/// Every country reports every day, by the deadline on the next day. A country whose report is not in
/// yet is reminded a while before the deadline (<see cref="PictureOptions.ReminderBeforeDeadline"/>), once.
/// When the deadline passes without a report, the Commission's feed is told, once per country and day. A
/// report that comes later is counted as late. The clock is the injected <see cref="TimeProvider"/>, so
/// tests drive it.
/// </summary>
public sealed partial class ReportingDeadlines(
    IServiceScopeFactory scopes, IOptions<PictureOptions> options, RouteMap route, TimeProvider clock, ILogger<ReportingDeadlines> logger) : PeriodicCheck(clock, logger)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.CheckInterval;

    /// <summary>The countries that report daily: every country on the route.</summary>
    public static IReadOnlyList<string> Reporters(RouteMap route) =>
        [.. route.Participants.Where(p => p.Role == ParticipantRole.Country).Select(p => p.Code).Order(StringComparer.Ordinal)];

    /// <summary>The last day whose report is due by <paramref name="now"/>.</summary>
    public static DateOnly LastDueDay(PictureOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var yesterday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        return options.DueAt(yesterday) <= now ? yesterday : yesterday.AddDays(-1);
    }

    /// <summary>The first day reporting is checked: configured, or the first day anyone reported.</summary>
    public static async Task<DateOnly?> ReportingSinceAsync(AggregatorDb db, PictureOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ReportingSince is { } configured)
            return configured;
        return await db.Reports.AnyAsync(cancellationToken)
            ? await db.Reports.MinAsync(r => r.ReportDate, cancellationToken)
            : null;
    }

    /// <summary>Reminds the countries whose next report is due soon, and flags each report due by now, within the look-back, that has not come.</summary>
    public override async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var rules = options.Value;
        await RemindAsync(rules, now, cancellationToken);
        var last = LastDueDay(rules, now);
        List<(string Country, DateOnly Day)> missing;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AggregatorDb>();
            if (await ReportingSinceAsync(db, rules, cancellationToken) is not { } since)
                return;
            var first = new[] { since, last.AddDays(1 - rules.MissingReportLookbackDays) }.Max();
            if (first > last)
                return;
            var reported = (await db.Reports.AsNoTracking().Where(r => r.ReportDate >= first && r.ReportDate <= last)
                    .Select(r => new { r.Country, r.ReportDate }).Distinct().ToListAsync(cancellationToken))
                .Select(r => (r.Country, r.ReportDate)).ToHashSet();
            var flagged = (await db.MissingReports.AsNoTracking().Where(m => m.ReportDate >= first && m.ReportDate <= last)
                    .Select(m => new { m.Country, m.ReportDate }).ToListAsync(cancellationToken))
                .Select(m => (m.Country, m.ReportDate)).ToHashSet();
            missing = [.. Days(first, last).SelectMany(day => Reporters(route).Select(country => (country, day)))
                .Where(m => !reported.Contains(m) && !flagged.Contains(m))];
        }
        foreach (var (country, day) in missing)
        {
            // One transaction per alert, each in a scope of its own, so the feed pushes exactly what committed.
            await using var scope = scopes.CreateAsyncScope();
            await FlagAsync(scope.ServiceProvider, country, day, rules.DueAt(day), now, cancellationToken);
        }
    }

    /// <summary>
    /// The next report due: once its deadline is <see cref="PictureOptions.ReminderBeforeDeadline"/> away or
    /// less, each country that has not filed it is reminded, once (the reminder's item key says it was sent).
    /// </summary>
    async Task RemindAsync(PictureOptions rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rules.ReminderBeforeDeadline <= TimeSpan.Zero)
            return;
        var day = LastDueDay(rules, now).AddDays(1);
        var due = rules.DueAt(day);
        if (now < due - rules.ReminderBeforeDeadline || now >= due)
            return;
        List<string> waiting;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AggregatorDb>();
            if (await ReportingSinceAsync(db, rules, cancellationToken) is not { } since || day < since)
                return;
            var keys = Reporters(route).ToDictionary(country => country, country => ItemKeys.ReportReminder(country, day));
            var reported = await db.Reports.AsNoTracking().Where(r => r.ReportDate == day).Select(r => r.Country).Distinct().ToListAsync(cancellationToken);
            var reminded = await db.Items.AsNoTracking().Where(i => keys.Values.Contains(i.ItemKey)).Select(i => i.ItemKey).ToListAsync(cancellationToken);
            waiting = [.. keys.Where(k => !reported.Contains(k.Key) && !reminded.Contains(k.Value)).Select(k => k.Key)];
        }
        foreach (var country in waiting)
        {
            await using var scope = scopes.CreateAsyncScope();
            await RemindOneAsync(scope.ServiceProvider, country, day, due, now, cancellationToken);
        }
    }

    async Task RemindOneAsync(IServiceProvider services, string country, DateOnly day, DateTimeOffset due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AggregatorDb>();
        var relays = services.GetRequiredService<RelayWriter>();
        var key = ItemKeys.ReportReminder(country, day);
        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Checked again inside the transaction: the report may have landed since the scan, or another replica reminded.
            if (await db.Reports.AnyAsync(r => r.Country == country && r.ReportDate == day, cancellationToken)
                || await db.Items.AnyAsync(i => i.ItemKey == key, cancellationToken))
                return;
            await relays.RelayAsync(StoredItem.Raised(key, new ReportReminderIssued { Country = country, ReportDate = day, DueAt = due }, now),
                RelayRecipients.ForOneCountry(country), now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        LogReminded(logger, country, day, due);
        await services.GetRequiredService<FeedNotifier>().PushAsync(relays.FeedRelays, cancellationToken);
    }

    static IEnumerable<DateOnly> Days(DateOnly first, DateOnly last)
    {
        for (var day = first; day <= last; day = day.AddDays(1))
            yield return day;
    }

    async Task FlagAsync(IServiceProvider services, string country, DateOnly day, DateTimeOffset due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AggregatorDb>();
        var relays = services.GetRequiredService<RelayWriter>();
        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Checked again inside the transaction: the report may have landed since the scan.
            if (await db.Reports.AnyAsync(r => r.Country == country && r.ReportDate == day, cancellationToken)
                || await db.MissingReports.AnyAsync(m => m.Country == country && m.ReportDate == day, cancellationToken))
                return;
            db.MissingReports.Add(new StoredMissingReport { Country = country, ReportDate = day, DueAt = due, AlertedAt = now });
            await relays.RelayAsync(StoredItem.Raised(ItemKeys.ReportMissing(country, day),
                new ReportMissing { Country = country, ReportDate = day, DueAt = due }, now), RelayRecipients.ForFeedOnly(), now, cancellationToken);
            await services.GetRequiredService<AuditTrail>().AppendAsync(new AuditRecord(AuditTrail.Aggregator, AuditTrail.Aggregator, null, null,
                "report.missing", string.Create(CultureInfo.InvariantCulture, $"{country} {day:yyyy-MM-dd}"), null, "missing", $"no report by {due:O}", now), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        LogMissing(logger, country, day);
        HubTelemetry.MissingReports.Add(1, new KeyValuePair<string, object?>("country", country));
        await services.GetRequiredService<FeedNotifier>().PushAsync(relays.FeedRelays, cancellationToken);
    }


    [LoggerMessage(Level = LogLevel.Information, Message = "{Country} has not reported {Day} yet, due {Due}; it is reminded")]
    static partial void LogReminded(ILogger logger, string country, DateOnly day, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Country} has not reported {Day} by the deadline; the Commission is told")]
    static partial void LogMissing(ILogger logger, string country, DateOnly day);
}
