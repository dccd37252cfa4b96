using System.Globalization;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Each day's report is due at 10:00 UTC the next day. A country that has not reported by then is
/// listed as missing and the Commission's feed is told; its report, when it comes, counts as late.
/// The clock is a fake one the test moves.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_a_report_does_not_come(string store) : AggregatorFixture(store)
{
    // Today, by the real clock: the test's tokens are issued now, and the fake clock only moves forward.
    static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    static readonly DateOnly Day = DateOnly.FromDateTime(Now.UtcDateTime);
    readonly FakeTimeProvider _clock = new(Now);

    protected override Task<AggregatorHost> StartHostAsync() => AggregatorHost.StartAsync(Store, _clock);

    async Task<JsonObject> ComplianceAsync() =>
        (await Host.Http.GetFromJsonAsync<JsonObject>($"/api/compliance?from={Day:yyyy-MM-dd}&to={Day:yyyy-MM-dd}"))!;

    static string? StatusOf(JsonObject compliance, string country) =>
        (string?)compliance["punctuality"]!.AsArray().Single(p => (string?)p!["country"] == country)!["status"];

    [Test]
    public async Task Should_list_the_missing_country_after_the_deadline_and_count_its_report_late()
    {
        var everyoneButMacedonia = new[] { "AT", "DE", "GR", "HR", "HU", "RS", "SI" };
        foreach (var country in everyoneButMacedonia)
            await Host.ContactPoints.Publish(Messages.Report(country, Day) with { SubmittedAt = _clock.GetUtcNow() });
        await Host.WaitUntilAsync(db => db.Reports.CountAsync(r => r.ReportDate == Day).ContinueWith(t => t.Result == everyoneButMacedonia.Length), "the reports");

        Assert.That(StatusOf(await ComplianceAsync(), "MK"), Is.EqualTo("notDue"), "before the deadline nothing is missing");

        _clock.SetUtcNow(new DateTimeOffset(Day.AddDays(1), new TimeOnly(10, 1), TimeSpan.Zero));
        await Host.WaitUntilAsync(db => db.MissingReports.AnyAsync(m => m.Country == "MK" && m.ReportDate == Day), "Macedonia's missing report to be flagged");

        var compliance = await ComplianceAsync();
        var missing = compliance["missingReports"]!.AsArray().Select(m => (string)m!["country"]!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(missing, Does.Contain("MK"));
            Assert.That(missing, Has.None.AnyOf(everyoneButMacedonia), "those who reported are not listed");
            Assert.That(StatusOf(compliance, "MK"), Is.EqualTo("missing"));
            Assert.That(StatusOf(compliance, "GR"), Is.EqualTo("onTime"));
        });
        var feed = (await Host.Http.GetFromJsonAsync<JsonObject>("/api/feed?limit=1000"))!["items"]!.AsArray();
        var alerts = feed.Where(e => (string?)e!["messageType"] == nameof(ReportMissing)).Select(e => (string)e!["payload"]!["country"]!).ToList();
        Assert.That(alerts, Does.Contain("MK").And.None.AnyOf(everyoneButMacedonia), "the Commission's feed holds the alert");

        // The report comes at 11:00: late, and no longer missing.
        _clock.SetUtcNow(new DateTimeOffset(Day.AddDays(1), new TimeOnly(11, 0), TimeSpan.Zero));
        await Host.ContactPoints.Publish(Messages.Report("MK", Day) with { SubmittedAt = _clock.GetUtcNow() });
        await Host.WaitUntilAsync(db => db.Reports.AnyAsync(r => r.Country == "MK" && r.ReportDate == Day), "Macedonia's late report");
        compliance = await ComplianceAsync();
        Assert.Multiple(() =>
        {
            Assert.That(StatusOf(compliance, "MK"), Is.EqualTo("late"));
            Assert.That(compliance["missingReports"]!.AsArray().Select(m => (string)m!["country"]!), Has.None.EqualTo("MK"));
            Assert.That((int)compliance["punctualityByCountry"]!.AsArray().Single(p => (string?)p!["country"] == "MK")!["late"]!, Is.EqualTo(1));
        });
        Assert.That(await Host.QueryAsync(db => db.Items.CountAsync(i => i.ItemKey == $"missing:MK:{Day:yyyy-MM-dd}")), Is.EqualTo(1), "told once");
    }
}
