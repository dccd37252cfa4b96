namespace BalkanHub.IntegrationTests;

/// <summary>
/// The Commission asks why Greece's report reached North Macedonia late. An operator follows it in the
/// tracing backend: the officer's POST, the outbox, the bus, the aggregator's intake and relay, and North
/// Macedonia's inbox are one trace. The services export over OTLP, configured only by the standard
/// OTEL_* variables, to a collector stand-in in this test.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_an_operator_follows_one_report() : NetworkFixture("GR", "MK")
{
    OtlpReceiver _collector = null!;

    protected override async Task PrepareAsync()
    {
        _collector = await OtlpReceiver.StartAsync();
    }

    protected override void Configure(string service, IDictionary<string, string?> settings)
    {
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.Endpoint.ToString();
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        // Greece's deployment names the service; North Macedonia's leaves it to the default, contact-point-mk.
        if (service == "GR")
            settings["OTEL_SERVICE_NAME"] = "contact-point-gr";
        // Export every half second rather than every five, so the test does not wait.
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "500";
        settings["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (_collector is not null)
            await _collector.DisposeAsync();
    }

    [Test]
    public async Task Should_show_the_post_the_aggregator_and_the_neighbours_inbox_in_one_trace()
    {
        var day = new DateOnly(2015, 11, 20);
        var accepted = await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", day));

        // The POST's own span names the trace; everything downstream must carry the same id.
        var post = await Eventually.Get(() => Task.FromResult(_collector.Spans.FirstOrDefault(s =>
                s.Service == "contact-point-gr" && s.Name.StartsWith("POST", StringComparison.Ordinal) && s.Name.Contains("api/reports", StringComparison.Ordinal))),
            "GR's POST span at the collector", TimeSpan.FromSeconds(30));
        await Eventually.True(() => Task.FromResult(_collector.Spans.Any(s => s.Service == "contact-point-mk" && s.TraceId == post.TraceId)),
            "a span of North Macedonia's contact point in the POST's trace", TimeSpan.FromSeconds(30));

        var trace = _collector.Spans.Where(s => s.TraceId == post.TraceId).ToList();
        TestContext.Out.WriteLine(string.Join('\n', trace.Select(s => $"{s.Service}: {s.Name} [{string.Join(", ", s.Attributes)}]")));
        Assert.Multiple(() =>
        {
            Assert.That(trace.Select(s => s.Service).Distinct(), Is.EquivalentTo(new[] { "contact-point-gr", "aggregator", "contact-point-mk" }),
                "the contact point, the aggregator and the neighbour, in one trace");
            Assert.That(trace.Where(s => s.Service == "contact-point-gr").Select(s => s.Name), Has.Some.EqualTo("outbox dispatch"),
                "the outbox continues the request's trace");
            Assert.That(trace.Where(s => s.Service == "aggregator").Select(s => s.Name), Has.Some.Contains("outbox dispatch"),
                "the aggregator's relay continues the sender's trace");
            Assert.That(trace.Where(s => s.Service == "contact-point-gr" && s.Name == "outbox dispatch").SelectMany(s => s.Attributes),
                Is.SupersetOf(new[] { "messaging.system=rabbitmq", "messaging.operation.type=send", "messaging.destination.name=BalkanHub.Contracts:DailyReportSubmitted" }),
                "the dispatch follows OpenTelemetry's messaging conventions");
            Assert.That(trace.Where(s => s.Service == "aggregator" && s.Name.Contains("outbox dispatch", StringComparison.Ordinal)).SelectMany(s => s.Attributes),
                Has.Member("messaging.destination.name=contact-point-mk"), "a relay names the recipient's exchange");
            foreach (var service in new[] { "contact-point-gr", "aggregator", "contact-point-mk" })
                Assert.That(trace.Where(s => s.Service == service && s.Attributes.Any(a => a.StartsWith("db.", StringComparison.Ordinal))), Is.Not.Empty,
                    $"{service}'s database commands are spans of the trace");
            Assert.That((string?)accepted["reportId"], Is.Not.Null);
            var macedonian = trace.First(s => s.Service == "contact-point-mk").Resource;
            Assert.That(macedonian.GetValueOrDefault("balkanhub.participant"), Is.EqualTo("MK"), "the country a contact point serves is on its resource");
            Assert.That(macedonian.GetValueOrDefault("service.instance.id"), Is.Not.Null.And.Not.Empty, "and which process it is");
            Assert.That(trace.Where(s => s.Service == "aggregator").Select(s => s.Resource.GetValueOrDefault("service.instance.id")).Distinct(),
                Does.Not.Contain(macedonian.GetValueOrDefault("service.instance.id")), "each process its own instance");
        });
    }

    [Test]
    public async Task Should_export_the_hubs_own_metrics_where_each_is_measured()
    {
        var day = new DateOnly(2015, 11, 21);
        await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        // A report for a day still to come: well-formed, and refused by the rules.
        using (var invalid = await Network.PostReportAsync("GR", Samples.GreekReport(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30))))
            Assert.That((int)invalid.StatusCode, Is.EqualTo(400), await invalid.Content.ReadAsStringAsync());
        await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", day));

        var expected = new[]
        {
            ("contact-point-gr", "balkanhub.items.accepted"), ("contact-point-gr", "balkanhub.items.rejected"), ("contact-point-gr", "balkanhub.outbox.backlog"),
            ("contact-point-gr", "balkanhub.outbox.age"), ("aggregator", "balkanhub.items.accepted"), ("aggregator", "balkanhub.items.relayed"),
            ("contact-point-mk", "balkanhub.relay.latency"),
        };
        await Eventually.True(() => Task.FromResult(expected.All(e => _collector.Metrics.Contains(new ReceivedMetric(e.Item1, e.Item2)))),
            "every metric at the collector", TimeSpan.FromSeconds(30));
        Assert.That(_collector.Metrics.Select(m => m.Name).Distinct(), Is.SupersetOf(expected.Select(e => e.Item2).Distinct()));
    }
}
