using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace BalkanHub.IntegrationTests.Browser;

/// <summary>
/// A rehearsal runs the services as production does (Production, Auth:Authority, no development key) on
/// the rehearsal identity provider. An officer of Greece and the Commission sign in in Chromium with the
/// OpenID Connect authorization code flow and PKCE; their sessions work on the API and the hubs. A
/// token that a public client obtains the same way works as a bearer token on the API and the hubs, and
/// a code is worth nothing without its PKCE verifier.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class When_people_sign_in_through_the_rehearsal_identity_provider() : NetworkFixture("GR")
{
    const string PublicClient = "balkanhub-cli";
    readonly TlsFiles _tls = new();
    readonly Dictionary<string, (string Secret, string RedirectUri)> _clients = new(StringComparer.Ordinal);
    int _identityPort;
    int _callbackPort;
    ServiceProcess _identity = null!;
    Pages _pages = null!;

    Uri Authority => new($"http://127.0.0.1:{_identityPort}/");

    string CallbackUri => $"http://127.0.0.1:{_callbackPort}/callback";

    protected override Task PrepareAsync()
    {
        _identityPort = Ports.Free();
        _callbackPort = Ports.Free();
        return Task.CompletedTask;
    }

    protected override Task<PrivateBroker> StartBrokerAsync() => PrivateBroker.StartWithTlsAsync(_tls);

    protected override TlsFiles? Tls => _tls;

    protected override void Configure(string service, IDictionary<string, string?> settings)
    {
        var clientId = service == "aggregator" ? "aggregator" : $"contact-point-{service.ToLowerInvariant()}";
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _clients[clientId] = (secret, $"{settings["ASPNETCORE_URLS"]}/signin-oidc");
        // As shipped: Production, whose sign-in is the identity provider's; the development key is refused there.
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        settings["Auth__DevelopmentKey"] = null;
        settings["Auth__Authority"] = Authority.ToString();
        // The rehearsal provider on this machine speaks plain HTTP; the services themselves speak HTTPS.
        settings["Auth__RequireHttpsMetadata"] = "false";
        settings["Auth__ClientId"] = clientId;
        settings["Auth__ClientSecret"] = secret;
    }

    [OneTimeSetUp]
    public async Task Start_the_identity_provider_and_the_browser()
    {
        var environment = new Dictionary<string, string>
        {
            ["Rehearsal__AllowHttp"] = "true",
            [$"Rehearsal__Clients__0__ClientId"] = PublicClient,
            [$"Rehearsal__Clients__0__RedirectUris__0"] = CallbackUri,
        };
        var n = 1;
        foreach (var (clientId, (secret, redirect)) in _clients)
        {
            environment[$"Rehearsal__Clients__{n}__ClientId"] = clientId;
            environment[$"Rehearsal__Clients__{n}__ClientSecret"] = secret;
            environment[$"Rehearsal__Clients__{n}__RedirectUris__0"] = redirect;
            n++;
        }
        _identity = new ServiceProcess("rehearsal-identity", "BalkanHub.RehearsalIdentity", _identityPort, environment)
        {
            LogFile = Path.Combine(Network.DataDir, "rehearsal-identity.log"),
        };
        _identity.Start();
        await _identity.WaitUntilReadyAsync();
        _pages = await Pages.StartAsync();
    }

    [OneTimeTearDown]
    public async Task Stop_the_identity_provider_and_the_browser()
    {
        if (_pages is not null)
            await _pages.DisposeAsync();
        if (_identity is not null)
            await _identity.DisposeAsync();
        _tls.Dispose();
    }

    /// <summary>Goes to the service's sign-in, checks the provider was asked for a code with PKCE, and picks <paramref name="identity"/>.</summary>
    async Task<IPage> SignInAsync(ServiceProcess service, string identity, string screenshot)
    {
        var page = await _pages.OpenAsync(service.BaseAddress, "/signin?returnUrl=%2F");
        await page.WaitForURLAsync(url => url.StartsWith(Authority.ToString(), StringComparison.Ordinal));
        var asked = new Uri(page.Url);
        Assert.Multiple(() =>
        {
            Assert.That(asked.AbsolutePath, Is.EqualTo("/connect/authorize"), "the service hands over to the identity provider");
            Assert.That(asked.Query, Does.Contain("response_type=code"), "authorization code flow");
            Assert.That(asked.Query, Does.Contain("code_challenge=").And.Contain("code_challenge_method=S256"), "with PKCE");
        });
        await Pages.ScreenshotAsync(page, screenshot);
        await page.Locator($"button[name=rehearsal_identity][value='{identity}']").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(service.BaseAddress.ToString(), StringComparison.Ordinal) && new Uri(url).AbsolutePath == "/");
        return page;
    }

    /// <summary>What the page's own session gets from <paramref name="path"/> (status and body), as its scripts would.</summary>
    static async Task<(int Status, string Body)> FetchAsync(IPage page, string path, string method = "GET")
    {
        var answer = JsonNode.Parse(await page.EvaluateAsync<string>(
            "async ([path, method]) => { const r = await fetch(path, { method, credentials: 'same-origin' }); return JSON.stringify({ status: r.status, body: await r.text() }); }",
            new[] { path, method }))!;
        return ((int)answer["status"]!, (string)answer["body"]!);
    }

    [Test]
    public async Task Should_sign_an_officer_in_whose_session_works_on_the_api_and_the_alerts_hub()
    {
        var greece = Network.ContactPoints["GR"];
        var page = await SignInAsync(greece, "GR officer", "rehearsal-identity-sign-in");

        var me = await FetchAsync(page, "/api/me");
        Assert.That(me.Status, Is.EqualTo(200), me.Body);
        var caller = JsonNode.Parse(me.Body)!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)caller["country"], Is.EqualTo("GR"), "the provider's country claim");
            Assert.That(caller["roles"]!.AsArray().Select(r => (string?)r), Is.EqualTo(new[] { "officer" }), "the provider's role claim");
        });
        Assert.That((await FetchAsync(page, "/api/inbox")).Status, Is.EqualTo(200), "the session reads the inbox");
        Assert.That((await FetchAsync(page, "/hubs/alerts/negotiate?negotiateVersion=1", "POST")).Status, Is.EqualTo(200), "the session may join the alerts hub");
        await Pages.ScreenshotAsync(page, "rehearsal-identity-officer-console");

        // A fresh browser has no session: the API answers 401 (a program is not sent to a sign-in page).
        var stranger = await _pages.OpenAsync(greece.BaseAddress, "/health/ready");
        Assert.That((await FetchAsync(stranger, "/api/me")).Status, Is.EqualTo(401), "no session without signing in");
        using var anonymous = Network.Client(greece.BaseAddress, token: null, greece.Https!.Handler());
        using var unsigned = await anonymous.GetAsync(new Uri("/api/inbox", UriKind.Relative));
        Assert.That(unsigned.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "nor is a client without a token");
    }

    [Test]
    public async Task Should_sign_the_commission_in_whose_session_works_on_the_api_and_the_feed_hub()
    {
        var page = await SignInAsync(Network.Aggregator, "EU commission", "rehearsal-identity-sign-in-aggregator");
        var me = JsonNode.Parse((await FetchAsync(page, "/api/me")).Body)!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)me["country"], Is.EqualTo("EU"));
            Assert.That(me["roles"]!.AsArray().Select(r => (string?)r), Is.EqualTo(new[] { "commission" }));
        });
        Assert.That((await FetchAsync(page, "/api/feed")).Status, Is.EqualTo(200), "the Commission reads the feed");
        Assert.That((await FetchAsync(page, "/hubs/feed/negotiate?negotiateVersion=1", "POST")).Status, Is.EqualTo(200), "and may join the feed hub");
    }

    /// <summary>A PKCE pair: a random verifier and its S256 challenge.</summary>
    static (string Verifier, string Challenge) Pkce()
    {
        static string Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var verifier = Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>
    /// The public client's sign-in in the browser as <paramref name="identity"/>: the provider sends a code
    /// to the client's callback address, which the browser plays here (a command line would listen there).
    /// </summary>
    async Task<string> CodeAsync(string identity, string challenge)
    {
        var page = await _pages.OpenAsync(Authority, "/health/ready");
        var callback = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync($"{CallbackUri}**", async route =>
        {
            callback.TrySetResult(new Uri(route.Request.Url));
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/plain", Body = "Signed in; you may close this window." });
        });
        await page.GotoAsync($"/connect/authorize?client_id={PublicClient}&redirect_uri={Uri.EscapeDataString(CallbackUri)}&response_type=code" +
            $"&scope=openid%20profile&state=s1&code_challenge={challenge}&code_challenge_method=S256");
        await page.Locator($"button[name=rehearsal_identity][value='{identity}']").ClickAsync();
        var returned = await callback.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var code = System.Web.HttpUtility.ParseQueryString(returned.Query)["code"];
        Assert.That(code, Is.Not.Null.And.Not.Empty, "the provider sent a code back");
        return code!;
    }

    Task<HttpResponseMessage> ExchangeAsync(HttpClient provider, string code, string? verifier)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = CallbackUri, ["client_id"] = PublicClient };
        if (verifier is not null)
            form["code_verifier"] = verifier;
        return provider.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(form));
    }

    [Test]
    public async Task Should_give_a_public_client_a_token_that_works_on_the_api_and_the_hub_and_nothing_without_its_verifier()
    {
        using var provider = new HttpClient { BaseAddress = Authority };
        var (_, stolenChallenge) = Pkce();
        using (var refused = await ExchangeAsync(provider, await CodeAsync("GR officer", stolenChallenge), verifier: null))
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a code without its PKCE verifier is worth nothing");
        var (verifier, challenge) = Pkce();
        using (var wrong = await ExchangeAsync(provider, await CodeAsync("GR officer", challenge), Pkce().Verifier))
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "nor with another verifier");

        using var exchanged = await ExchangeAsync(provider, await CodeAsync("GR officer", challenge), verifier);
        var tokens = await exchanged.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(exchanged.StatusCode, Is.EqualTo(HttpStatusCode.OK), tokens?.ToJsonString());
        var accessToken = (string)tokens!["access_token"]!;

        var greece = Network.ContactPoints["GR"];
        using var api = Network.Client(greece.BaseAddress, accessToken, greece.Https!.Handler());
        var me = await api.GetFromJsonAsync<JsonObject>(new Uri("/api/me", UriKind.Relative));
        Assert.That((string?)me!["country"], Is.EqualTo("GR"), "the bearer token is the officer of Greece on the API");
        using var aggregator = Network.Client(Network.Aggregator.BaseAddress, accessToken, Network.Aggregator.Https!.Handler());
        using var commissionOnly = await aggregator.GetAsync(new Uri("/api/admin/dead-letters", UriKind.Relative));
        Assert.That(commissionOnly.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "and nothing more than that officer on the aggregator");

        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(greece.BaseAddress, "hubs/alerts"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                o.HttpMessageHandlerFactory = _ => greece.Https!.Handler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        await hub.StartAsync();
        Assert.That(hub.State, Is.EqualTo(HubConnectionState.Connected), "and on the alerts hub");
    }
}
