using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BalkanHub.IntegrationTests.Browser;

/// <summary>
/// The Commission's dashboard at the aggregator's <c>/</c>, in Debian's Chromium, on a network of
/// separate processes on a real RabbitMQ node. Contact points post through their APIs; the page must
/// show what they post without a reload, and render their free text as text.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed class When_the_commission_watches_the_route() : NetworkFixture("GR", "MK", "SI", "HR")
{
    /// <summary>The issue's acceptance wait for a posted report to reach the dashboard; not a speed target.</summary>
    const float AcceptanceWait = 10_000;

    const string ScriptText = "<script>window.__pwned=1</script>";
    const string ImageText = "<img src=x onerror=\"window.__pwned=1\">";

    Pages _pages = null!;

    protected override async Task PrepareAsync() => _pages = await Pages.StartAsync();

    protected override async ValueTask CleanUpAsync()
    {
        if (_pages is not null)
            await _pages.DisposeAsync();
    }

    /// <summary>What the pages printed to their consoles, for a failed test's output.</summary>
    [TearDown]
    public void PrintConsole()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            lock (_pages.Console)
                TestContext.Out.WriteLine("Page console:\n" + string.Join('\n', _pages.Console));
    }

    /// <summary>Opens the dashboard as the Commission and waits until its live connection is up, so a push cannot be missed by a test.</summary>
    async Task<IPage> OpenDashboardAsync()
    {
        var page = await _pages.SignInAsync(Network.Aggregator.BaseAddress, "EU commission", "/");
        await Expect(page.Locator("#feed-state")).ToHaveTextAsync("live.", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await Expect(page.Locator("#who")).ToContainTextAsync("EU");
        return page;
    }

    async Task<string> AnnounceAsync(string country, string title, string? description = null, bool exercise = false)
    {
        var notice = new JsonObject
        {
            ["type"] = "borderClosure",
            ["title"] = title,
            ["description"] = description,
            ["affectedCrossingPoints"] = new JsonArray("HR-SI-BREGANA"),
            ["effectiveFrom"] = DateTimeOffset.UtcNow.AddHours(48).ToString("O", CultureInfo.InvariantCulture),
            ["effectiveUntil"] = DateTimeOffset.UtcNow.AddHours(96).ToString("O", CultureInfo.InvariantCulture),
            ["severity"] = "severe",
            ["exercise"] = exercise,
        };
        using var announced = await Network.Http(country).PostAsJsonAsync("api/measures", notice);
        Assert.That(announced.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await announced.Content.ReadAsStringAsync());
        return (string)(await announced.Content.ReadFromJsonAsync<JsonObject>())!["measure"]!["measureId"]!;
    }

    [Test]
    public async Task Should_show_a_report_in_the_table_and_diagram_within_ten_seconds()
    {
        var page = await OpenDashboardAsync();
        var day = new DateOnly(2015, 11, 20);

        await Network.SubmitReportAsync("GR", Samples.GreekReport(day, arrivals: 6000));

        var wait = new LocatorAssertionsToHaveTextOptions { Timeout = AcceptanceWait };
        await Expect(page.Locator("#picture tr[data-country='GR'] td.arrivals")).ToHaveTextAsync("6,000", wait);
        await Expect(page.Locator("#route-diagram #node-GR .node-arrivals")).ToHaveTextAsync("6,000", wait);
        await Expect(page.Locator("#picture-day")).ToHaveTextAsync("2015-11-20");
        await Expect(page.Locator($"#feed li[data-item='{Network.ReportKey("GR", day)}']")).ToBeVisibleAsync();

        // The rest of the corridor reports; North Macedonia counts 800 fewer arrivals from Greece than Greece
        // counted leaving (above the 10 % threshold), so both nodes are marked. Then the screenshot.
        await Network.SubmitReportAsync("MK", CorridorReport(day, "GR", 5000, "RS", 4900));
        await Network.SubmitReportAsync("HR", CorridorReport(day, "RS", 4700, "SI", 4600));
        await Network.SubmitReportAsync("SI", CorridorReport(day, "HR", 4600, "AT", 4500));
        await Expect(page.Locator("#picture tr[data-country='SI'] td.arrivals")).ToHaveTextAsync("4,600", wait);
        await Expect(page.Locator("#route-diagram #node-MK")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("disagrees"), new() { Timeout = AcceptanceWait });
        await Expect(page.Locator("#route-diagram [data-edge='HR-SI']")).ToBeAttachedAsync();

        var path = await Pages.ScreenshotAsync(page, "dashboard");
        Assert.That(File.Exists(path), Is.True);
        await KeepForReadmeAsync(page);
        await page.SetViewportSizeAsync(800, 1100);
        await Expect(page.Locator("#picture tr[data-country='GR'] td.arrivals")).ToBeVisibleAsync();
        await Pages.ScreenshotAsync(page, "dashboard-tablet");

        // The printable brief of the same day, from the page's link.
        await page.Locator("#brief-link").ClickAsync();
        await Expect(page.Locator("#brief-figures tr[data-country='GR'] td.arrivals")).ToHaveTextAsync("6,000");
        await Expect(page.Locator("#brief-title")).ToContainTextAsync("2015-11-20");
        await Expect(page.Locator("#brief-gaps")).ToContainTextAsync("GR→MK");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(page.Locator("header.bar")).ToBeHiddenAsync();
        await Pages.ScreenshotAsync(page, "brief-print");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Should_link_the_exports_of_the_period_shown_and_serve_them_to_the_signed_in_analyst()
    {
        var page = await OpenDashboardAsync();
        await Expect(page.Locator("#trends-note")).ToContainTextAsync(" to ");
        var note = await page.Locator("#trends-note").TextContentAsync();
        var (from, to) = (note![..10], note[14..24]);
        await Expect(page.Locator("#download-xlsx")).ToHaveAttributeAsync("href", $"/api/export/daily.xlsx?from={from}&to={to}");
        await Expect(page.Locator("#download-csv")).ToHaveAttributeAsync("href", $"/api/export/daily.csv?from={from}&to={to}&hxl=false");

        // Each link answers the signed-in analyst with its own session, as a click would.
        var expected = new Dictionary<string, string>
        {
            ["#download-xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ["#download-csv"] = "text/csv",
            ["#download-hxl"] = "text/csv",
            ["#download-cap"] = "application/atom+xml",
        };
        foreach (var (link, type) in expected)
        {
            var href = await page.Locator(link).GetAttributeAsync("href");
            var response = await page.APIRequest.GetAsync(new Uri(Network.Aggregator.BaseAddress, href).ToString());
            Assert.That(response.Status, Is.EqualTo(200), $"{link} {href}");
            Assert.That(response.Headers["content-type"], Does.StartWith(type), link);
        }
        var plain = await (await page.APIRequest.GetAsync(new Uri(Network.Aggregator.BaseAddress, await page.Locator("#download-csv").GetAttributeAsync("href")).ToString())).TextAsync();
        Assert.That(plain, Does.Not.Contain("#affected"), "the spreadsheet CSV has no hashtag row");
        await page.Context.CloseAsync();
    }

    /// <summary>A plain report whose arrivals came from <paramref name="from"/> and whose departures went to <paramref name="to"/>.</summary>
    static JsonObject CorridorReport(DateOnly day, string from, int arrivals, string to, int departures)
    {
        var report = Samples.PlainReport(day, arrivals);
        report["arrivals"] = new JsonObject
        {
            ["total"] = arrivals, ["byOriginCountry"] = new JsonArray(new JsonObject { ["country"] = from, ["count"] = arrivals }),
        };
        report["departures"] = new JsonObject
        {
            ["total"] = departures, ["byDestinationCountry"] = new JsonArray(new JsonObject { ["country"] = to, ["count"] = departures }),
        };
        return report;
    }

    [Test]
    public async Task Should_mark_an_exercise_measure_in_the_table_and_in_the_live_feed()
    {
        var page = await OpenDashboardAsync();
        var drill = await AnnounceAsync("SI", "Drill: Bregana closed", exercise: true);
        var real = await AnnounceAsync("SI", "Obrežje closed at night");

        var wait = new LocatorAssertionsToHaveTextOptions { Timeout = AcceptanceWait };
        await Expect(page.Locator($"#measures tr[data-measure='{drill}'] .exercise-label")).ToHaveTextAsync("EXERCISE", wait);
        await Expect(page.Locator($"#feed li[data-item='measure:{drill}:r1'] .exercise-label")).ToHaveTextAsync("EXERCISE", wait);
        await Expect(page.Locator($"#measures tr[data-measure='{real}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"#measures tr[data-measure='{real}'] .exercise-label")).ToHaveCountAsync(0);
        await Expect(page.Locator($"#feed li[data-item='measure:{real}:r1'] .exercise-label")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Should_turn_the_acknowledgement_column_to_acknowledged_when_croatia_acknowledges()
    {
        var page = await OpenDashboardAsync();
        var id = await AnnounceAsync("SI", "Bregana closed for two days");
        var croatia = await Network.WaitForInboxItemAsync("HR", $"measure:{id}:r1");

        var cell = page.Locator($"#measures tr[data-measure='{id}'] [data-country='HR']");
        await Expect(cell).ToHaveTextAsync("pending", new LocatorAssertionsToHaveTextOptions { Timeout = AcceptanceWait });

        using var ack = await Network.Http("HR").PostAsync(new Uri($"api/inbox/{(long)croatia["sequence"]!}/ack", UriKind.Relative), null);
        Assert.That(ack.IsSuccessStatusCode, Is.True, $"HR acknowledges: {(int)ack.StatusCode}");

        await Expect(cell).ToHaveTextAsync("acknowledged", new LocatorAssertionsToHaveTextOptions { Timeout = AcceptanceWait });
        await Expect(page.Locator($"#measures tr[data-measure='{id}'] [data-country='HU']")).ToHaveTextAsync("pending");
        await Pages.ScreenshotAsync(page, "dashboard-acknowledged");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Should_render_free_text_as_text_and_run_no_script()
    {
        int before;
        lock (_pages.Console)
            before = _pages.Console.Count;
        var page = await OpenDashboardAsync();
        var day = new DateOnly(2015, 11, 1);
        var report = Samples.PlainReport(day, arrivals: 777);
        report["notes"] = $"{ScriptText} {ImageText}";
        await Network.SubmitReportAsync("MK", report);
        var id = await AnnounceAsync("SI", ImageText, ScriptText);

        var wait = new LocatorAssertionsToHaveTextOptions { Timeout = AcceptanceWait };
        var notes = page.Locator($"#feed li[data-item='{Network.ReportKey("MK", day)}'] q.notes");
        var title = page.Locator($"#measures tr[data-measure='{id}'] .measure-title");
        var description = page.Locator($"#measures tr[data-measure='{id}'] .measure-description");
        await Expect(notes).ToHaveTextAsync($"{ScriptText} {ImageText}", wait);
        await Expect(title).ToHaveTextAsync(ImageText, wait);
        await Expect(description).ToHaveTextAsync(ScriptText, wait);
        Assert.That(await page.Locator("#main img, #main script").CountAsync(), Is.Zero, "no element was made from the text");

        // Loaded afresh from the API rather than pushed: still text, and the page says what may run.
        var response = await page.ReloadAsync();
        Assert.That(response, Is.Not.Null);
        var headers = await response!.AllHeadersAsync();
        Assert.That(headers, Does.ContainKey("content-security-policy"));
        Assert.That(headers["content-security-policy"], Does.Contain("script-src 'self'").And.Not.Contain("unsafe-inline"));
        await Expect(page.Locator("#feed-state")).ToHaveTextAsync("live.", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await Expect(title).ToHaveTextAsync(ImageText, wait);
        await Expect(page.Locator($"#feed li[data-item='{Network.ReportKey("MK", day)}'] q.notes")).ToHaveTextAsync($"{ScriptText} {ImageText}", wait);

        Assert.That(await page.EvaluateAsync<string>("typeof window.__pwned"), Is.EqualTo("undefined"), "no script from the text ran");
        lock (_pages.ForeignRequests)
            Assert.That(_pages.ForeignRequests, Is.Empty, "the page loads nothing from another origin");
        lock (_pages.Console)
            Assert.That(_pages.Console.Skip(before), Is.Empty, "no script error, warning or CSP violation on this page");
        await Pages.ScreenshotAsync(page, "dashboard-free-text");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Should_show_the_offline_banner_and_catch_up_after_the_aggregator_restarts()
    {
        var page = await OpenDashboardAsync();
        var day = new DateOnly(2015, 12, 1);
        await Expect(page.Locator("#offline")).ToBeHiddenAsync();
        // The day to watch: one country's report does not make a day the dashboard opens on by itself.
        await page.FillAsync("#picture-date", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Expect(page.Locator("#picture-day")).ToHaveTextAsync("2015-12-01");

        // The page may reconnect only once the aggregator has stored and pushed the report, so the push is
        // lost and the page can only show it by catching up from the last feed item it saw.
        var release = await Pages.HoldOffHubAsync(page, "/hubs/feed");
        Network.Aggregator.Kill();
        await Expect(page.Locator("#offline")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        await Pages.ScreenshotAsync(page, "dashboard-offline");

        // Posted while the aggregator is down: the report waits on the broker.
        await Network.SubmitReportAsync("HR", Samples.PlainReport(day, arrivals: 2468));
        Network.Aggregator.Start();
        await Network.Aggregator.WaitUntilReadyAsync();
        await Network.WaitForFeedItemAsync(Network.ReportKey("HR", day));
        await Task.Delay(1000); // the push follows the commit
        await Expect(page.Locator("#offline")).ToBeVisibleAsync();
        await Expect(page.Locator($"#feed li[data-item='{Network.ReportKey("HR", day)}']")).ToHaveCountAsync(0);

        await release();
        var wait = new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 };
        await Expect(page.Locator("#feed-state")).ToHaveTextAsync("live.", wait);
        await Expect(page.Locator("#offline")).ToBeHiddenAsync();
        await Expect(page.Locator($"#feed li[data-item='{Network.ReportKey("HR", day)}']")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        await Expect(page.Locator("#picture tr[data-country='HR'] td.arrivals")).ToHaveTextAsync("2,468", wait);
        var sequences = await page.Locator("#feed li").EvaluateAllAsync<long[]>("items => items.map(i => Number(i.dataset.sequence))");
        Assert.That(sequences, Is.Ordered.Descending.And.Unique, "the feed shows each item once, newest first");
        Assert.That(sequences[0] - sequences[^1] + 1, Is.EqualTo(sequences.Length), "no gap in the feed after the reconnect");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The README's screenshot, the 1366-wide laptop viewport (not the full page), written to docs/ only
    /// when BALKANHUB_UPDATE_DOCS=1, so an ordinary test run leaves the repository as it was.
    /// </summary>
    static async Task KeepForReadmeAsync(IPage page)
    {
        if (Environment.GetEnvironmentVariable("BALKANHUB_UPDATE_DOCS") != "1")
            return;
        var docs = Path.Combine(Repository.Root, "docs");
        Directory.CreateDirectory(docs);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(docs, "dashboard.png"), FullPage = false });
    }
}
