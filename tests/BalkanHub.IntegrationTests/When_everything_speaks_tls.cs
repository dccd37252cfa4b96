using BalkanHub.Testing;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// A contact point in a national data centre reaches the hub across networks it does not control. With
/// a throwaway CA, the broker listens for AMQPS, the services answer HTTPS, and Greece's report reaches
/// North Macedonia's inbox end to end, every broker connection encrypted.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_everything_speaks_tls
{
    TlsFiles _tls = null!;
    PrivateBroker _broker = null!;
    Network _network = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _tls = new TlsFiles();
        _broker = await PrivateBroker.StartWithTlsAsync(_tls);
        _network = await Network.StartAsync(_broker, ["GR", "MK"], tls: _tls);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_network is not null)
            await _network.DisposeAsync();
        if (_broker is not null)
            await _broker.DisposeAsync();
        _tls?.Dispose();
    }

    [Test]
    public async Task Should_relay_a_report_end_to_end_over_https_and_amqps()
    {
        Assert.That(_network.Aggregator.BaseAddress.Scheme, Is.EqualTo("https"));
        var day = new DateOnly(2015, 11, 20);
        await _network.SubmitReportAsync("GR", Samples.GreekReport(day));
        var item = await _network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", day));
        Assert.That((string?)item["source"], Is.EqualTo("GR"));
        await _network.WaitForFeedItemAsync(Network.ReportKey("GR", day));

        var connections = await _broker.ConnectionsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(connections.Select(c => c.User), Is.SupersetOf(new[] { "aggregator", "contact-point-gr", "contact-point-mk" }));
            Assert.That(connections.Where(c => !c.Tls).Select(c => c.User), Is.Empty, "no service talks to the broker in plain text");
        });
    }

    [Test]
    public async Task Should_refuse_a_broker_whose_certificate_it_cannot_trust()
    {
        // The contact point trusts only the operating system's CAs: the test CA's certificate is refused,
        // so its broker connection never opens, and no plain-text fallback happens.
        using var other = new TlsFiles();
        await using var untrusting = new ServiceProcess("contact-point-mk-untrusting", "BalkanHub.ContactPoint", Ports.Free(),
            new Dictionary<string, string>(_network.ContactPoints["MK"].Environment.Where(e => e.Value is not null && !e.Key.StartsWith("ASPNETCORE_URLS", StringComparison.Ordinal)
                && !e.Key.StartsWith("Kestrel", StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value!))
            {
                ["RabbitMq__CaCertificatePath"] = other.AuthorityPath,
                ["ConnectionStrings__ContactPoint"] = $"Data Source={Path.Combine(_network.DataDir, "untrusting.db")}",
            });
        untrusting.Start();
        await Eventually.True(() => Task.FromResult(untrusting.FullLog.Contains("RemoteCertificate", StringComparison.Ordinal)
                || untrusting.FullLog.Contains("certificate", StringComparison.OrdinalIgnoreCase)),
            "the contact point to log that it refused the broker's certificate", TimeSpan.FromSeconds(60));
        var connections = await _broker.ConnectionsAsync();
        Assert.That(connections.Count(c => c.User == "contact-point-mk"), Is.EqualTo(1), "only the trusting MK contact point is connected");
    }
}
