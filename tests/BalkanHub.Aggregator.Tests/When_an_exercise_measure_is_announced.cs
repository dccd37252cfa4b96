using System.Globalization;
using System.Xml.Linq;
using BalkanHub.Aggregator.Measures;
using Microsoft.AspNetCore.Hosting;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Serbia drills a border closure as an exercise next to a real daily cap. Both are relayed and need
/// acknowledging; the exercise is marked as such in the feed and in its CAP alert (status Exercise), and
/// it is absent from the day's picture and from the overdue acknowledgements compliance counts.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_an_exercise_measure_is_announced(string store) : AggregatorFixture(store)
{
    readonly Guid _real = Guid.NewGuid();
    readonly Guid _exercise = Guid.NewGuid();

    // Acknowledgements fall due after a second here, so both measures are overdue by the time the test reads compliance.
    protected override Task<AggregatorHost> StartHostAsync() =>
        AggregatorHost.StartAsync(Store, configure: b => b.UseSetting("Measures:AcknowledgementWindow", "00:00:01"));

    [OneTimeSetUp]
    public async Task Start()
    {
        var inForce = DateTimeOffset.UtcNow.AddHours(-1);
        var real = Messages.Cap("RS", _real, 1, MeasureStatus.InForce, "MK-RS-TABANOVCE") with { EffectiveFrom = inForce };
        var exercise = Messages.Cap("RS", _exercise, 1, MeasureStatus.InForce, "HR-RS-BAPSKA") with
        {
            Type = MeasureType.BorderClosure, Title = "Drill: Bapska closed", Parameters = new MeasureParameters(), EffectiveFrom = inForce, Exercise = true,
        };
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = real });
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = exercise });
        await Host.WaitUntilAsync(db => db.MeasureRevisions.CountAsync(r => (r.MeasureId == _real || r.MeasureId == _exercise) && r.Relayed).ContinueWith(t => t.Result == 2),
            "both measures relayed");
    }

    [Test]
    public async Task Should_mark_the_exercise_in_the_feed_and_give_its_cap_alert_status_exercise()
    {
        var feed = (await Host.Http.GetFromJsonAsync<JsonObject>("api/feed?limit=1000"))!["items"]!.AsArray();
        var exercise = feed.Single(e => (string?)e!["itemKey"] == $"measure:{_exercise}:r1")!;
        var real = feed.Single(e => (string?)e!["itemKey"] == $"measure:{_real}:r1")!;
        Assert.That((bool?)exercise["exercise"], Is.True);
        Assert.That((bool?)real["exercise"], Is.False);
        Assert.That(exercise["recipients"]!.AsArray(), Is.Not.Empty, "an exercise is relayed like a real measure");

        async Task<List<XElement>> AlertsAsync(string query) =>
            XDocument.Parse(await Host.Http.GetStringAsync(new Uri($"/feeds/measures.atom?country=RS{query}", UriKind.Relative)))
                .Descendants(CapAlerts.Cap + "alert").ToList();
        static string? StatusOf(List<XElement> alerts, Guid id) => (string?)alerts
            .SingleOrDefault(a => ((string)a.Element(CapAlerts.Cap + "identifier")!).Contains(id.ToString(), StringComparison.Ordinal))
            ?.Element(CapAlerts.Cap + "status");
        var realFeed = await AlertsAsync("");
        var drillFeed = await AlertsAsync("&exercise=true");
        Assert.That(StatusOf(realFeed, _real), Is.EqualTo("Actual"));
        Assert.That(StatusOf(realFeed, _exercise), Is.Null, "the real feed carries no exercise");
        Assert.That(StatusOf(drillFeed, _exercise), Is.EqualTo("Exercise"), "the exercise feed carries it, with status Exercise");
        Assert.That(StatusOf(drillFeed, _real), Is.Null, "and nothing real");
    }

    [Test]
    public async Task Should_keep_the_exercise_out_of_the_picture()
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var picture = (await Host.Http.GetFromJsonAsync<JsonObject>($"api/picture?date={today}"))!;
        var serbia = picture["participants"]!.AsArray().Single(p => (string?)p!["country"] == "RS")!;
        var inForce = serbia["measuresInForce"]!.AsArray().Select(m => (string)m!["measureId"]!).ToList();
        Assert.That(inForce, Does.Contain(_real.ToString()));
        Assert.That(inForce, Does.Not.Contain(_exercise.ToString()));
    }

    [Test]
    public async Task Should_keep_the_exercise_out_of_the_overdue_acknowledgements()
    {
        var overdue = await Eventually.Get(async () =>
        {
            var items = (await Host.Http.GetFromJsonAsync<JsonObject>("api/compliance"))!["overdueAcknowledgements"]!.AsArray()
                .Select(o => (string)o!["itemKey"]!).ToList();
            return items.Contains($"measure:{_real}:r1") ? items : null;
        }, "the real measure's acknowledgements to fall due");
        Assert.That(overdue, Has.None.Contains(_exercise.ToString()));
    }
}
