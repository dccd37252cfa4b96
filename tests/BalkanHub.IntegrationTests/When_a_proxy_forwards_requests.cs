namespace BalkanHub.IntegrationTests;

/// <summary>
/// Behind an ingress every request arrives from the proxy. Greece's contact point trusts the proxy on
/// 127.0.0.1 (Proxies:Known), so X-Forwarded-For names the client for its rate limit and its audit
/// trail; North Macedonia's trusts no proxy, so the same header, which anyone could write, is ignored.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_a_proxy_forwards_requests() : NetworkFixture("GR", "MK")
{
    const string Client = "203.0.113.7", OtherClient = "203.0.113.8";

    protected override void Configure(string service, IDictionary<string, string?> settings)
    {
        if (service == "GR")
            settings["Proxies__Known__0"] = "127.0.0.1";
        // A small bucket per caller, so a few requests run it dry.
        settings["Limits__PerSecond"] = "1";
        settings["Limits__Burst"] = "3";
    }

    /// <summary>An anonymous read, as a proxy forwards it for <paramref name="client"/>; answers its status.</summary>
    async Task<int> AnonymousReadAsync(string country, string client)
    {
        using var http = Network.Client(Network.ContactPoints[country].BaseAddress, token: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/inbox");
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }

    async Task RunDryAsync(string country, string client)
    {
        for (var i = 0; i < 20; i++)
            if (await AnonymousReadAsync(country, client) == 429)
                return;
        Assert.Fail($"{country} never limited {client}");
    }

    [Test]
    public async Task Should_rate_limit_each_client_of_a_known_proxy_apart()
    {
        await RunDryAsync("GR", Client);
        Assert.That(await AnonymousReadAsync("GR", OtherClient), Is.EqualTo(401), "another client behind the same proxy has a bucket of its own");
    }

    [Test]
    public async Task Should_ignore_the_header_from_a_proxy_it_does_not_know()
    {
        await RunDryAsync("MK", Client);
        // The header is not believed, so every caller is the proxy's address and shares its empty bucket
        // (it refills at one a second: three requests in a row cannot all find a token).
        var answers = new List<int>();
        for (var i = 0; i < 3; i++)
            answers.Add(await AnonymousReadAsync("MK", OtherClient));
        Assert.That(answers, Has.Some.EqualTo(429), "a forged X-Forwarded-For does not buy a fresh bucket");
    }

    [Test]
    public async Task Should_audit_what_a_client_behind_a_known_proxy_did_from_the_clients_address()
    {
        await PostAsync("GR", Samples.GreekReport(new DateOnly(2015, 10, 20)), Client);
        await PostAsync("MK", Samples.PlainReport(new DateOnly(2015, 10, 20)), Client);

        var greek = await AuditedOriginAsync("GR");
        var macedonian = await AuditedOriginAsync("MK");
        // The trail gives the caller's address, then the broker user that carried the message.
        Assert.That(greek, Does.StartWith($"{Client},"), "Greece's proxy is known: the client's address is recorded");
        Assert.That(macedonian, Does.StartWith("127.0.0.1,"), "North Macedonia knows no proxy: the address that connected is recorded");
    }

    async Task PostAsync(string country, JsonObject report, string client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/reports") { Content = JsonContent.Create(report) };
        request.Headers.Add("X-Forwarded-For", client);
        using var response = await Network.Http(country).SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
    }

    /// <summary>The address the aggregator's audit trail gives for the country's accepted report of 20 October.</summary>
    async Task<string?> AuditedOriginAsync(string country)
    {
        var entry = await Eventually.Get(async () =>
            (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>($"api/audit?actorCountry={country}&limit=1000"))!["items"]!.AsArray()
                .FirstOrDefault(e => ((string?)e!["target"] ?? "").Contains("2015-10-20", StringComparison.Ordinal) || ((string?)e["action"] ?? "").Contains("report", StringComparison.OrdinalIgnoreCase)),
            $"{country}'s report in the audit trail");
        return (string?)entry!["origin"];
    }
}
