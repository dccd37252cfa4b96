using System.Globalization;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>What a contact point accepts, refuses and stores, with its outbox, on a real broker.</summary>
[TestFixture]
[Category("Integration")]
public sealed class When_an_officer_posts : HostFixture<ContactPointHost>
{
    static int _days;

    static DateOnly NewDay() => new DateOnly(2019, 1, 1).AddDays(Interlocked.Increment(ref _days));

    protected override Task<ContactPointHost> StartHostAsync() => ContactPointHost.StartAsync("SI");

    static JsonObject Cap(DateTimeOffset from) => new()
    {
        ["type"] = "dailyCap",
        ["title"] = "Entries capped at 2,500 a day",
        ["affectedCrossingPoints"] = new JsonArray("HR-SI-BREGANA"),
        ["effectiveFrom"] = from.ToString("O", CultureInfo.InvariantCulture),
        ["parameters"] = new JsonObject { ["dailyCap"] = 2500 },
        ["severity"] = "severe",
    };

    [Test]
    public async Task Should_write_the_report_and_its_outbox_row_together()
    {
        var day = NewDay();
        using var response = await Host.Http.PostAsJsonAsync("/api/reports", Samples.PlainReport(day));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(response.Headers.Location?.ToString(), Does.StartWith("/api/reports/"));

        var outbox = await Host.QueryAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.MessageType.Contains("DailyReportSubmitted") && m.Body.Contains(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToListAsync());
        Assert.That(outbox, Has.Count.EqualTo(1));
        Assert.That(outbox[0].Stream, Is.EqualTo("SI"), "one ordered stream per country");
    }

