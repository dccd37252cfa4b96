using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using BalkanHub.Contracts;

namespace BalkanHub.Testing;

/// <summary>
/// An aggregator (or several replicas of it) and a set of contact points, each a separate process on
/// one broker, with their own SQLite files in a temporary folder.
/// </summary>
public sealed class Network : IAsyncDisposable
{
    readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    Network(PrivateBroker broker, string dataDir, DevelopmentKey key, IReadOnlyList<ServiceProcess> aggregators, Dictionary<string, ServiceProcess> contactPoints)
    {
        Broker = broker;
        DataDir = dataDir;
        Key = key;
        Aggregators = aggregators;
        ContactPoints = contactPoints;
        AggregatorHttp = Client(Aggregator.BaseAddress, key.Token("EU", "commission"), Aggregator.Https?.Handler());
        foreach (var (country, process) in contactPoints)
            _clients[country] = Client(process.BaseAddress, key.Token(country, "officer"), process.Https?.Handler());
    }

    /// <summary>An HTTP client that presents <paramref name="token"/>, or none when it is null.</summary>
    public static HttpClient Client(Uri baseAddress, string? token, HttpMessageHandler? handler = null)
    {
        var client = new HttpClient(handler ?? new SocketsHttpHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The eleven countries of the 2015 route.</summary>
    public static readonly string[] AllCountries = ["AL", "AT", "BG", "DE", "GR", "HR", "HU", "MK", "RO", "RS", "SI"];

    public PrivateBroker Broker { get; }

    /// <summary>The network's development signing key: mint any participant's token with it.</summary>
    public DevelopmentKey Key { get; }

    /// <summary>The countries' signing keys and the aggregator's trusted-keys file.</summary>
    public SigningKeys Signing { get; private init; } = null!;

    public string DataDir { get; }

    /// <summary>The first aggregator (the only one, unless several replicas were asked for).</summary>
    public ServiceProcess Aggregator => Aggregators[0];

    /// <summary>Every aggregator replica: <c>aggregator</c>, then <c>aggregator-2</c>, <c>aggregator-3</c>…</summary>
    public IReadOnlyList<ServiceProcess> Aggregators { get; }

    public IReadOnlyDictionary<string, ServiceProcess> ContactPoints { get; }

    public HttpClient AggregatorHttp { get; }

    /// <summary>A client of the country's contact point, signed in as one of its officers.</summary>
    public HttpClient Http(string country) => _clients[country];

    /// <summary>
    /// Starts the aggregator and a contact point per country on <paramref name="broker"/>, which must
    /// carry deploy/rabbitmq/definitions.json: each service connects as its own broker user, as in production.
    /// </summary>
    /// <remarks>
    /// With <paramref name="tls"/>, every service answers HTTPS with its certificate and reaches the
    /// broker over AMQPS (the broker must have been started with the same files), trusting that CA.
    /// With several <paramref name="aggregators"/>, each is a replica named in <c>Replica__Name</c>;
    /// <paramref name="configure"/> (called with each service's name) must give them a shared store.
    /// </remarks>
    public static async Task<Network> StartAsync(PrivateBroker broker, IEnumerable<string> countries,
        Action<string, IDictionary<string, string?>>? configure = null, TlsFiles? tls = null, int aggregators = 1)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var dataDir = Directory.CreateTempSubdirectory("balkanhub-network.").FullName;
        var key = new DevelopmentKey();
        var signing = new SigningKeys(Path.Combine(dataDir, "keys"));
        var replicas = Enumerable.Range(1, aggregators).Select(n =>
        {
            var name = n == 1 ? "aggregator" : $"aggregator-{n}";
            var settings = new Dictionary<string, string>
            {
                ["Logging__LogLevel__BalkanHub"] = "Information",
                ["Signing__TrustedKeysPath"] = signing.TrustedKeysPath,
                ["Auth__DevelopmentKey"] = key.Base64,
                ["RabbitMq__Uri"] = BrokerUri(broker, "aggregator", tls),
                ["ConnectionStrings__Aggregator"] = $"Data Source={Path.Combine(dataDir, "aggregator.db")}",
                // The report reminder follows the wall clock (two hours before 10:00 UTC): off, so a run between
                // 08:00 and 10:00 fills the inboxes as any other does. The aggregator's tests drive it on a fake clock.
                ["Picture__ReminderBeforeDeadline"] = "00:00:00",
            };
            if (aggregators > 1)
                settings["Replica__Name"] = $"aggregator-{n}";
            return new ServiceProcess(name, "BalkanHub.Aggregator", Ports.Free(), settings, tls) { LogFile = Path.Combine(dataDir, $"{name}.log") };
        }).ToList();
        var contactPoints = countries.ToDictionary(c => c, c => new ServiceProcess($"contact-point-{c.ToLowerInvariant()}", "BalkanHub.ContactPoint", Ports.Free(), new Dictionary<string, string>
        {
            ["Auth__DevelopmentKey"] = key.Base64,
            ["RabbitMq__Uri"] = BrokerUri(broker, $"contact-point-{c.ToLowerInvariant()}", tls),
            ["ContactPoint__Country"] = c,
            ["Signing__PrivateKeyPath"] = signing.PrivateKeyPath(c),
            ["Signing__KeyId"] = SigningKeys.KeyId(c),
            ["ConnectionStrings__ContactPoint"] = $"Data Source={Path.Combine(dataDir, $"contact-point-{c.ToLowerInvariant()}.db")}",
        }, tls) { LogFile = Path.Combine(dataDir, $"contact-point-{c.ToLowerInvariant()}.log") }, StringComparer.Ordinal);
        if (tls is not null)
        {
            foreach (var process in contactPoints.Values.Concat(replicas))
                process.Environment["RabbitMq__CaCertificatePath"] = tls.AuthorityPath;
        }

        var network = new Network(broker, dataDir, key, replicas, contactPoints) { Signing = signing };
        if (configure is not null)
        {
            foreach (var replica in replicas)
                configure(replica.Name, replica.Environment);
            foreach (var (country, process) in contactPoints)
                configure(country, process.Environment);
        }
        try
        {
            // The first replica prepares the shared schema before the others start on it.
            if (replicas.Count > 1)
            {
                replicas[0].Start();
                await replicas[0].WaitUntilReadyAsync();
            }
            foreach (var process in contactPoints.Values.Concat(replicas.Count > 1 ? replicas.Skip(1) : replicas))
                process.Start();
            // Started together, they share the machine's cores with each other and with the fixtures running
            // beside them: the eleven-country network once needed more than 90 s under a full local run.
            var starting = contactPoints.Count + replicas.Count;
            await Task.WhenAll(contactPoints.Values.Concat(replicas).Select(p => p.WaitUntilReadyAsync(TimeSpan.FromSeconds(90 + 10 * starting))));
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
        return network;
    }

    static string BrokerUri(PrivateBroker broker, string user, TlsFiles? tls) =>
        (tls is null ? broker.UriFor(user) : broker.TlsUriFor(user)).ToString();

    public async Task<HttpResponseMessage> PostReportAsync(string country, JsonObject report, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/reports") { Content = JsonContent.Create(report) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await Http(country).SendAsync(request);
    }

    /// <summary>Posts a valid report and returns the 202's body.</summary>
    public async Task<JsonObject> SubmitReportAsync(string country, JsonObject report)
    {
        using var response = await PostReportAsync(country, report);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 202)
            throw new InvalidOperationException($"{country} refused the report: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>The last warnings and errors each service logged, one line each, for a failed test's output.</summary>
    public string Diagnostics(int perService = 15)
    {
        var text = new System.Text.StringBuilder();
        foreach (var process in ContactPoints.Values.Concat(Aggregators))
            text.AppendLine(CultureInfo.InvariantCulture, $"--- {process.Name} ({process.State})").AppendLine(string.Join('\n', process.Warnings(perService)));
        return text.ToString();
    }

    /// <summary>
    /// How many rows each service's outbox still waits to publish, and since when: where an item that
    /// never arrived may still sit. Read straight from the SQLite files, so it answers even when a
    /// service does not; a service on another store is left out.
    /// </summary>
    public string OutboxBacklogs()
    {
        var text = new System.Text.StringBuilder("--- outbox rows waiting (service: rows, oldest created)\n");
        foreach (var file in Directory.EnumerateFiles(DataDir, "*.db").Order(StringComparer.Ordinal))
        {
            try
            {
                using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*), MIN(CreatedAt) FROM OutboxMessages WHERE DispatchedAt IS NULL AND ParkedAt IS NULL";
                using var reader = command.ExecuteReader();
                reader.Read();
                text.AppendLine(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(file)}: {reader.GetInt64(0)}{(reader.IsDBNull(1) ? "" : $", {reader.GetString(1)}")}");
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(file)}: could not be read ({ex.Message})");
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// The recent warnings of every service, and the messages the aggregator parked: what a failed
    /// delivery check needs to say where an item stopped.
    /// </summary>
    public async Task<string> DiagnosticsAsync(int perService = 15)
    {
        var text = new System.Text.StringBuilder(Diagnostics(perService));
        try
        {
            using var client = Client(Aggregator.BaseAddress, Key.Token("EU", "operator"));
            var page = await client.GetFromJsonAsync<JsonObject>("api/admin/dead-letters?limit=20");
            text.AppendLine("--- parked at the aggregator");
            foreach (var letter in page!["items"]!.AsArray())
                text.AppendLine(CultureInfo.InvariantCulture, $"{letter!["queue"]} {letter["messageType"]}: {letter["reason"]}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"--- parked messages could not be read: {ex.Message}");
        }
        return text.ToString();
    }

    /// <summary>Everything visible in a country's inbox, in sequence order.</summary>
    public Task<List<JsonObject>> InboxAsync(string country) => ReadAllAsync(Http(country), "api/inbox");

    /// <summary>The whole Commission feed, in sequence order.</summary>
    public Task<List<JsonObject>> FeedAsync() => ReadAllAsync(AggregatorHttp, "api/feed");

    public Task<JsonObject> WaitForInboxItemAsync(string country, string itemKey) =>
        Eventually.Get(async () => (await InboxAsync(country)).FirstOrDefault(i => (string?)i["itemKey"] == itemKey),
            $"{itemKey} in {country}'s inbox");

    public Task<JsonObject> WaitForFeedItemAsync(string itemKey) =>
        Eventually.Get(async () => (await FeedAsync()).FirstOrDefault(i => (string?)i["itemKey"] == itemKey),
            $"{itemKey} in the Commission feed");

    static async Task<List<JsonObject>> ReadAllAsync(HttpClient http, string path)
    {
        var items = new List<JsonObject>();
        long after = 0;
        while (true)
        {
            var page = (await http.GetFromJsonAsync<JsonObject>($"{path}?after={after}&limit=1000"))!;
            var batch = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            if (batch.Count == 0)
                return items;
            items.AddRange(batch);
            after = (long)page["next"]!;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values.Append(AggregatorHttp))
            client.Dispose();
        foreach (var process in ContactPoints.Values.Concat(Aggregators))
            await process.DisposeAsync();
        try
        {
            // Kept for a look when asked: logs, databases and keys of the run.
            if (System.Environment.GetEnvironmentVariable("BALKANHUB_KEEP_TEST_DATA") != "1")
                Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The key the hub gives a report version.</summary>
    public static string ReportKey(string country, DateOnly date, int version = 1) => ItemKeys.Report(country, date, version);
}

/// <summary>Valid daily reports, shaped like the autumn 2015 figures, to change field by field in tests.</summary>
public static class Samples
{
    /// <summary>A report Greece could have sent: sea arrivals from Turkey, departures to North Macedonia.</summary>
    public static JsonObject GreekReport(DateOnly date, int arrivals = 6000) => new()
    {
        ["reportDate"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["arrivals"] = new JsonObject
        {
            ["total"] = arrivals,
            ["byCrossingPoint"] = new JsonArray(Count("crossingPoint", "GR-TR-LESVOS", arrivals * 2 / 3), Count("crossingPoint", "GR-TR-CHIOS", arrivals / 3)),
            ["byOriginCountry"] = new JsonArray(Count("country", "TR", arrivals)),
        },
        ["departures"] = new JsonObject
        {
            ["total"] = arrivals - 200,
            ["byCrossingPoint"] = new JsonArray(Count("crossingPoint", "GR-MK-IDOMENI", arrivals - 200)),
            ["byDestinationCountry"] = new JsonArray(Count("country", "MK", arrivals - 200)),
        },
        ["peoplePresent"] = 12_000,
        ["registered"] = arrivals - 100,
        ["asylumApplications"] = 30,
        ["composition"] = new JsonObject
        {
            ["men"] = arrivals / 2,
            ["women"] = arrivals / 4,
            ["children"] = arrivals / 4,
            ["unaccompaniedChildren"] = arrivals / 40,
            ["byNationality"] = new JsonArray(Count("nationality", "SY", arrivals / 2), Count("nationality", "AF", arrivals / 4), Count("nationality", "IQ", arrivals / 5)),
        },
        ["capacity"] = new JsonObject { ["total"] = 15_000, ["occupied"] = 12_000 },
        ["expectedArrivalsNext24h"] = arrivals + 500,
        ["notes"] = "Weather calm; ferries from the islands to Piraeus running.",
    };

    /// <summary>A plain valid report for any country, without breakdowns.</summary>
    public static JsonObject PlainReport(DateOnly date, int arrivals = 1000) => new()
    {
        ["reportDate"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["arrivals"] = new JsonObject { ["total"] = arrivals },
        ["departures"] = new JsonObject { ["total"] = arrivals },
        ["peoplePresent"] = 500,
        ["registered"] = arrivals,
        ["asylumApplications"] = 3,
        ["composition"] = new JsonObject { ["men"] = arrivals / 2, ["women"] = arrivals / 4, ["children"] = arrivals / 4, ["unaccompaniedChildren"] = 5 },
        ["capacity"] = new JsonObject { ["total"] = 3000, ["occupied"] = 500 },
    };

    /// <summary>
    /// A day on which <paramref name="count"/> people arrived from <paramref name="from"/> and as many left
    /// toward <paramref name="to"/>, broken down by country, so the hub can follow them across borders.
    /// </summary>
    public static JsonObject TransitReport(DateOnly date, string from, string to, int count, bool exercise = false)
    {
        var report = PlainReport(date, count);
        report["arrivals"]!["byOriginCountry"] = new JsonArray(Count("country", from, count));
        report["departures"]!["byDestinationCountry"] = new JsonArray(Count("country", to, count));
        if (exercise)
            report["exercise"] = true;
        return report;
    }

    static JsonObject Count(string field, string code, int count) => new() { [field] = code, ["count"] = count };

    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;
}
