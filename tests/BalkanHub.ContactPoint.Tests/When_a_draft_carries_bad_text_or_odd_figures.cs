using System.Globalization;
using System.Text;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// What a contact point does with a draft that breaks the rules of text, listed values and dates (a
/// 400 naming the field, nothing stored), with figures that are possible but look wrong (accepted, with
/// warnings in the answer and in the check the officer's form calls), and which day its pages open on.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_a_draft_carries_bad_text_or_odd_figures : HostFixture<ContactPointHost>
{
    protected override Task<ContactPointHost> StartHostAsync() => ContactPointHost.StartAsync("HR");

    static JsonObject Closure(DateTimeOffset from) => new()
    {
        ["type"] = "borderClosure",
        ["title"] = "Tovarnik closed to foot traffic",
        ["affectedCrossingPoints"] = new JsonArray("HR-RS-TOVARNIK"),
        ["effectiveFrom"] = from.ToString("O", CultureInfo.InvariantCulture),
        ["severity"] = "severe",
    };

    static async Task<JsonObject> ProblemOf(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
    }

    Task<HttpResponseMessage> PostRawAsync(string path, string json) =>
        Host.Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    [TestCase("2001-01-01")]
    [TestCase("2015-10-14")]
    public async Task Should_answer_400_naming_reportDate_for_a_day_before_the_routes_first(string date)
    {
        var report = Samples.PlainReport(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        var errors = await ProblemOf(await Host.Http.PostAsJsonAsync("/api/reports", report));
        Assert.That((string?)errors["reportDate"]![0], Does.Contain("2015-10-15"));
        var day = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.That(await Host.QueryAsync(db => db.Reports.CountAsync(r => r.ReportDate == day)), Is.Zero, "nothing stored");
    }

    [Test]
    public async Task Should_answer_400_naming_the_title_of_a_measure_with_a_null_character()
    {
        var closure = Closure(DateTimeOffset.UtcNow.AddDays(2));
        closure["title"] = "Tovarnik\u0000 closed";
        var errors = await ProblemOf(await Host.Http.PostAsJsonAsync("/api/measures", closure));
        Assert.That((string?)errors["title"]![0], Does.Contain("U+0000"));
        Assert.That(await Host.QueryAsync(db => db.Measures.CountAsync(m => m.Notice.Contains("Tovarnik\\u0000"))), Is.Zero, "nothing stored");

        var check = (await (await Host.Http.PostAsJsonAsync("/api/measures/check", closure)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That(check["errors"]!.AsObject().Select(e => e.Key), Does.Contain("title"), "the form's check says the same");
    }

    [TestCase("severity", "100")]
    [TestCase("severity", "-1")]
    [TestCase("severity", "2")]
    [TestCase("type", "999")]
    [TestCase("type", "\"teleportation\"")]
    public async Task Should_answer_400_naming_a_listed_field_given_anything_but_its_names(string field, string value)
    {
        var closure = Closure(DateTimeOffset.UtcNow.AddDays(2));
        closure[field] = JsonNode.Parse(value);
        var errors = await ProblemOf(await PostRawAsync("/api/measures", closure.ToJsonString()));
        Assert.That(errors.Select(e => e.Key), Does.Contain(field));
    }

    [Test]
    public async Task Should_answer_400_to_a_control_character_in_a_reason_or_a_note()
    {
        using var announced = await Host.Http.PostAsJsonAsync("/api/measures", Closure(DateTimeOffset.UtcNow.AddDays(3)));
        Assert.That(announced.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var id = (string)(await announced.Content.ReadFromJsonAsync<JsonObject>())!["measure"]!["measureId"]!;
        var cancel = await ProblemOf(await Host.Http.PostAsJsonAsync($"/api/measures/{id}/cancel", new { reason = "Agreed with Belgrade\u0007" }));
        Assert.That(cancel.Select(e => e.Key), Is.EqualTo(new[] { "reason" }));
        Assert.That(await Host.QueryAsync(db => db.MeasureRevisions.CountAsync(r => r.MeasureId == Guid.Parse(id))), Is.EqualTo(1), "still only the announcement");

        using var opened = await Host.Http.PostAsJsonAsync("/api/needs", new { title = "Winter tents", items = new[] { new { item = "tents", quantity = 200, unit = "pieces" } } });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var needsId = (string)(await opened.Content.ReadFromJsonAsync<JsonObject>())!["needsAnalysisId"]!;
        var close = await ProblemOf(await Host.Http.PostAsJsonAsync($"/api/needs/{needsId}/close", new { note = "Covered\u0000 nationally" }));
        Assert.That(close.Select(e => e.Key), Is.EqualTo(new[] { "note" }));

        var tab = await ProblemOf(await Host.Http.PostAsJsonAsync("/api/needs", new { title = "Winter\ttents", items = new[] { new { item = "tents", quantity = 1, unit = "pieces" } } }));
        Assert.That(tab.Select(e => e.Key), Is.EqualTo(new[] { "title" }), "a title is one line");
    }

    [Test]
    public async Task Should_accept_overcrowding_with_a_warning_in_the_answer_and_in_the_check()
    {
        var report = Samples.PlainReport(new DateOnly(2015, 10, 25));
        report["capacity"] = new JsonObject { ["total"] = 3000, ["occupied"] = 4500 };

        var check = (await (await Host.Http.PostAsJsonAsync("/api/reports/check", report)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Multiple(() =>
        {
            Assert.That((bool)check["valid"]!, Is.True, "a warning is not an error");
            Assert.That(check["warnings"]!.AsArray().Select(w => (string?)w!["field"]), Is.EqualTo(new[] { "capacity.occupied" }));
        });

        using var posted = await Host.Http.PostAsJsonAsync("/api/reports", report);
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var answer = (await posted.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That(answer["warnings"]!.AsArray().Select(w => (string?)w!["field"]), Is.EqualTo(new[] { "capacity.occupied" }));
        Assert.That((string?)answer["warnings"]![0]!["message"], Does.Contain("4,500").And.Contain("3,000"));

        var plain = (await (await Host.Http.PostAsJsonAsync("/api/reports/check", Samples.PlainReport(new DateOnly(2015, 10, 26)))).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That(plain["warnings"]!.AsArray(), Is.Empty, "figures that look right get none");
    }

    [Test]
    public async Task Should_warn_of_a_measure_taking_effect_a_year_from_now()
    {
        var closure = Closure(DateTimeOffset.UtcNow.AddDays(365));
        var check = (await (await Host.Http.PostAsJsonAsync("/api/measures/check", closure)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That((bool)check["valid"]!, Is.True);
        Assert.That(check["warnings"]!.AsArray().Select(w => (string?)w!["field"]), Is.EqualTo(new[] { "effectiveFrom" }));
        using var announced = await Host.Http.PostAsJsonAsync("/api/measures", closure);
        Assert.That((await announced.Content.ReadFromJsonAsync<JsonObject>())!["warnings"]!.AsArray().Select(w => (string?)w!["field"]),
            Is.EqualTo(new[] { "effectiveFrom" }), "announced, with the warning in the answer");
    }

    [Test]
    public async Task Should_accept_an_offer_of_a_hundred_times_the_request_with_a_warning_on_its_quantity()
    {
        var request = new AssistanceRequested
        {
            RequestId = Guid.NewGuid(), Country = "SI", Title = "Field beds for Dobova", RequestedAt = DateTimeOffset.UtcNow,
            Items = [new AssistanceItem { Item = "field beds", Quantity = 500, Unit = "pieces" }, new AssistanceItem { Item = "light towers", Quantity = 20, Unit = "pieces" }],
        };
        await Host.SendRelayAsync(new RelayItem
        {
            Recipient = "HR", Sequence = 2, Kind = RelayedItemKind.Assistance, ItemKey = $"request:{request.RequestId}", Source = "SI",
            MessageType = nameof(AssistanceRequested), RelayedAt = DateTimeOffset.UtcNow, RequiresAcknowledgement = false,
            Payload = JsonSerializer.SerializeToElement(request, JsonSerializerOptions.Web),
        });
        await Eventually.True(() => Host.QueryAsync(db => db.AssistanceRequests.AnyAsync(r => r.Id == request.RequestId)), "Slovenia's request to be relayed");

        using var offered = await Host.Http.PostAsJsonAsync($"/api/requests/{request.RequestId}/offers", new
        {
            items = new[] { new { item = "light towers", quantity = 20, unit = "pieces" }, new { item = "field beds", quantity = 50_000, unit = "pieces" } },
            note = "From the army's reserve.\nTrucks leave on Tuesday.",
        });
        Assert.That(offered.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await offered.Content.ReadAsStringAsync());
        var warnings = (await offered.Content.ReadFromJsonAsync<JsonObject>())!["warnings"]!.AsArray();
        Assert.That(warnings.Select(w => (string?)w!["field"]), Is.EqualTo(new[] { "items[1].quantity" }));
        Assert.That((string?)warnings[0]!["message"], Does.Contain("50,000").And.Contain("500 requested"));
    }

    [Test]
    public async Task Should_open_on_the_day_it_and_a_neighbour_reported_not_on_its_own_stray_date()
    {
        var day = new DateOnly(2015, 11, 20);
        Assert.That((await Host.Http.PostAsJsonAsync("/api/reports", Samples.PlainReport(day))).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await Host.SendRelayAsync(new RelayItem
        {
            Recipient = "HR", Sequence = 1, Kind = RelayedItemKind.DailyReport, ItemKey = $"report:SI:{day:yyyy-MM-dd}:v1", Source = "SI",
            MessageType = nameof(DailyReportSubmitted), RelayedAt = DateTimeOffset.UtcNow, RequiresAcknowledgement = false,
            Payload = JsonDocument.Parse("{}").RootElement,
        });
        await Eventually.True(() => Host.QueryAsync(db => db.Inbox.AnyAsync(i => i.Sequence == 1)), "Slovenia's report to be relayed");
        Assert.That((await Host.Http.PostAsJsonAsync("/api/reports", Samples.PlainReport(new DateOnly(2022, 2, 12)))).StatusCode, Is.EqualTo(HttpStatusCode.Accepted),
            "a stray date after the first reporting day is a valid report");

        var answer = (await Host.Http.GetFromJsonAsync<JsonObject>("/api/reports/default-day"))!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)answer["date"], Is.EqualTo("2015-11-20"));
            Assert.That(answer["countries"]!.AsArray().Select(c => (string?)c), Is.EqualTo(new[] { "HR", "HU", "RS", "SI" }), "itself and its neighbours");
            Assert.That((int)answer["reported"]!, Is.EqualTo(2));
        });
    }
}
