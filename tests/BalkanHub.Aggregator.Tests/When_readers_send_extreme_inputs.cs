using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Days at the ends of the calendar, filters that name nothing, pages out of range and a return address
/// that leads off the site: each is a 400 (or a refused hub call) naming what is wrong, never a 500 and
/// never a silent "everything".
/// </summary>
[TestFixture]
public sealed partial class When_readers_send_extreme_inputs : AggregatorFixture
{
    [OneTimeSetUp]
    public async Task Start()
    {
        await Host.ContactPoints.Publish(Messages.Report("HR", new DateOnly(2015, 10, 20)));
        await Host.WaitUntilAsync(db => db.Items.AnyAsync(i => i.ItemKey == "report:HR:2015-10-20:v1"), "HR's report");
    }

    HttpClient Commission() => Host.ClientWith(Host.Key.Token("EU", "commission"));

    [TestCase("/api/picture?date=9999-12-31", "date")]
    [TestCase("/api/trends?date=0001-01-01", "date")]
    [TestCase("/api/dashboard/series?to=0001-01-01&days=366", "to")]
    [TestCase("/api/compliance?from=9999-12-01&to=9999-12-31", "from")]
    [TestCase("/api/feed?kind=rumour", "kind")]
    [TestCase("/api/feed?source=XX", "source")]
    [TestCase("/api/feed?exercise=maybe", "exercise")]
    public async Task Should_answer_400_naming_the_parameter(string path, string field)
    {
        using var client = Commission();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
    }

    [Test]
    public async Task Should_keep_what_the_feed_filters_name()
    {
        using var client = Commission();
        var reports = (await client.GetFromJsonAsync<JsonObject>("/api/feed?kind=dailyReport&source=HR&exercise=false"))!["items"]!.AsArray();
        var alerts = (await client.GetFromJsonAsync<JsonObject>("/api/feed?kind=alert&source=HR"))!["items"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(reports.Select(i => (string?)i!["itemKey"]), Is.EqualTo(new[] { "report:HR:2015-10-20:v1" }));
            Assert.That(alerts, Is.Empty, "HR raised no alert");
        });
    }

    [TestCase(0)]
    [TestCase(1001)]
    public async Task Should_refuse_a_feed_catch_up_with_a_limit_outside_1_to_1000(int limit)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Host.Factory.Server.BaseAddress, "hubs/feed"), o =>
            {
                o.HttpMessageHandlerFactory = _ => Host.Factory.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(Host.Key.Token("EU", "commission"));
            })
            .Build();
        await connection.StartAsync();
        var refused = Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<List<JsonObject>>("EntriesAfter", 0L, limit));
        Assert.That(refused!.Message, Does.Contain("limit must be between 1 and 1000"));
        Assert.That(await connection.InvokeAsync<List<JsonObject>>("EntriesAfter", 0L, 1000), Is.Not.Empty, "and serve one inside it");
    }

    [TestCase("/\\evil.example")]
    [TestCase("//evil.example")]
    public async Task Should_refuse_a_sign_in_that_would_return_off_the_site(string returnUrl)
    {
        using var browser = Host.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var page = await browser.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var token = AntiforgeryField().Match(page);
        Assert.That(token.Success, Is.True, "the page carries an antiforgery token");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["identity"] = "HR officer",
            ["returnUrl"] = returnUrl,
        });
        using var response = await browser.PostAsync(new Uri("/signin", UriKind.Relative), form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Does.Contain("returnUrl"));
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>__RequestVerificationToken[^\"]*)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex AntiforgeryField();
}
