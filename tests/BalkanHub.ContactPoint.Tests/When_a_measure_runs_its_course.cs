using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// A measure takes effect and ends by itself when its times come: each step is a signed revision in the
/// outbox, like an officer's change. The clock is a fake one the test moves.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_a_measure_runs_its_course : HostFixture<ContactPointHost>
{
    readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override Task<ContactPointHost> StartHostAsync() => ContactPointHost.StartAsync("SI", clock: _clock);

    JsonObject Cap(TimeSpan inAdvance, TimeSpan? lasting = null) => new()
    {
        ["type"] = "dailyCap",
        ["title"] = "Entries capped at 2,500 a day",
        ["affectedCrossingPoints"] = new JsonArray("HR-SI-BREGANA"),
        ["effectiveFrom"] = (_clock.GetUtcNow() + inAdvance).ToString("O", CultureInfo.InvariantCulture),
        ["effectiveUntil"] = lasting is null ? null : (_clock.GetUtcNow() + inAdvance + lasting.Value).ToString("O", CultureInfo.InvariantCulture),
        ["parameters"] = new JsonObject { ["dailyCap"] = 2500 },
        ["severity"] = "severe",
    };

    [Test]
    public async Task Should_go_in_force_and_be_lifted_by_itself_each_step_a_revision()
    {
        using var announced = await Host.Http.PostAsJsonAsync("/api/measures", Cap(TimeSpan.FromHours(48), TimeSpan.FromDays(10)));
        var id = (string)(await announced.Content.ReadFromJsonAsync<JsonObject>())!["measure"]!["measureId"]!;
        var update = Cap(TimeSpan.FromHours(47), TimeSpan.FromDays(10));
        update["parameters"]!["dailyCap"] = 2000;
        Assert.That((await Host.Http.PutAsJsonAsync($"/api/measures/{id}", update)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        _clock.Advance(TimeSpan.FromHours(48));
        await Eventually.True(async () => (string?)(await Host.Http.GetFromJsonAsync<JsonObject>($"/api/measures/{id}"))!["measure"]!["status"] == "inForce",
            "the measure to take effect by itself");
        Assert.That((await Host.Http.PostAsync(new Uri($"/api/measures/{id}/cancel", UriKind.Relative), null)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict),
            "a measure in force is lifted, not cancelled");

        _clock.Advance(TimeSpan.FromDays(10));
        await Eventually.True(async () => (string?)(await Host.Http.GetFromJsonAsync<JsonObject>($"/api/measures/{id}"))!["measure"]!["status"] == "lifted",
            "the measure to end at its effectiveUntil");

        var revisions = await Host.Http.GetFromJsonAsync<JsonArray>($"/api/measures/{id}/revisions");
        Assert.That(revisions!.Select(r => (string)r!["transition"]!), Is.EqualTo(new[] { "announced", "updated", "tookEffect", "lifted" }));
        Assert.That(revisions!.Select(r => (int)r!["revision"]!), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        var sent = await Host.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Body.Contains(id) && !m.MessageType.Contains("ActionAudited"))
            .OrderBy(m => m.Id).Select(m => m.MessageType).ToListAsync());
        Assert.That(sent.Select(t => t.Split(',')[0].Split('.')[^1]), Is.EqualTo(new[] { "MeasureAnnounced", "MeasureUpdated", "MeasureTookEffect", "MeasureLifted" }),
            "every step goes to the neighbours, in order");
    }

    [Test]
    public async Task Should_answer_404_to_a_change_of_a_measure_it_does_not_know()
    {
        var unknown = Guid.NewGuid();
        var update = Cap(TimeSpan.FromHours(48));
        update["reason"] = "moved a day";
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await Host.Http.PutAsJsonAsync($"/api/measures/{unknown}", update)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "update");
            Assert.That((await Host.Http.PostAsync(new Uri($"/api/measures/{unknown}/cancel", UriKind.Relative), null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "cancel");
            Assert.That((await Host.Http.PostAsync(new Uri($"/api/measures/{unknown}/lift", UriKind.Relative), null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "lift");
        });
        var revisions = await Host.QueryAsync(db => db.MeasureRevisions.AsNoTracking().CountAsync(r => r.MeasureId == unknown));
        Assert.That(revisions, Is.Zero, "nothing stored");
    }

    [TestCase(2, true)]
    [TestCase(48, false)]
    public async Task Should_flag_a_measure_announced_at_short_notice(int hoursAhead, bool shortNotice)
    {
        using var announced = await Host.Http.PostAsJsonAsync("/api/measures", Cap(TimeSpan.FromHours(hoursAhead)));
        var body = (await announced.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That((bool)body["shortNotice"]!, Is.EqualTo(shortNotice));
        Assert.That((double)body["leadTimeHours"]!, Is.EqualTo(hoursAhead).Within(0.01), "the hub stamps announcedAt");
    }
}
