using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>A country acts only as itself; the Commission reads everything and writes nothing national.</summary>
[TestFixture]
[Category("Security")]
public sealed class When_callers_present_tokens
{
    ContactPointHost _greece = null!;

    [OneTimeSetUp]
    public async Task Start() => _greece = await ContactPointHost.StartAsync("GR");

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_greece is not null)
            await _greece.DisposeAsync();
    }

    HttpClient As(string? country, string? role = "officer") =>
        _greece.ClientWith(country is null ? null : _greece.Key.Token(country, role!));

    static readonly string[] Reads = ["/api/reports", "/api/measures", "/api/inbox"];

    [Test]
    public async Task Should_answer_401_without_a_token()
    {
        using var anonymous = As(null);
        foreach (var path in Reads)
            Assert.That((await anonymous.GetAsync(new Uri(path, UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
        using var post = await anonymous.PostAsJsonAsync("/api/reports", Samples.GreekReport(new DateOnly(2015, 11, 1)));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "probes stay open");
    }

    [TestCase("country", "GR", "MK", TestName = "Should_answer_401_naming_country_to_a_token_with_two_countries")]
    [TestCase("role", "officer", "viewer", TestName = "Should_answer_401_naming_role_to_a_token_with_two_roles")]
    public async Task Should_answer_401_naming_the_claim_to_a_token_with_two_values(string claim, string first, string second)
    {
        var claims = new List<System.Security.Claims.Claim> { new("country", "GR"), new("role", "officer") };
        claims.RemoveAll(c => c.Type == claim);
        claims.Add(new(claim, first));
        claims.Add(new(claim, second));
        using var client = _greece.ClientWith(_greece.Key.TokenWith([.. claims]));
        using var read = await client.GetAsync(new Uri("/api/reports", UriKind.Relative));
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var problem = await read.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        Assert.Multiple(() =>
        {
            Assert.That((string?)problem!["claim"], Is.EqualTo(claim));
            Assert.That((string?)problem["detail"], Does.Contain($"'{claim}'"));
            Assert.That(read.Headers.WwwAuthenticate.ToString(), Does.Contain("invalid_token"));
        });
        using var post = await client.PostAsJsonAsync("/api/reports", Samples.GreekReport(new DateOnly(2015, 10, 3)));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "nor may it write");
    }

    [Test]
    public async Task Should_answer_403_to_an_officer_of_another_country_and_store_nothing()
    {
        using var serbia = As("RS");
        var report = Samples.GreekReport(new DateOnly(2015, 11, 2));
        report["country"] = "GR";
        using var post = await serbia.PostAsJsonAsync("/api/reports", report);
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await serbia.GetAsync(new Uri("/api/inbox", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "nor read GR's inbox");
        Assert.That(await _greece.QueryAsync(db => db.Reports.CountAsync(r => r.ReportDate == new DateOnly(2015, 11, 2))), Is.Zero);
    }

    [Test]
    public async Task Should_answer_403_when_an_officer_posts_a_report_in_another_countrys_name()
    {
        using var greece = As("GR");
        var report = Samples.PlainReport(new DateOnly(2015, 11, 3));
        report["country"] = "RS";
        using var post = await greece.PostAsJsonAsync("/api/reports", report);
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await _greece.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Body.Contains("2015-11-03"))), Is.Zero, "nothing published");
    }

    [Test]
    public async Task Should_let_the_Commission_read_everything_and_write_nothing_national()
    {
        using var commission = As("EU", "commission");
        foreach (var path in Reads)
            Assert.That((await commission.GetAsync(new Uri(path, UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        using var report = await commission.PostAsJsonAsync("/api/reports", Samples.GreekReport(new DateOnly(2015, 11, 4)));
        using var measure = await commission.PostAsJsonAsync("/api/measures", new { type = "other", title = "x", severity = "minor", effectiveFrom = DateTimeOffset.UtcNow });
        using var ack = await commission.PostAsync(new Uri("/api/inbox/1/ack", UriKind.Relative), null);
        Assert.Multiple(() =>
        {
            Assert.That(report.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(measure.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Should_let_a_viewer_read_its_country_but_not_write()
    {
        using var viewer = As("GR", "viewer");
        Assert.That((await viewer.GetAsync(new Uri("/api/inbox", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var post = await viewer.PostAsJsonAsync("/api/reports", Samples.GreekReport(new DateOnly(2015, 11, 5)));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Should_refuse_a_neighbours_viewer_on_this_countrys_alerts_hub()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_greece.Factory.Server.BaseAddress, "hubs/alerts"), o =>
            {
                o.HttpMessageHandlerFactory = _ => _greece.Factory.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(_greece.Key.Token("MK", "viewer"));
            })
            .Build();
        var refused = Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}

/// <summary>In production, only the identity provider's keys are trusted; the development key never is.</summary>
[TestFixture]
[Category("Security")]
public sealed class When_a_production_contact_point_checks_tokens
{
    IdentityProvider _idp = null!;
    IdentityProvider _stranger = null!;
    ContactPointHost _host = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _idp = await IdentityProvider.StartAsync();
        _stranger = await IdentityProvider.StartAsync();
        _host = await ContactPointHost.StartAsync("GR", b => b
            .UseEnvironment("Production")
            .UseSetting("Auth:DevelopmentKey", "")
            .UseSetting("Auth:Authority", _idp.Authority.ToString())
            .UseSetting("Auth:RequireHttpsMetadata", "false"));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_host is not null)
            await _host.DisposeAsync();
        if (_idp is not null)
            await _idp.DisposeAsync();
        if (_stranger is not null)
            await _stranger.DisposeAsync();
    }

    async Task<HttpStatusCode> ReadWith(string token)
    {
        using var client = _host.ClientWith(token);
        return (await client.GetAsync(new Uri("/api/reports", UriKind.Relative))).StatusCode;
    }

    [Test]
    public async Task Should_accept_a_token_the_identity_provider_signed() =>
        Assert.That(await ReadWith(_idp.Token("GR", "officer")), Is.EqualTo(HttpStatusCode.OK));

    [Test]
    public async Task Should_refuse_a_token_signed_by_any_other_key() =>
        Assert.That(await ReadWith(_stranger.Token("GR", "officer")), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task Should_refuse_the_development_key() =>
        Assert.That(await ReadWith(_host.Key.Token("GR", "officer")), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public void Should_refuse_to_start_with_a_development_key()
    {
        var failure = Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var _ = await ContactPointHost.StartAsync("GR", b => b
                .UseEnvironment("Production")
                .UseSetting("Auth:Authority", _idp.Authority.ToString()));
        });
        Assert.That(failure!.Message, Does.Contain("Auth:DevelopmentKey"));
    }
}

/// <summary>In Development a browser signs in by picking one of the local network's identities.</summary>
[TestFixture]
[Category("Security")]
public sealed class When_a_developer_signs_in_with_a_browser
{
    [Test]
    public async Task Should_list_the_identities_and_sign_in_with_a_cookie_that_the_policies_honour()
    {
        await using var host = await ContactPointHost.StartAsync("SI");
        using var browser = host.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

        Assert.That((await browser.GetAsync(new Uri("/api/inbox", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var page = await browser.GetStringAsync(new Uri("/signin", UriKind.Relative));
        Assert.That(page, Does.Contain("value=\"SI officer\"").And.Contain("value=\"EU commission\"").And.Contain("value=\"UNHCR agency\""));
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["identity"] = "SI viewer",
            ["returnUrl"] = "/api/inbox",
        });
        using var signIn = await browser.PostAsync(new Uri("/signin", UriKind.Relative), form);
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(signIn.Headers.Location?.ToString(), Is.EqualTo("/api/inbox"));

        Assert.That((await browser.GetAsync(new Uri("/api/inbox", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a viewer reads");
        using var post = await browser.PostAsJsonAsync("/api/reports", Samples.PlainReport(new DateOnly(2015, 10, 22)));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "and does not write");
    }
}
