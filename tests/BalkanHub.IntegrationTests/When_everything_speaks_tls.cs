namespace BalkanHub.IntegrationTests;

/// <summary>
/// A contact point in a national data centre reaches the hub across networks it does not control. With
/// a throwaway CA, the broker listens for AMQPS, the services answer HTTPS, and Greece's report reaches
/// North Macedonia's inbox end to end, every broker connection encrypted.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_everything_speaks_tls() : NetworkFixture("GR", "MK")
{
    readonly TlsFiles _tls = new();

    protected override Task<PrivateBroker> StartBrokerAsync() => PrivateBroker.StartWithTlsAsync(_tls);

    protected override TlsFiles? Tls => _tls;

    // Before the network stops (NUnit's analyzers want disposal in a teardown): its processes no longer need it.
    [OneTimeTearDown]
    public void Remove_the_certificates() => _tls.Dispose();

    [Test]
    public async Task Should_relay_a_report_end_to_end_over_https_and_amqps()
    {
        Assert.That(Network.Aggregator.BaseAddress.Scheme, Is.EqualTo("https"));
        var day = new DateOnly(2015, 11, 20);
        await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        var item = await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", day));
        Assert.That((string?)item["source"], Is.EqualTo("GR"));
        await Network.WaitForFeedItemAsync(Network.ReportKey("GR", day));

        var connections = await Broker.ConnectionsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(connections.Select(c => c.User), Is.SupersetOf(new[] { "aggregator", "contact-point-gr", "contact-point-mk" }));
            Assert.That(connections.Where(c => !c.Tls).Select(c => c.User), Is.Empty, "no service talks to the broker in plain text");
        });
    }

    [Test]
    public async Task Should_refuse_aBroker_whose_certificate_it_cannot_trust()
    {
        // The contact point trusts only the operating system's CAs: the test CA's certificate is refused,
        // so its broker connection never opens, and no plain-text fallback happens.
        using var other = new TlsFiles();
        await using var untrusting = new ServiceProcess("contact-point-mk-untrusting", "BalkanHub.ContactPoint", Ports.Free(),
            new Dictionary<string, string>(Network.ContactPoints["MK"].Environment.Where(e => e.Value is not null && !e.Key.StartsWith("ASPNETCORE_URLS", StringComparison.Ordinal)
                && !e.Key.StartsWith("Kestrel", StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value!))
            {
                ["RabbitMq__CaCertificatePath"] = other.AuthorityPath,
                ["ConnectionStrings__ContactPoint"] = $"Data Source={Path.Combine(Network.DataDir, "untrusting.db")}",
            });
        untrusting.Start();
        await Eventually.True(() => Task.FromResult(untrusting.FullLog.Contains("RemoteCertificate", StringComparison.Ordinal)
                || untrusting.FullLog.Contains("certificate", StringComparison.OrdinalIgnoreCase)),
            "the contact point to log that it refused the broker's certificate", TimeSpan.FromSeconds(60));
        var connections = await Broker.ConnectionsAsync();
        Assert.That(connections.Count(c => c.User == "contact-point-mk"), Is.EqualTo(1), "only the trusting MK contact point is connected");
    }
}
