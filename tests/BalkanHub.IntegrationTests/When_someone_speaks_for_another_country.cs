using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BalkanHub.Contracts;
using BalkanHub.Domain.Signing;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// A rogue publisher holding Serbia's broker credentials talks to the broker directly with
/// RabbitMQ.Client, on a node loaded with deploy/rabbitmq/definitions.json. It cannot read or write
/// another country's queue, cannot claim another country's identity, and nothing it forges is stored or
/// relayed. Every item carries its sender's signature, which anyone can check with the public key alone.
/// </summary>
[TestFixture]
[Category("Security")]
public sealed class When_someone_speaks_for_another_country() : NetworkFixture("GR", "MK", "RS")
{
    static int _days;

    static DateOnly NewDay() => new DateOnly(2018, 1, 1).AddDays(Interlocked.Increment(ref _days));
    async Task<IConnection> ConnectAs(string user) =>
        await new ConnectionFactory { Uri = Broker.UriFor(user), ClientProvidedName = $"test as {user}" }.CreateConnectionAsync();

    [Test]
    public async Task Should_refuse_serbia_reading_the_greek_queue()
    {
        await using var connection = await ConnectAs("contact-point-rs");
        await using var channel = await connection.CreateChannelAsync();
        var refused = Assert.ThrowsAsync<OperationInterruptedException>(() =>
            channel.BasicConsumeAsync("contact-point-gr", autoAck: false, new AsyncEventingBasicConsumer(channel)));
        Assert.That(refused!.ShutdownReason?.ReplyCode, Is.EqualTo(403), refused.Message);
    }

