using BalkanHub.Client;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// The README's first command. The test runs ./run.sh itself, on free ports and a run folder of its
/// own, with the build ./test.sh just made (BALKANHUB_NO_BUILD), and its own RabbitMQ node.
/// </summary>
[FixtureClock]
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed class When_run_sh_starts_the_network
{
    /// <summary>The route's observers: a contact point each, like the countries, but no borders.</summary>
    static readonly string[] Observers = ["LU", "NL"];

    [Test]
    public async Task Should_bring_up_fourteen_healthy_services_replay_the_scenario_and_stop_them_all()
    {
        var runDir = Directory.CreateTempSubdirectory("balkanhub-run.").FullName;
        var environment = new Dictionary<string, string>
        {
            ["BALKANHUB_RUN_DIR"] = runDir,
            ["BALKANHUB_BASE_PORT"] = Ports.FreeRange(14).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BALKANHUB_AMQP_PORT"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BALKANHUB_MANAGEMENT_PORT"] = "0",
            ["BALKANHUB_CONFIGURATION"] = Repository.Configuration,
            ["BALKANHUB_NO_BUILD"] = "1",
            // The scenario replay runs by default; quick days let the test see it fill the network.
            ["BALKANHUB_SECONDS_PER_DAY"] = "0.5",
        };
        var script = Path.Combine(Repository.Root, "run.sh");
        var urls = new List<Uri>();
        try
        {
            await Shell.RunAsync(script, ["--detach"], environment, TimeSpan.FromMinutes(4));

            var network = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(runDir, "network.json")))!.AsObject();
            var contactPoints = network["contactPoints"]!.AsObject();
            Assert.That(contactPoints.Select(c => c.Key), Is.EquivalentTo(Network.AllCountries.Concat(Observers)),
                "a contact point for every country and every observer on the route");
            urls.Add(new Uri((string)network["aggregator"]!));
            urls.AddRange(contactPoints.Select(c => new Uri((string)c.Value!)));

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var url in urls)
            {
                var health = await http.GetFromJsonAsync<JsonObject>(new Uri(url, "health/ready"));
                Assert.That((string?)health!["status"], Is.EqualTo("Healthy"), $"{url} is ready");
            }
            var observer = await http.GetFromJsonAsync<JsonObject>(new Uri(new Uri((string)contactPoints["NL"]!), "health/ready"));
            Assert.That((string?)observer!["status"], Is.EqualTo("Healthy"), "NL, an observer, runs a ready contact point");
            Assert.That(urls, Has.Count.EqualTo(14));

            // A newcomer sees a living network: the replay's first days reach the Commission and the inboxes.
            var key = await File.ReadAllTextAsync(Path.Combine(runDir, "development.key"));
            using var commission = Network.Client(urls[0], DevelopmentTokens.Create(key, "EU", "commission"));
            var reports = await Eventually.Get(async () =>
            {
                var items = (await commission.GetFromJsonAsync<JsonObject>("api/reports?limit=1000"))!["items"]!.AsArray();
                return items.Count >= 22 ? items : null;
            }, "the first two simulated days at the aggregator", TimeSpan.FromMinutes(2));
            Assert.That(reports.Select(r => (string?)r!["report"]!["reportDate"]), Has.Some.EqualTo("2015-10-15"), "the replay starts on 15 October 2015");
            using var macedonia = Network.Client(new Uri((string)contactPoints["MK"]!), DevelopmentTokens.Create(key, "MK", "viewer"));
            var inbox = await Eventually.Get(async () =>
            {
                var items = (await macedonia.GetFromJsonAsync<JsonObject>("api/inbox?limit=1000"))!["items"]!.AsArray();
                return items.Count > 0 ? items : null;
            }, "North Macedonia's inbox to fill", TimeSpan.FromMinutes(1));
            Assert.That(inbox.Select(i => (string?)i!["itemKey"]), Has.Some.StartsWith("report:GR:2015-10-15"), "North Macedonia's inbox holds Greece's reports");
            // The dashboard is a static page that fills itself from the API it calls.
            var dashboard = await commission.GetStringAsync(new Uri("/", UriKind.Relative));
            Assert.That(dashboard, Does.Contain("id=\"picture\"").And.Contain("src=\"/dashboard.js\""), "the Commission's dashboard is served at /");
            var route = (await commission.GetFromJsonAsync<JsonObject>("api/dashboard/route"))!;
            Assert.That((string?)route["latestReportDate"], Does.StartWith("2015-1"), "the dashboard opens on the replay's latest day");
            var picture = (await commission.GetFromJsonAsync<JsonObject>("api/picture?date=2015-10-15"))!;
            Assert.That(picture["participants"]!.AsArray().Where(p => (bool)p!["reported"]!).Select(p => (string?)p!["country"]), Has.Some.EqualTo("GR"),
                "the dashboard's table is filled by the replay");
        }
        finally
        {
            await Shell.RunAsync(script, ["stop"], environment);
        }

        using var after = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var url in urls)
            Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync(new Uri(url, "health/live")), $"{url} was stopped");
        Directory.Delete(runDir, recursive: true);
    }

    [Test]
    public async Task Should_answer_the_readmes_first_request_as_written()
    {
        var statements = ReadmeFirstRequest();
        Assert.That(statements[0], Is.EqualTo("./run.sh --quiet --detach"), "the first request starts an empty network in the background");
        Assert.That(statements[^1], Is.EqualTo("./run.sh stop"), "and stops it again");
        var tokens = statements[1];
        Assert.That(tokens, Does.StartWith("GR=$(./run.sh token GR officer)"), "then mints the tokens the calls use");
        var post = statements.Single(s => s.Contains("-X POST", StringComparison.Ordinal));
        var reads = statements.Skip(2).Where(s => s != post && s.StartsWith("curl", StringComparison.Ordinal)).ToList();
        Assert.That(reads, Has.Count.EqualTo(3), "MK's inbox, RS's inbox, the Commission's feed");

        var environment = new Dictionary<string, string>
        {
            ["BALKANHUB_RUN_DIR"] = Directory.CreateTempSubdirectory("balkanhub-run.").FullName,
            ["BALKANHUB_BASE_PORT"] = Ports.FreeRange(14).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BALKANHUB_AMQP_PORT"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BALKANHUB_MANAGEMENT_PORT"] = "0",
            ["BALKANHUB_CONFIGURATION"] = Repository.Configuration,
            ["BALKANHUB_NO_BUILD"] = "1",
        };
        // Each command as the README writes it, in bash from the repository's root; the tokens line
        // before each one, as a reader's shell would still hold its variables.
        Task<string> Run(string statement, string? before = null) =>
            Shell.RunAsync("bash", ["-euo", "pipefail", "-c", before is null ? statement : $"{before}\n{statement}"], environment, TimeSpan.FromMinutes(4));
        try
        {
            await Run(statements[0]);
            var accepted = JsonNode.Parse(await Run(post, tokens))!.AsObject();
            Assert.That((string?)accepted["reportId"], Is.Not.Null.And.Not.Empty, $"the report is accepted: {accepted.ToJsonString()}");
            Assert.That((int?)accepted["version"], Is.EqualTo(1), "as its first version");
            const string Key = "report:GR:2015-10-20:v1";

            // The relay is asynchronous: a reader who asks a moment later sees it, so the test asks again until it does.
            var macedonia = await Eventually.Get(async () =>
            {
                var items = JsonNode.Parse(await Run(reads[0], tokens))!["items"]!.AsArray();
                return items.Any(i => (string?)i!["itemKey"] == Key) ? items : null;
            }, "Greece's report in North Macedonia's inbox, read with the README's command", TimeSpan.FromMinutes(1));
            Assert.That(macedonia, Has.Count.EqualTo(1), "North Macedonia received it");
            var feed = await Eventually.Get(async () =>
                JsonNode.Parse(await Run(reads[2], tokens))!["items"]!.AsArray().FirstOrDefault(i => (string?)i!["itemKey"] == Key),
                "the report in the Commission's feed, read with the README's command", TimeSpan.FromMinutes(1));
            Assert.That(feed!["recipients"]!.AsArray().Select(r => (string?)r!["recipient"]), Does.Contain("MK").And.Not.Contain("RS"),
                "the feed says who received it");
            Assert.That(JsonNode.Parse(await Run(reads[1], tokens))!["items"]!.AsArray(), Is.Empty, "Serbia did not: it is not Greece's neighbour");
        }
        finally
        {
            await Run(statements[^1]);
        }
        Directory.Delete(environment["BALKANHUB_RUN_DIR"], recursive: true);
    }

    /// <summary>
    /// The commands of the README's first request, one per statement: a line that leaves a single quote
    /// open (the report's JSON) continues onto the next.
    /// </summary>
    static List<string> ReadmeFirstRequest()
    {
        var readme = File.ReadAllLines(Path.Combine(Repository.Root, "README.md"));
        var start = Array.FindIndex(readme, l => l.StartsWith("A first request", StringComparison.Ordinal));
        Assert.That(start, Is.GreaterThan(0), "the README has a first request");
        var open = Array.FindIndex(readme, start, l => l.StartsWith("```sh", StringComparison.Ordinal));
        var close = Array.FindIndex(readme, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        var statements = new List<string>();
        var pending = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var line in readme[(open + 1)..close])
        {
            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] == '\'')
                    quoted = !quoted;
                // A comment (# after a blank, outside quotes) ends the line; its words may hold an apostrophe.
                else if (!quoted && line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
                    break;
                pending.Append(line[i]);
            }
            if (quoted)
            {
                pending.Append('\n');
                continue;
            }
            if (pending.ToString().Trim() is { Length: > 0 } statement)
                statements.Add(statement);
            pending.Clear();
        }
        Assert.That(quoted, Is.False, "every quote in the first request is closed");
        return statements;
    }

    [Test]
    public async Task Should_run_two_aggregator_replicas_on_postgresql_and_redis_when_asked()
    {
        var runDir = Directory.CreateTempSubdirectory("balkanhub-run.").FullName;
        var environment = new Dictionary<string, string>
        {
            ["BALKANHUB_RUN_DIR"] = runDir,
            ["BALKANHUB_BASE_PORT"] = Ports.FreeRange(15).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BALKANHUB_AMQP_PORT"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BALKANHUB_MANAGEMENT_PORT"] = "0",
            ["BALKANHUB_POSTGRES_PORT"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BALKANHUB_REDIS_PORT"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BALKANHUB_CONFIGURATION"] = Repository.Configuration,
            ["BALKANHUB_NO_BUILD"] = "1",
            ["BALKANHUB_AGGREGATORS"] = "2",
        };
        var script = Path.Combine(Repository.Root, "run.sh");
        var urls = new List<Uri>();
        try
        {
            await Shell.RunAsync(script, ["--detach", "--quiet"], environment, TimeSpan.FromMinutes(4));

            var network = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(runDir, "network.json")))!.AsObject();
            var aggregators = network["aggregators"]!.AsArray().Select(a => new Uri((string)a!)).ToList();
            Assert.That(aggregators, Has.Count.EqualTo(2), "both replicas are listed");
            Assert.That(aggregators[0], Is.EqualTo(new Uri((string)network["aggregator"]!)), "aggregator stays the first replica");
            urls.AddRange(aggregators);
            urls.AddRange(network["contactPoints"]!.AsObject().Select(c => new Uri((string)c.Value!)));
            // The README's first request reads the addresses this way rather than guessing ports.
            Assert.That((await Shell.RunAsync(script, ["url", "MK"], environment)).Trim(), Is.EqualTo((string?)network["contactPoints"]!["MK"]), "./run.sh url MK");
            Assert.That((await Shell.RunAsync(script, ["url", "aggregator"], environment)).Trim(), Is.EqualTo((string?)network["aggregator"]), "./run.sh url aggregator");

            var key = await File.ReadAllTextAsync(Path.Combine(runDir, "development.key"));
            using var greece = Network.Client(new Uri((string)network["contactPoints"]!["GR"]!), DevelopmentTokens.Create(key, "GR", "officer"));
            using var posted = await greece.PostAsJsonAsync("api/reports", Samples.GreekReport(new DateOnly(2015, 10, 20)));
            Assert.That((int)posted.StatusCode, Is.EqualTo(202), await posted.Content.ReadAsStringAsync());

            // One store behind both: each replica answers with the report, whichever consumed it.
            foreach (var aggregator in aggregators)
            {
                using var commission = Network.Client(aggregator, DevelopmentTokens.Create(key, "EU", "commission"));
                await Eventually.True(async () =>
                    (await commission.GetFromJsonAsync<JsonObject>("api/reports?limit=100"))!["items"]!.AsArray()
                        .Any(r => (string?)r!["report"]!["reportDate"] == "2015-10-20" && (string?)r["report"]!["country"] == "GR"),
                    $"GR's report at {aggregator}", TimeSpan.FromMinutes(1));
            }
            Assert.That(File.Exists(Path.Combine(runDir, "data", "aggregator.db")), Is.False, "the replicas store in PostgreSQL, not in SQLite");
        }
        finally
        {
            await Shell.RunAsync(script, ["stop"], environment);
        }

        using var after = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var url in urls)
            Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync(new Uri(url, "health/live")), $"{url} was stopped");
        Assert.That(Ports.IsListening(int.Parse(environment["BALKANHUB_POSTGRES_PORT"], System.Globalization.CultureInfo.InvariantCulture)), Is.False, "PostgreSQL was stopped");
        Assert.That(Ports.IsListening(int.Parse(environment["BALKANHUB_REDIS_PORT"], System.Globalization.CultureInfo.InvariantCulture)), Is.False, "Redis was stopped");
        Directory.Delete(runDir, recursive: true);
    }
}