    [Test]
    public async Task Should_version_an_exercise_report_apart_from_the_days_real_report()
    {
        var day = NewDay();
        var exercise = Samples.PlainReport(day, arrivals: 4444);
        exercise["exercise"] = true;
        using var real = await Host.Http.PostAsJsonAsync("/api/reports", Samples.PlainReport(day));
        using var drill = await Host.Http.PostAsJsonAsync("/api/reports", exercise);
        var realVersion = (await real.Content.ReadFromJsonAsync<JsonObject>())!;
        var drillVersion = (await drill.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Multiple(() =>
        {
            Assert.That((int?)realVersion["version"], Is.EqualTo(1));
            Assert.That((int?)drillVersion["version"], Is.EqualTo(1), "an exercise does not supersede the real report");
            Assert.That((string?)drillVersion["reportId"], Is.Not.EqualTo((string?)realVersion["reportId"]));
        });
        var listed = (await Host.Http.GetFromJsonAsync<JsonObject>($"/api/reports?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}"))!["items"]!.AsArray();
        var drills = (await Host.Http.GetFromJsonAsync<JsonObject>($"/api/reports?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}&exercise=true"))!["items"]!.AsArray();
        Assert.That(listed.Select(r => (int)r!["report"]!["arrivals"]!["total"]!), Is.EqualTo(new[] { 1000 }));
        Assert.That(drills.Select(r => (bool)r!["report"]!["exercise"]!), Is.EqualTo(new[] { true }));
    }

    [Test]
    public async Task Should_answer_422_when_an_idempotency_key_is_reused_for_another_report()
    {
        var key = Guid.NewGuid().ToString();
        using var request1 = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(Samples.PlainReport(NewDay())) };
        request1.Headers.Add("Idempotency-Key", key);
        using var request2 = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(Samples.PlainReport(NewDay())) };
        request2.Headers.Add("Idempotency-Key", key);
        using var first = await Host.Http.SendAsync(request1);
        using var second = await Host.Http.SendAsync(request2);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((int)second.StatusCode, Is.EqualTo(422));
    }

    [Test]
    public async Task Should_refuse_a_report_with_an_unknown_field_or_a_wrong_type_naming_it()
    {
        var unknown = Samples.PlainReport(NewDay());
        unknown["arrivalz"] = 3;
        var wrongType = Samples.PlainReport(NewDay());
        wrongType["registered"] = "many";
        using var a = await Host.Http.PostAsJsonAsync("/api/reports", unknown);
        using var b = await Host.Http.PostAsJsonAsync("/api/reports", wrongType);
        Assert.Multiple(async () =>
        {
            Assert.That((await a.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Does.Contain("arrivalz"));
            Assert.That((await b.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Does.Contain("registered"));
        });
    }

    [Test]
    public async Task Should_refuse_an_invalid_notice_naming_each_field_and_send_nothing()
    {
        var notice = Cap(DateTimeOffset.UtcNow.AddDays(2));
        notice["parameters"]!["dailyCap"] = 0;
        notice["affectedCrossingPoints"] = new JsonArray("HR-SI-NOWHERE");
        notice["effectiveUntil"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture);
        var before = await Host.QueryAsync(db => db.OutboxMessages.CountAsync(m => !m.MessageType.Contains("ActionAudited")));

        using var response = await Host.Http.PostAsJsonAsync("/api/measures", notice);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key);
        Assert.That(errors, Is.SupersetOf(new[] { "parameters.dailyCap", "affectedCrossingPoints[0]", "effectiveUntil" }));
        var filter = Cap(DateTimeOffset.UtcNow.AddDays(2));
        filter["type"] = "nationalityRestriction";
        filter["parameters"] = new JsonObject { ["nationalities"] = new JsonArray() };
        using var noNationalities = await Host.Http.PostAsJsonAsync("/api/measures", filter);
        Assert.That((await noNationalities.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Does.Contain("parameters.nationalities"),
            "a nationality filter must name the nationalities");

        Assert.That(await Host.QueryAsync(db => db.OutboxMessages.CountAsync(m => !m.MessageType.Contains("ActionAudited"))), Is.EqualTo(before),
            "nothing sent but the audit records of the refusals");
        Assert.That(await Host.QueryAsync(db => db.Measures.CountAsync(m => m.Notice.Contains("HR-SI-NOWHERE"))), Is.Zero, "nothing stored");
    }

    [Test]
    public async Task Should_take_a_measure_through_update_and_cancel_and_refuse_what_its_status_forbids()
    {
        using var announced = await Host.Http.PostAsJsonAsync("/api/measures", Cap(DateTimeOffset.UtcNow.AddDays(2)));
        Assert.That(announced.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var id = (string)(await announced.Content.ReadFromJsonAsync<JsonObject>())!["measure"]!["measureId"]!;

        var update = Cap(DateTimeOffset.UtcNow.AddDays(3));
        update["parameters"]!["dailyCap"] = 2000;
        update["reason"] = "Camps full";
        using var updated = await Host.Http.PutAsJsonAsync($"/api/measures/{id}", update);
        Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        using var lift = await Host.Http.PostAsync(new Uri($"/api/measures/{id}/lift", UriKind.Relative), null);
        Assert.That(lift.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a planned measure is cancelled, not lifted");

        using var cancel = await Host.Http.PostAsync(new Uri($"/api/measures/{id}/cancel", UriKind.Relative), null);
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        using var again = await Host.Http.PutAsJsonAsync($"/api/measures/{id}", update);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a cancelled measure cannot change");

        var revisions = await Host.Http.GetFromJsonAsync<JsonArray>($"/api/measures/{id}/revisions");
        Assert.That(revisions!.Select(r => (string)r!["transition"]!), Is.EqualTo(new[] { "announced", "updated", "cancelled" }));
        Assert.That(revisions!.Select(r => (int)r!["measure"]!["parameters"]!["dailyCap"]!), Is.EqualTo(new[] { 2500, 2000, 2000 }));

        var outbox = await Host.QueryAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Body.Contains(id) && !m.MessageType.Contains("ActionAudited")).OrderBy(m => m.Id)
            .Select(m => m.MessageType).ToListAsync());
        Assert.That(outbox.Select(t => t.Split(',')[0].Split('.')[^1]), Is.EqualTo(new[] { "MeasureAnnounced", "MeasureUpdated", "MeasureCancelled" }));
    }

    [Test]
    public async Task Should_lift_a_measure_in_force()
    {
        using var announced = await Host.Http.PostAsJsonAsync("/api/measures", Cap(DateTimeOffset.UtcNow.AddMinutes(-5)));
        var body = (await announced.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That((string?)body["statusNow"], Is.EqualTo("inForce"), "announced after it took effect");
        Assert.That((double)body["leadTimeHours"]!, Is.LessThan(0));

        using var lifted = await Host.Http.PostAsJsonAsync($"/api/measures/{body["measure"]!["measureId"]}/lift", new { reason = "Flow has dropped" });
        Assert.That(lifted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((string?)(await lifted.Content.ReadFromJsonAsync<JsonObject>())!["measure"]!["status"], Is.EqualTo("lifted"));
    }
}