    [TestCase("contact-point-gr", "")]
    [TestCase("", "contact-point-gr")]
    public async Task Should_refuse_serbia_writing_into_the_greek_queue(string exchange, string routingKey)
    {
        await using var connection = await ConnectAs("contact-point-rs");
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var refused = Assert.CatchAsync(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, new BasicProperties(), "forged"u8.ToArray(), timeout.Token);
        });
        Assert.That(refused!.ToString(), Does.Contain("ACCESS_REFUSED").Or.Contain("403"));
    }

    // Serbia's user, and the hub's own: no broker user has the impersonator tag, the aggregator's included.
    [TestCase("contact-point-rs", TestName = "Should_have_theBroker_refuse_a_message_whose_user_id_claims_greece")]
    [TestCase("aggregator", TestName = "Should_have_theBroker_refuse_the_aggregator_publishing_under_a_countrys_user_id")]
    public async Task Should_have_theBroker_refuse_a_user_id_that_is_not_the_publishers(string publisher)
    {
        await using var connection = await ConnectAs(publisher);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var refused = Assert.CatchAsync(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await channel.BasicPublishAsync($"BalkanHub.Contracts:{nameof(DailyReportSubmitted)}", "", mandatory: false,
                new BasicProperties { UserId = "contact-point-gr" }, Envelope(SignedGreekReport(NewDay()), out _), timeout.Token);
        });
        Assert.That(refused!.ToString(), Does.Contain("PRECONDITION_FAILED").Or.Contain("406"));
    }

    [Test]
    public async Task Should_refuse_a_greek_report_serbia_published_naming_greece_in_the_replay_header()
    {
        // The header names a replayed message's sender, and counts only when the aggregator's user published it.
        var day = NewDay();
        await PublishAsync("contact-point-rs", "contact-point-rs", SignedGreekReport(day), out var messageId,
            new Dictionary<string, object?> { ["BalkanHub-User-Id"] = "contact-point-gr" });
        var alert = await SecurityEventAsync(messageId);
        Assert.That((string?)alert["payload"]!["reason"], Does.Contain("'contact-point-rs' published it"));
        await AssertNothingStoredOrRelayedAsync(day);
    }

    [TestCase(null, "carried no broker-validated user id", TestName = "Should_refuse_and_report_a_greek_report_that_carries_no_user_id")]
    [TestCase("contact-point-rs", "published it", TestName = "Should_refuse_and_report_a_greek_report_that_serbia_published")]
    public async Task Should_refuse_and_report_a_greek_report_serbia_published(string? userId, string reason)
    {
        var day = NewDay();
        await PublishAsync("contact-point-rs", userId, SignedGreekReport(day), out var messageId);
        var alert = await SecurityEventAsync(messageId);
        Assert.That((string?)alert["payload"]!["reason"], Does.Contain(reason));
        Assert.That((string?)alert["payload"]!["claimedCountry"], Is.EqualTo("GR"));
        await AssertNothingStoredOrRelayedAsync(day);
    }

    [Test]
    public async Task Should_refuse_and_report_a_report_changed_after_it_was_signed()
    {
        var day = NewDay();
        var message = SignedGreekReport(day);
        message["report"]!["arrivals"]!["total"] = 60_000;
        await PublishAsync("contact-point-gr", "contact-point-gr", message, out var messageId);
        var alert = await SecurityEventAsync(messageId);
        Assert.That((string?)alert["payload"]!["reason"], Does.Contain("does not verify"));
        await AssertNothingStoredOrRelayedAsync(day);
    }

    [Test]
    public async Task Should_refuse_a_message_with_duplicate_members_and_one_claiming_another_country_once_each()
    {
        // Greece signed arrivals of 6,000; a second "arrivals" member after it would win in readers that keep the last.
        var duplicated = NewDay();
        var signed = SignedGreekReport(duplicated).ToJsonString();
        var forged = signed.Replace("\"report\":{", "\"report\":{\"arrivals\":{\"total\":1},", StringComparison.Ordinal);
        Assert.That(forged, Is.Not.EqualTo(signed));
        await PublishRawAsync("contact-point-gr", "contact-point-gr", forged, out var duplicateId);
        var claimed = NewDay();
        await PublishAsync("contact-point-rs", "contact-point-rs", SignedGreekReport(claimed), out var claimedId);

        var duplicateAlert = await SecurityEventAsync(duplicateId);
        await SecurityEventAsync(claimedId);
        // Long enough for a message that crashed and was retried or redelivered to raise a second event.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var feed = await Network.FeedAsync();
        Assert.Multiple(() =>
        {
            Assert.That((string?)duplicateAlert["payload"]!["reason"], Does.Contain("malformed"));
            Assert.That(feed.Count(e => (string?)e["payload"]?["messageId"] == duplicateId.ToString()), Is.EqualTo(1), "one event for the duplicate members");
            Assert.That(feed.Count(e => (string?)e["payload"]?["messageId"] == claimedId.ToString()), Is.EqualTo(1), "one event for the claim");
        });
        await AssertNothingStoredOrRelayedAsync(duplicated);
        await AssertNothingStoredOrRelayedAsync(claimed);
        await AssertNotParkedAsync(duplicateId, claimedId);
    }

    [Test]
    public async Task Should_read_a_version_written_as_a_string_as_the_schema_allows_and_refuse_it_as_unsigned_change()
    {
        var day = NewDay();
        var message = SignedGreekReport(day);
        message["version"] = "1";
        await PublishAsync("contact-point-gr", "contact-point-gr", message, out var messageId);
        var alert = await SecurityEventAsync(messageId);
        Assert.That((string?)alert["payload"]!["reason"], Does.Contain("does not verify"), "read, then refused: Greece signed the number 1");
        await AssertNothingStoredOrRelayedAsync(day);
        await AssertNotParkedAsync(messageId);
    }

    [Test]
    public async Task Should_let_anyone_verify_a_relayed_item_with_the_senders_public_key_alone()
    {
        var day = NewDay();
        await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        var item = await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", day));
        var payload = Path.Combine(Network.DataDir, $"relayed-{day:yyyyMMdd}.json");
        await File.WriteAllTextAsync(payload, item["payload"]!.ToJsonString());

        var verdict = await Shell.RunAsync("node", [Path.Combine(Repository.Root, "contracts", "verify", "verify-origin.mjs"), Network.Signing.TrustedKeysPath, payload, "GR"]);
        Assert.That(verdict.Trim(), Is.EqualTo("valid"), "Node's own crypto accepts GR's signature");

        var tampered = item["payload"]!.DeepClone();
        tampered["report"]!["arrivals"]!["total"] = 1;
        await File.WriteAllTextAsync(payload, tampered.ToJsonString());
        var failure = Assert.ThrowsAsync<InvalidOperationException>(() =>
            Shell.RunAsync("node", [Path.Combine(Repository.Root, "contracts", "verify", "verify-origin.mjs"), Network.Signing.TrustedKeysPath, payload, "GR"]));
        Assert.That(failure!.Message, Does.Contain("invalid"), "and refuses it once a count is changed");
    }

    [Test]
    public async Task Should_record_every_attempt_with_actor_and_outcome_in_a_chain_that_detects_tampering()
    {
        var day = NewDay();
        using (var anonymous = Network.Client(Network.ContactPoints["GR"].BaseAddress, null))
            Assert.That((int)(await anonymous.GetAsync(new Uri("api/reports", UriKind.Relative))).StatusCode, Is.EqualTo(401));
        using (var serbia = Network.Client(Network.ContactPoints["GR"].BaseAddress, Network.Key.Token("RS", "officer")))
            Assert.That((int)(await serbia.PostAsJsonAsync("api/reports", Samples.GreekReport(day))).StatusCode, Is.EqualTo(403));
        using (var commission = Network.Client(Network.ContactPoints["GR"].BaseAddress, Network.Key.Token("EU", "commission")))
            Assert.That((int)(await commission.PostAsJsonAsync("api/reports", Samples.GreekReport(day))).StatusCode, Is.EqualTo(403));
        await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        var key = Network.ReportKey("GR", day);
        await Network.WaitForFeedItemAsync(key);
        using (var serbianViewer = Network.Client(Network.Aggregator.BaseAddress, Network.Key.Token("RS", "viewer")))
            Assert.That((int)(await serbianViewer.GetAsync(new Uri($"api/items/{key}", UriKind.Relative))).StatusCode, Is.EqualTo(404),
                "GR's report was not relayed to RS");
        await PublishAsync("contact-point-rs", null, SignedGreekReport(NewDay()), out var unsignedId);
        await SecurityEventAsync(unsignedId);

        var expected = new (string Actor, string Action, string Outcome)[]
        {
            ("anonymous", "GET /api/reports", "unauthenticated (401)"),
            ("test-rs-officer", "POST /api/reports", "forbidden (403)"),
            ("test-eu-commission", "POST /api/reports", "forbidden (403)"),
            ("test-gr-officer", "receive DailyReportSubmitted", "stored"),
            ("test-rs-viewer", "GET /api/items/{itemKey}", "not found (404)"),
            ("unknown broker user", "receive DailyReportSubmitted", "refused"),
        };
        var trail = await Eventually.Get(async () =>
        {
            var entries = (await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/audit?limit=1000"))!["items"]!.AsArray()
                .Select(e => e!.AsObject()).ToList();
            return expected.All(x => entries.Any(e => Matches(e, x))) ? entries : null;
        }, "every attempt in the audit trail");
        Assert.That(trail.Where(e => (string?)e["outcome"] == "refused").Select(e => (string?)e["details"]),
            Has.Some.Contains("no broker-validated user id"), "a refusal says why");
        Assert.That(trail.Where(e => (string?)e["actor"] == "test-rs-officer").Select(e => (string?)e["recordedBy"]),
            Has.All.EqualTo("contact-point-gr"), "the contact point that saw it is named");

        var intact = await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/audit/verification");
        Assert.That((bool)intact!["intact"]!, Is.True);

        // Someone with access to the database quietly turns the refusal into an acceptance.
        var forged = (long)trail.First(e => Matches(e, expected[1]))["sequence"]!;
        await using (var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Network.DataDir, "aggregator.db")}"))
        {
            await sqlite.OpenAsync();
            await using var update = sqlite.CreateCommand();
            update.CommandText = $"UPDATE \"AuditEntries\" SET \"Outcome\" = 'accepted (202)' WHERE \"Sequence\" = {forged}";
            Assert.That(await update.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }
        var broken = await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>("api/audit/verification");
        Assert.That((bool)broken!["intact"]!, Is.False);
        Assert.That((long)broken["firstBrokenSequence"]!, Is.EqualTo(forged), "the altered entry is found");

        static bool Matches(JsonObject entry, (string Actor, string Action, string Outcome) x) =>
            (string?)entry["actor"] == x.Actor && (string?)entry["action"] == x.Action && (string?)entry["outcome"] == x.Outcome;
    }

    /// <summary>A report Greece's contact point would publish, signed with Greece's key.</summary>
    JsonObject SignedGreekReport(DateOnly day)
    {
        using var signer = OriginSigner.FromPem(File.ReadAllText(Network.Signing.PrivateKeyPath("GR")), SigningKeys.KeyId("GR"));
        var draft = Samples.GreekReport(day);
        draft["country"] = "GR";
        var report = draft.Deserialize<DailyFlowReport>(JsonSerializerOptions.Web)!;
        var message = signer.Sign(new DailyReportSubmitted { ReportId = Guid.NewGuid(), Version = 1, SubmittedAt = DateTimeOffset.UtcNow, Report = report });
        return JsonSerializer.SerializeToNode(message, JsonSerializerOptions.Web)!.AsObject();
    }

    static byte[] Envelope(JsonObject message, out Guid messageId)
    {
        messageId = Guid.NewGuid();
        var envelope = new JsonObject
        {
            ["messageId"] = messageId.ToString(),
            ["messageType"] = new JsonArray($"urn:message:BalkanHub.Contracts:{nameof(DailyReportSubmitted)}"),
            ["sentTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["headers"] = new JsonObject(),
            ["message"] = message,
        };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }

    Task PublishRawAsync(string user, string? userId, string message, out Guid messageId)
    {
        // The envelope is written around the message text as it is, duplicate members and all.
        var placeholder = new JsonObject { ["placeholder"] = true };
        var text = Encoding.UTF8.GetString(Envelope(placeholder, out messageId)).Replace(placeholder.ToJsonString(), message, StringComparison.Ordinal);
        return PublishBodyAsync(user, userId, Encoding.UTF8.GetBytes(text));
    }

    async Task AssertNotParkedAsync(params Guid[] messageIds)
    {
        using var client = Network.Client(Network.Aggregator.BaseAddress, Network.Key.Token("EU", "operator"));
        var letters = (await client.GetFromJsonAsync<JsonObject>("api/admin/dead-letters?limit=1000"))!["items"]!.AsArray();
        Assert.That(letters.Select(l => (string?)l!["messageId"]), Has.None.AnyOf(messageIds.Select(m => (object)m.ToString()).ToArray()), "a refusal, not a dead letter");
    }

    Task PublishAsync(string user, string? userId, JsonObject message, out Guid messageId, Dictionary<string, object?>? headers = null)
    {
        var body = Envelope(message, out messageId);
        return PublishBodyAsync(user, userId, body, headers);
    }

    Task PublishBodyAsync(string user, string? userId, byte[] body, Dictionary<string, object?>? headers = null)
    {
        return Publish();

        async Task Publish()
        {
            await using var connection = await ConnectAs(user);
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true, UserId = userId, Headers = headers };
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await channel.BasicPublishAsync($"BalkanHub.Contracts:{nameof(DailyReportSubmitted)}", "", mandatory: true, properties, body, timeout.Token);
        }
    }

    Task<JsonObject> SecurityEventAsync(Guid messageId) =>
        Eventually.Get(async () => (await Network.FeedAsync()).FirstOrDefault(e =>
                (string?)e["messageType"] == nameof(SecurityEventRaised) && (string?)e["payload"]!["messageId"] == messageId.ToString()),
            $"a security event about {messageId} in the Commission's feed");

    async Task AssertNothingStoredOrRelayedAsync(DateOnly day)
    {
        var stored = await Network.AggregatorHttp.GetFromJsonAsync<JsonObject>($"api/reports?country=GR&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        Assert.That(stored!["items"]!.AsArray(), Is.Empty, "nothing stored");
        Assert.That((await Network.FeedAsync()).Select(e => (string?)e["itemKey"]), Has.None.EqualTo(Network.ReportKey("GR", day)), "nothing relayed");
        Assert.That((await Network.InboxAsync("MK")).Select(e => (string?)e["itemKey"]), Has.None.EqualTo(Network.ReportKey("GR", day)), "nothing reached GR's neighbour");
    }
}
