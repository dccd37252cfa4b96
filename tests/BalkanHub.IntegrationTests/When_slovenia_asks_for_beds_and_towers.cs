namespace BalkanHub.IntegrationTests;

/// <summary>
/// Slovenia opens a needs analysis for field beds and light towers and turns it into a request. The
/// Netherlands, an observer with a contact point of its own, and Austria offer; Slovenia accepts both;
/// the Netherlands delivers. Coverage shows what was accepted and delivered, item by item. Every service
/// is a process of its own on a broker loaded with the production definitions.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_slovenia_asks_for_beds_and_towers() : NetworkFixture("SI", "NL", "AT")
{
    static JsonObject Item(string item, int quantity, string unit = "pieces") => new() { ["item"] = item, ["quantity"] = quantity, ["unit"] = unit };

    async Task<string> PostAsync(string country, string path, JsonObject? body, string idField)
    {
        using var response = await Network.Http(country).PostAsJsonAsync(path, body ?? []);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), $"{country} {path}: {text}");
        return (string)JsonNode.Parse(text)![idField]!;
    }

    async Task<JsonObject> ProblemAsync(string country, string path, JsonObject body)
    {
        using var response = await Network.Http(country).PostAsJsonAsync(path, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{country} {path}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    static JsonObject Coverage(JsonObject request, string item) =>
        request["coverage"]!.AsArray().Single(c => (string?)c!["item"] == item)!.AsObject();

    [Test]
    public async Task Should_show_beds_half_delivered_and_fully_accepted_and_towers_delivered_after_the_netherlands_delivers()
    {
        var needs = await PostAsync("SI", "api/needs", new JsonObject
        {
            ["title"] = "Reception at Šentilj and Dobova",
            ["items"] = new JsonArray(Item("field beds", 2000), Item("light towers", 20)),
            ["planPoints"] = new JsonArray(6),
        }, "needsAnalysisId");
        var request = await PostAsync("SI", $"api/needs/{needs}/request", null, "requestId");
        await Network.WaitForInboxItemAsync("NL", $"request:{request}");
        await Network.WaitForInboxItemAsync("AT", $"request:{request}");

        // Bad offers: a quantity of 0, and an item the request did not ask for. Nothing is sent.
        var zero = await ProblemAsync("NL", $"api/requests/{request}/offers", new JsonObject { ["items"] = new JsonArray(Item("field beds", 0)) });
        Assert.That(zero["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "items[0].quantity" }));
        var tents = await ProblemAsync("NL", $"api/requests/{request}/offers", new JsonObject { ["items"] = new JsonArray(Item("tents", 50)) });
        Assert.That(tents["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "items[0].item" }));

        var dutch = await PostAsync("NL", $"api/requests/{request}/offers",
            new JsonObject { ["items"] = new JsonArray(Item("field beds", 1000), Item("light towers", 20)), ["note"] = "From Dutch civil protection stocks" }, "offerId");
        var austrian = await PostAsync("AT", $"api/requests/{request}/offers", new JsonObject { ["items"] = new JsonArray(Item("field beds", 1000)) }, "offerId");
        await Network.WaitForInboxItemAsync("SI", $"offer:{dutch}");
        await Network.WaitForInboxItemAsync("SI", $"offer:{austrian}");
        await PostAsync("SI", $"api/offers/{dutch}/accept", null, "offerId");
        await PostAsync("SI", $"api/offers/{austrian}/accept", null, "offerId");

        await Network.WaitForInboxItemAsync("NL", $"offer:{dutch}:accepted");
        foreach (var step in new[] { "commit", "dispatch", "deliver" })
            await PostAsync("NL", $"api/offers/{dutch}/{step}", null, "offerId");

        await Network.WaitForFeedItemAsync($"offer:{dutch}:delivered");
        var hub = (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>($"api/assistance/requests/{request}"))!;
        Assert.Multiple(() =>
        {
            Assert.That((double)Coverage(hub, "field beds")["deliveredPercent"]!, Is.EqualTo(50));
            Assert.That((double)Coverage(hub, "field beds")["acceptedPercent"]!, Is.EqualTo(100));
            Assert.That((double)Coverage(hub, "light towers")["deliveredPercent"]!, Is.EqualTo(100));
            Assert.That((string?)hub["status"], Is.EqualTo("open"), "half the beds are still to come");
        });

        // Slovenia sees the same on its own contact point once the delivery is relayed to it.
        await Network.WaitForInboxItemAsync("SI", $"offer:{dutch}:delivered");
        var own = (await Network.Http("SI").GetFromJsonAsync<JsonObject>($"api/requests/{request}"))!;
        Assert.That((double)Coverage(own, "field beds")["deliveredPercent"]!, Is.EqualTo(50));
        Assert.That((int)Coverage(own, "field beds")["accepted"]!, Is.EqualTo(2000));

        // Every step reached the Commission, and the feed filters by the plan point the needs analysis named.
        var pointSix = (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/feed?planPoint=6&limit=1000"))!["items"]!.AsArray()
            .Select(e => (string)e!["itemKey"]!).ToList();
        Assert.That(pointSix, Is.SupersetOf(new[] { $"needs:{needs}", $"request:{request}", $"offer:{dutch}", $"offer:{dutch}:delivered" }));
        var pointFive = (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/feed?planPoint=5&limit=1000"))!["items"]!.AsArray();
        Assert.That(pointFive.Select(e => (string)e!["itemKey"]!), Has.None.EqualTo($"request:{request}"));

        // Withdrawn, the request takes no more offers; the refusal names the field and sends nothing.
        await PostAsync("SI", $"api/requests/{request}/withdraw", null, "requestId");
        await Network.WaitForInboxItemAsync("NL", $"request:{request}:withdrawn");
        var closed = await ProblemAsync("NL", $"api/requests/{request}/offers", new JsonObject { ["items"] = new JsonArray(Item("field beds", 500)) });
        Assert.That(closed["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "requestId" }));
        var offers = (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>($"api/assistance/requests/{request}"))!["offers"]!.AsArray();
        Assert.That(offers, Has.Count.EqualTo(2), "no refused offer reached the hub");
    }

    [Test]
    public async Task Should_carry_an_exercise_from_the_needs_analysis_through_the_request_to_the_offer()
    {
        var needs = await PostAsync("SI", "api/needs", new JsonObject
        {
            ["title"] = "Drill: reception at Dobova", ["items"] = new JsonArray(Item("blankets", 500)), ["exercise"] = true,
        }, "needsAnalysisId");
        var request = await PostAsync("SI", $"api/needs/{needs}/request", null, "requestId");
        var relayed = await Network.WaitForInboxItemAsync("AT", $"request:{request}");
        Assert.That((bool?)relayed["exercise"], Is.True, "Austria's inbox shows the request as an exercise");
        var known = (await Network.Http("AT").GetFromJsonAsync<JsonObject>($"api/requests/{request}"))!;
        Assert.That((bool?)known["exercise"], Is.True, "and so does Austria's copy of the request");

        // Austria offers without saying anything about an exercise: the offer follows the request.
        var offer = await PostAsync("AT", $"api/requests/{request}/offers", new JsonObject { ["items"] = new JsonArray(Item("blankets", 500)) }, "offerId");
        var received = await Network.WaitForInboxItemAsync("SI", $"offer:{offer}");
        Assert.That((bool?)received["exercise"], Is.True, "Slovenia receives the offer marked as an exercise");
        var own = (await Network.Http("SI").GetFromJsonAsync<JsonObject>($"api/requests/{request}"))!;
        Assert.Multiple(() =>
        {
            Assert.That((bool?)own["exercise"], Is.True);
            Assert.That(own["offers"]!.AsArray().Select(o => (bool?)o!["exercise"]), Is.EqualTo(new bool?[] { true }));
        });
        var entry = await Network.WaitForFeedItemAsync($"offer:{offer}");
        Assert.That((bool?)entry["exercise"], Is.True, "the Commission's feed marks it too");
        var atTheHub = (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>($"api/assistance/requests/{request}"))!;
        Assert.That((bool?)atTheHub["exercise"], Is.True, "the hub's record of the request is an exercise");
    }

    [Test]
    public async Task Should_let_reports_and_measures_carry_plan_points_the_commission_filters_by()
    {
        var report = Samples.PlainReport(new DateOnly(2015, 10, 21));
        report["planPoints"] = new JsonArray(6);
        using var submitted = await Network.Http("SI").PostAsJsonAsync("api/reports", report);
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await submitted.Content.ReadAsStringAsync());

        var measure = new JsonObject
        {
            ["type"] = "capacityChange",
            ["title"] = "Reception at Šentilj extended",
            ["effectiveFrom"] = DateTimeOffset.UtcNow.AddDays(2).ToString("O"),
            ["parameters"] = new JsonObject { ["capacityDelta"] = 2000 },
            ["severity"] = "moderate",
            ["planPoints"] = new JsonArray(6, 7),
        };
        using var announced = await Network.Http("SI").PostAsJsonAsync("api/measures", measure);
        Assert.That(announced.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await announced.Content.ReadAsStringAsync());
        var measureId = (string)(await announced.Content.ReadFromJsonAsync<JsonObject>())!["measure"]!["measureId"]!;

        await Network.WaitForFeedItemAsync(Network.ReportKey("SI", new DateOnly(2015, 10, 21)));
        await Network.WaitForFeedItemAsync($"measure:{measureId}:r1");
        var pointSeven = (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/feed?planPoint=7&limit=1000"))!["items"]!.AsArray()
            .Select(e => (string)e!["itemKey"]!).ToList();
        Assert.That(pointSeven, Is.EqualTo(new[] { $"measure:{measureId}:r1" }), "only the measure serves point 7");
        var pointSix = (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/feed?planPoint=6&limit=1000"))!["items"]!.AsArray()
            .Select(e => (string)e!["itemKey"]!).ToList();
        Assert.That(pointSix, Is.SupersetOf(new[] { Network.ReportKey("SI", new DateOnly(2015, 10, 21)), $"measure:{measureId}:r1" }));

        measure["planPoints"] = new JsonArray(99);
        var problem = await ProblemAsync("SI", "api/measures", measure);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "planPoints[0]" }), "the statement has 17 points");
    }

    [Test]
    public async Task Should_refuse_flow_reports_and_measures_from_an_observer()
    {
        using var report = await Network.Http("NL").PostAsJsonAsync("api/reports", Samples.PlainReport(new DateOnly(2015, 10, 22)));
        Assert.That(report.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the Netherlands has no borders on the route");
        using var measure = await Network.Http("NL").PostAsJsonAsync("api/measures", new JsonObject
        {
            ["type"] = "other", ["title"] = "Nothing", ["effectiveFrom"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O"), ["severity"] = "minor",
        });
        Assert.That(measure.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var sent = (await Network.Http("NL").GetFromJsonAsync<JsonObject>("api/reports"))!["items"]!.AsArray();
        Assert.That(sent, Is.Empty, "nothing was stored or sent");
    }
}
