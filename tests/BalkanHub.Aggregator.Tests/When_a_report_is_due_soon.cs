using System.Globalization;
using BalkanHub.Aggregator.Relay;
using BalkanHub.Domain.Picture;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Each day's report is due at 10:00 UTC the next day. Two hours before that, a country whose report is
/// not in yet is reminded, once, on its own alerts (and the Commission sees the reminder in its feed);
/// the countries that filed are left alone. The clock is a fake one the test moves.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_a_report_is_due_soon(string store) : AggregatorFixture(store)
{
    // Today, by the real clock: the test's tokens are issued now, and the fake clock only moves forward.
    static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    static readonly DateOnly Day = DateOnly.FromDateTime(Now.UtcDateTime);
    static readonly DateTimeOffset Due = new(Day.AddDays(1), new TimeOnly(10, 0), TimeSpan.Zero);
    readonly FakeTimeProvider _clock = new(Now);

    // The hosts of other tests switch the reminder off (it follows the wall clock); here it runs as shipped.
    protected override Task<AggregatorHost> StartHostAsync() => AggregatorHost.StartAsync(Store, _clock,
        b => b.UseSetting("Picture:ReminderBeforeDeadline", new PictureOptions().ReminderBeforeDeadline.ToString("c", CultureInfo.InvariantCulture)));

    Task<List<string>> RemindedAsync() => Host.QueryAsync(db => db.Items.Where(i => i.MessageType == nameof(ReportReminderIssued))
        .Select(i => i.ItemKey).ToListAsync());

    [Test]
    public void Should_remind_two_hours_before_the_deadline_unless_configured_otherwise() =>
        Assert.That(new PictureOptions().ReminderBeforeDeadline, Is.EqualTo(TimeSpan.FromHours(2)));

    [Test]
    public async Task Should_remind_each_country_without_its_report_once_two_hours_before_the_deadline()
    {
        var filed = new[] { "AL", "AT", "BG", "DE", "GR", "HR", "HU", "RO", "SI" };
        foreach (var country in filed)
            await Host.ContactPoints.Publish(Messages.Report(country, Day) with { SubmittedAt = _clock.GetUtcNow() });
        await Host.WaitUntilAsync(db => db.Reports.CountAsync(r => r.ReportDate == Day).ContinueWith(t => t.Result == filed.Length), "the reports");

        // Two hours before the deadline, less a minute: North Macedonia and Serbia have not filed.
        _clock.SetUtcNow(Due - TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var keys = new[] { ItemKeys.ReportReminder("MK", Day), ItemKeys.ReportReminder("RS", Day) };
        await Host.WaitUntilAsync(async db => await db.Items.CountAsync(i => keys.Contains(i.ItemKey)) == 2, "the reminders to North Macedonia and Serbia");

        var recipients = await Host.QueryAsync(db => db.Relays.Where(r => keys.Contains(r.Item.ItemKey))
            .Select(r => new { r.Item.ItemKey, r.Recipient }).ToListAsync());
        var reminded = await RemindedAsync();
        Assert.Multiple(() =>
        {
            Assert.That(recipients.Where(r => r.ItemKey == keys[0]).Select(r => r.Recipient), Is.EquivalentTo(new[] { "MK", RelayRecipients.Feed }),
                "North Macedonia is reminded on its own alerts, and the Commission sees it");
            Assert.That(recipients.Where(r => r.ItemKey == keys[1]).Select(r => r.Recipient), Is.EquivalentTo(new[] { "RS", RelayRecipients.Feed }));
            Assert.That(reminded, Is.EquivalentTo(keys), "those who filed are not reminded");
        });
        var feed = (await Host.Http.GetFromJsonAsync<JsonObject>("/api/feed?limit=1000"))!["items"]!.AsArray();
        var reminder = feed.Single(e => (string?)e!["itemKey"] == keys[0])!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)reminder["payload"]!["country"], Is.EqualTo("MK"));
            Assert.That((string?)reminder["payload"]!["reportDate"], Is.EqualTo(Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            Assert.That(DateTimeOffset.Parse((string)reminder["payload"]!["dueAt"]!, CultureInfo.InvariantCulture), Is.EqualTo(Due));
            Assert.That((bool?)reminder["exercise"], Is.Not.True, "a reminder about a real report is real");
        });

        // Serbia files now; an hour later every check has looked again, and past the deadline only the missing report is raised.
        await Host.ContactPoints.Publish(Messages.Report("RS", Day) with { SubmittedAt = _clock.GetUtcNow() });
        await Host.WaitUntilAsync(db => db.Reports.AnyAsync(r => r.Country == "RS" && r.ReportDate == Day), "Serbia's report");
        _clock.Advance(TimeSpan.FromHours(1));
        _clock.SetUtcNow(Due + TimeSpan.FromMinutes(1));
        await Host.WaitUntilAsync(db => db.MissingReports.AnyAsync(m => m.Country == "MK" && m.ReportDate == Day), "North Macedonia's missing report");
        Assert.That(await RemindedAsync(), Is.EquivalentTo(keys), "once each, not at every check");
    }
}
