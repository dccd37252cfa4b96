using BalkanHub.Aggregator.Data;
using BalkanHub.Aggregator.Relay;
using BalkanHub.Aggregator.Reports;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Alerts the hub raises say what they come from. Serbia and Croatia drill their reports for one day and
/// disagree: the gap alert is an exercise, and no real disagreement is shown. Their real reports of another
/// day disagree until Croatia corrects its count: both hear that the gap is resolved. The compliance view
/// keeps to the period asked for, and the route the dashboard draws names each participant's role.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_alerts_follow_what_they_come_from(string store) : AggregatorFixture(store)
{
    static DailyReportSubmitted Transit(string country, DateOnly day, string from, string to, int count, bool exercise = false, int version = 1, Guid? reportId = null)
    {
        var report = Messages.Report(country, day, version, count, reportId);
        return report with
        {
            Report = report.Report with
            {
                Arrivals = report.Report.Arrivals with { ByOriginCountry = [new CountryCount { Country = from, Count = count }] },
                Departures = report.Report.Departures with { ByDestinationCountry = [new CountryCount { Country = to, Count = count }] },
                Exercise = exercise,
            },
        };
    }

    async Task PublishAsync(DailyReportSubmitted report)
    {
        await Host.ContactPoints.Publish(report);
        var r = report.Report;
        await Host.WaitUntilAsync(db => db.Reports.IgnoreQueryFilters().AnyAsync(s => s.ReportId == report.ReportId && s.Version == report.Version && s.Relayed),
            $"{r.Country} {r.ReportDate:yyyy-MM-dd} v{report.Version}{(r.Exercise ? " (exercise)" : "")}");
    }

    async Task<List<(string ItemKey, string Recipient, bool Exercise, string Payload)>> AlertsAsync(string messageType, string keyPart) =>
        (await Host.QueryAsync(db => db.Relays.AsNoTracking()
            .Where(r => r.Item.MessageType == messageType && r.Item.ItemKey.Contains(keyPart))
            .Select(r => new { r.Item.ItemKey, r.Recipient, r.Item.Exercise, r.Item.Payload }).ToListAsync()))
        .Select(a => (a.ItemKey, a.Recipient, a.Exercise, a.Payload)).ToList();

    [Test]
    public async Task Should_raise_a_drills_reconciliation_gap_as_an_exercise_and_show_no_real_disagreement()
    {
        var day = new DateOnly(2015, 11, 5);
        await PublishAsync(Transit("RS", day, "MK", "HR", 5000, exercise: true));
        await PublishAsync(Transit("HR", day, "RS", "SI", 3000, exercise: true));

        var alerts = await AlertsAsync(nameof(ReconciliationGapFound), "RS-HR:2015-11-05");
        Assert.That(alerts.Select(a => a.Recipient), Is.EquivalentTo(new[] { "RS", "HR", RelayRecipients.Feed }));
        Assert.That(alerts.Select(a => a.ItemKey).Distinct(), Is.EqualTo(new[] { "exercise-reconciliation:RS-HR:2015-11-05:v1-v1" }));
        Assert.That(alerts.Select(a => a.Exercise), Has.All.True, "the relay is an exercise");
        Assert.That(alerts.Select(a => (bool?)JsonNode.Parse(a.Payload)!["exercise"]), Has.All.True, "and the alert says so itself");

        var real = (await Host.Http.GetFromJsonAsync<JsonObject>($"/api/dashboard/reconciliation?date={day:yyyy-MM-dd}"))!;
        Assert.That(real["disagreements"]!.AsArray(), Is.Empty, "no real border disagrees that day");
        var picture = (await Host.Http.GetFromJsonAsync<JsonObject>($"/api/picture?date={day:yyyy-MM-dd}"))!;
        Assert.That((int)picture["totals"]!["countriesReported"]!, Is.Zero, "a drill report is no report");
    }

    [Test]
    public async Task Should_tell_both_sides_when_a_correction_resolves_a_gap()
    {
        var day = new DateOnly(2015, 11, 6);
        var croatia = Transit("HR", day, "RS", "SI", 4100);
        await PublishAsync(Transit("RS", day, "MK", "HR", 5000));
        await PublishAsync(croatia);
        Assert.That(await AlertsAsync(nameof(ReconciliationGapFound), "RS-HR:2015-11-06"), Has.Count.EqualTo(3), "the gap is found");

        await PublishAsync(Transit("HR", day, "RS", "SI", 4980, version: 2, reportId: croatia.ReportId));
        var resolved = await AlertsAsync(nameof(ReconciliationGapResolved), "RS-HR:2015-11-06");
        Assert.That(resolved.Select(a => a.Recipient), Is.EquivalentTo(new[] { "RS", "HR", RelayRecipients.Feed }), "both sides and the Commission hear it");
        var payload = JsonNode.Parse(resolved[0].Payload)!;
        Assert.That((string?)payload["resolves"], Is.EqualTo("reconciliation:RS-HR:2015-11-06:v1-v1"));
        Assert.That((int)payload["arrivalsReported"]!, Is.EqualTo(4980));
        Assert.That(resolved.Select(a => a.Exercise), Has.All.False);

        // A further correction that still agrees says nothing more.
        await PublishAsync(Transit("HR", day, "RS", "SI", 4990, version: 3, reportId: croatia.ReportId));
        Assert.That((await AlertsAsync(nameof(ReconciliationGapResolved), "RS-HR:2015-11-06")).Select(a => a.ItemKey).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_list_missing_reports_of_the_period_asked_for_only()
    {
        await Host.QueryAsync(async db =>
        {
            db.MissingReports.AddRange(
                new StoredMissingReport { Country = "AL", ReportDate = new DateOnly(2015, 10, 20), DueAt = new DateTimeOffset(2015, 10, 21, 10, 0, 0, TimeSpan.Zero), AlertedAt = new DateTimeOffset(2015, 10, 21, 10, 1, 0, TimeSpan.Zero) },
                new StoredMissingReport { Country = "AL", ReportDate = new DateOnly(2015, 12, 1), DueAt = new DateTimeOffset(2015, 12, 2, 10, 0, 0, TimeSpan.Zero), AlertedAt = new DateTimeOffset(2015, 12, 2, 10, 1, 0, TimeSpan.Zero) });
            return await db.SaveChangesAsync();
        });
        var november = (await Host.Http.GetFromJsonAsync<JsonObject>("/api/compliance?from=2015-11-25&to=2015-12-05"))!;
        Assert.That(november["missingReports"]!.AsArray().Select(m => (string?)m!["reportDate"]), Is.EqualTo(new[] { "2015-12-01" }),
            "October's missing report is outside the period asked for");
    }

    [Test]
    public async Task Should_name_each_participants_role_in_words()
    {
        var route = (await Host.Http.GetFromJsonAsync<JsonObject>("/api/dashboard/route"))!;
        var roles = route["participants"]!.AsArray().ToDictionary(p => (string)p!["code"]!, p => p!["role"]!.GetValue<string>());
        Assert.That(roles["GR"], Is.EqualTo("country"));
        Assert.That(roles["NL"], Is.EqualTo("observer"));
        Assert.That(roles["EU"], Is.EqualTo("commission"));
    }
}
