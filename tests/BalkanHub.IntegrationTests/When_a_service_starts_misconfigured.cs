namespace BalkanHub.IntegrationTests;

/// <summary>
/// A service with a wrong setting stops at once and says which key to fix, instead of starting half
/// working: an operator in a national data centre reads the message, not the source.
/// </summary>
[FixtureClock]
[TestFixture]
[Category("EndToEnd")]
public sealed class When_a_service_starts_misconfigured
{
    string _dir = null!;
    SigningKeys _signing = null!;
    DevelopmentKey _key = null!;

    [OneTimeSetUp]
    public void Prepare()
    {
        _dir = Directory.CreateTempSubdirectory("balkanhub-misconfigured.").FullName;
        _signing = new SigningKeys(Path.Combine(_dir, "keys"));
        _key = new DevelopmentKey();
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    /// <summary>A contact point's settings that would start, with one changed.</summary>
    Dictionary<string, string> ContactPoint(string key, string value)
    {
        var settings = new Dictionary<string, string>
        {
            ["Auth__DevelopmentKey"] = _key.Base64,
            // Nothing listens on port 9: the service must fail on the setting before it ever tries.
            ["RabbitMq__Uri"] = "amqp://contact-point-mk:secret@127.0.0.1:9/",
            ["ContactPoint__Country"] = "MK",
            ["Signing__PrivateKeyPath"] = _signing.PrivateKeyPath("MK"),
            ["Signing__KeyId"] = SigningKeys.KeyId("MK"),
            ["ConnectionStrings__ContactPoint"] = $"Data Source={Path.Combine(_dir, $"cp-{Guid.NewGuid():N}.db")}",
        };
        settings[key] = value;
        return settings;
    }

    Dictionary<string, string> Aggregator(string key, string value)
    {
        var settings = new Dictionary<string, string>
        {
            ["Auth__DevelopmentKey"] = _key.Base64,
            ["RabbitMq__Uri"] = "amqp://aggregator:secret@127.0.0.1:9/",
            ["Signing__TrustedKeysPath"] = _signing.TrustedKeysPath,
            ["ConnectionStrings__Aggregator"] = $"Data Source={Path.Combine(_dir, $"agg-{Guid.NewGuid():N}.db")}",
        };
        settings[key] = value;
        return settings;
    }

    static async Task<string> ExpectStopAsync(string project, Dictionary<string, string> settings)
    {
        await using var service = new ServiceProcess("misconfigured", project, Ports.Free(), settings);
        service.Start();
        var exit = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.That(exit, Is.Not.Null.And.Not.Zero, $"the service stops, with an error:\n{service.FullLog}");
        return service.FullLog;
    }

    [TestCase("ContactPoint__Country", "XX", "ContactPoint:Country is 'XX'")]
    [TestCase("ContactPoint__Country", "", "ContactPoint:Country")]
    [TestCase("Signing__PrivateKeyPath", "/nonexistent/mk.pem", "Signing:PrivateKeyPath")]
    [TestCase("RabbitMq__Uri", "broker.example:5672", "RabbitMq:Uri")]
    [TestCase("RabbitMq__ClusterNodes__0", "node-2:notaport", "RabbitMq:ClusterNodes")]
    [TestCase("ConnectionStrings__ContactPoint", "Data Source=/proc/balkanhub/contact-point.db", "ConnectionStrings:ContactPoint")]
    [TestCase("Retention__HistoryDays", "0", "HistoryDays")]
    [TestCase("Auth__DevelopmentKey", "c2hvcnQ=", "Auth:DevelopmentKey")]
    [TestCase("Notifications__Webhooks__0__Url", "hooks.example/balkanhub", "Notifications:Webhooks:0:Url")]
    [TestCase("Notifications__AttemptsPerRound", "0", "AttemptsPerRound")]
    [TestCase("Limits__PerSecond", "0", "PerSecond")]
    public async Task Should_stop_a_contact_point_and_name_the_key(string key, string value, string named)
    {
        var log = await ExpectStopAsync("BalkanHub.ContactPoint", ContactPoint(key, value));
        Assert.That(log, Does.Contain(named));
    }

    [Test]
    public async Task Should_refuse_the_scenario_clock_outside_development_and_name_it()
    {
        var settings = ContactPoint("ScenarioClock__Start", "2015-10-15T00:00:00Z");
        settings["ScenarioClock__RealStart"] = "2026-01-01T00:00:00Z";
        settings["ScenarioClock__SecondsPerDay"] = "5";
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        var log = await ExpectStopAsync("BalkanHub.ContactPoint", settings);
        Assert.That(log, Does.Contain("ScenarioClock:Start (the scenario clock) is set, but this is the Production environment"));
    }

    [TestCase("ScenarioClock__SecondsPerDay", "0", "SecondsPerDay")]
    public async Task Should_stop_a_contact_point_with_a_bad_scenario_clock_and_name_the_key(string key, string value, string named)
    {
        var settings = ContactPoint("ScenarioClock__Start", "2015-10-15T00:00:00Z");
        settings["ScenarioClock__RealStart"] = "2026-01-01T00:00:00Z";
        settings[key] = value;
        var log = await ExpectStopAsync("BalkanHub.ContactPoint", settings);
        Assert.That(log, Does.Contain(named).IgnoreCase);
    }

    [TestCase("Database__Provider", "Oracle", "Database:Provider is 'Oracle'")]
    [TestCase("ConnectionStrings__Aggregator", "Data Source=/proc/balkanhub/aggregator.db", "ConnectionStrings:Aggregator")]
    [TestCase("Retention__AuditDays", "0", "AuditDays")]
    [TestCase("Auth__Authority", "login.example", "Auth:Authority is 'login.example'")]
    [TestCase("Auth__Audience", "", "Audience")]
    public async Task Should_stop_the_aggregator_and_name_the_key(string key, string value, string named)
    {
        var log = await ExpectStopAsync("BalkanHub.Aggregator", Aggregator(key, value));
        Assert.That(log, Does.Contain(named));
    }

    [Test]
    public async Task Should_stop_an_aggregator_whose_postgresql_server_cannot_be_reached()
    {
        var settings = Aggregator("Database__Provider", "Postgres");
        settings["ConnectionStrings__Aggregator"] = $"Host=127.0.0.1;Port={Ports.Free()};Database=hub;Username=hub;Password=x;Timeout=3";
        var log = await ExpectStopAsync("BalkanHub.Aggregator", settings);
        Assert.That(log, Does.Contain("ConnectionStrings:Aggregator"));
    }
}
