using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BalkanHub.Domain.Route;
using BalkanHub.Testing;

namespace BalkanHub.Benchmarks;

/// <summary>What the command line asked for.</summary>
internal sealed record BenchmarkSettings(bool Smoke, int Runs, int[] Subscribers, IReadOnlyDictionary<string, string> Overrides)
{
    public int PerCountry { get; init; } = 150;

    public int LatencySeconds { get; init; } = 60;

    public double LatencyRate { get; init; } = 100;

    public string CommandLine { get; init; } = "";

    /// <summary>The aggregator's store in scenarios 2, 3, 4 and 6: Sqlite (shipped default) or Postgres (the production store).</summary>
    public string Store { get; init; } = "Sqlite";
}

/// <summary>The scenarios' names in the table, so the smoke check can find each one's figures.</summary>
internal static class ScenarioTitles
{
    public const string Baseline = "1 baseline";
    public const string FullSpeed = "2 end to end";
    public const string Latency = "3 latency";
    public const string FanOut = "4 fan-out";
    public const string History = "5 history";
    public const string Footprint = "6 footprint";

    public static string Of(string scenario) => scenario.ToLowerInvariant() switch
    {
        "baseline" => Baseline,
        "e2e" => FullSpeed,
        "latency" => Latency,
        "fanout" => FanOut,
        "history" => History,
        _ => Footprint,
    };
}

/// <summary>Runs the selected scenarios on one private broker, in an order that keeps them from disturbing each other.</summary>
internal sealed class BenchmarkRun(BenchmarkSettings settings, Figures figures, IReadOnlySet<string> scenarios)
{
    /// <summary>
    /// The size of a daily report on the bus, rounded up: the contact point's outbox holds about 740
    /// bytes of message (the report as scenarios 2 and 3 post it, with its signature), and MassTransit's
    /// envelope adds ids, addresses, the message type and host details, about 1 KB more. A report with
    /// every breakdown filled in is larger.
    /// </summary>
    const int ReportMessageBytes = 2048;

    readonly RouteMap _route = RouteMap.Load(Repository.RouteFile);
    readonly Dictionary<string, string> _differences = new(StringComparer.Ordinal);
    DateOnly? _nextDay;

    bool Runs(string scenario) => scenarios.Contains(scenario);

    /// <summary>
    /// A range of days no other run has used, so every report is new to the hub. Reports may be dated
    /// from the route's first reporting day to today only, so the days run out for very long runs.
    /// </summary>
    DateOnly TakeDays(int count)
    {
        var first = _nextDay ?? _route.FirstReportingDay;
        _nextDay = first.AddDays(count + 1);
        if (_nextDay > DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1))
            throw new InvalidOperationException($"The runs need more days than lie between {_route.FirstReportingDay:yyyy-MM-dd} and today: use fewer reports per country or runs.");
        return first;
    }

    /// <summary>Runs everything and returns the settings that differ from the shipped defaults, as Markdown.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine("benchmark: starting a private RabbitMQ node with deploy/rabbitmq/definitions.json");
        await using var broker = await PrivateBroker.StartWithDefinitionsAsync();
        double baseline = double.NaN;
        if (Runs("baseline"))
            baseline = await BaselineAsync(broker, cancellationToken);
        if (Runs("history"))
        {
            await HistoryAsync(broker, History.Dialect.Sqlite);
            await using var postgres = await PostgresServerAsync();
            await HistoryAsync(broker, History.Dialect.Postgres);
        }
        if (Runs("e2e") || Runs("latency") || Runs("fanout") || Runs("footprint"))
            await NetworkScenariosAsync(broker, baseline);
        return Differences();
    }

    async Task<double> BaselineAsync(PrivateBroker broker, CancellationToken cancellationToken)
    {
        var messages = settings.Smoke ? 500 : 50_000;
        Console.WriteLine($"benchmark: {ScenarioTitles.Baseline}, {messages} messages of {ReportMessageBytes} bytes, {settings.Runs} runs");
        var rates = new List<double>();
        for (var i = 0; i < settings.Runs; i++)
            rates.Add(await Baseline.RunAsync(broker.Uri, messages, ReportMessageBytes, cancellationToken));
        var median = Stats.Median(rates);
        figures.Add(ScenarioTitles.Baseline, $"raw RabbitMQ.Client: {messages} persistent {ReportMessageBytes}-byte messages, confirms, quorum queue, acks", median, " msg/s", "F0",
            note: Stats.Runs(rates, "F0"));
        return median;
    }

    /// <summary>
    /// Publishes the aggregator and the contact point as deploy/docker builds them (Release, ReadyToRun for
    /// this machine) into a temporary folder, and has the run start them from there: start-up time is
    /// mostly the JIT, which ReadyToRun code skips, so the build output would understate the shipped form.
    /// </summary>
    static async Task<IAsyncDisposable> PublishServicesAsync()
    {
        var folder = Directory.CreateTempSubdirectory("balkanhub-benchmark-published.").FullName;
        foreach (var project in new[] { "BalkanHub.Aggregator", "BalkanHub.ContactPoint" })
        {
            Console.WriteLine($"benchmark: publishing {project} (ReadyToRun), as the images do");
            await Shell.RunAsync("dotnet", ["publish", Path.Combine(Repository.Root, "src", project, project + ".csproj"), "-c", "Release",
                "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-p:PublishReadyToRun=true", "-nologo", "-v", "quiet",
                "-o", Path.Combine(folder, project)], timeout: TimeSpan.FromMinutes(10));
        }
        Environment.SetEnvironmentVariable("BALKANHUB_PUBLISHED", folder);
        return new Stopper(() =>
        {
            Environment.SetEnvironmentVariable("BALKANHUB_PUBLISHED", null);
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// The PostgreSQL server ./test.sh started (BALKANHUB_POSTGRES), or else one of the run's own from the
    /// OS packages, with deploy/scripts/postgres-server.sh, stopped again on dispose.
    /// </summary>
    static async Task<IAsyncDisposable> PostgresServerAsync()
    {
        if (Environment.GetEnvironmentVariable("BALKANHUB_POSTGRES") is { Length: > 0 })
            return new Stopper(() => Task.CompletedTask);
        var script = Path.Combine(Repository.Root, "deploy", "scripts", "postgres-server.sh");
        var folder = Directory.CreateTempSubdirectory("balkanhub-benchmark-postgres.").FullName;
        var port = Ports.Free();
        Console.WriteLine($"benchmark: starting a private PostgreSQL server on port {port}");
        // Shipped durability: fsync stays on, as a production server has it.
        await Shell.RunAsync(script, ["start", folder, port.ToString(CultureInfo.InvariantCulture)], timeout: TimeSpan.FromMinutes(3));
        Environment.SetEnvironmentVariable("BALKANHUB_POSTGRES", $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
        return new Stopper(async () =>
        {
            await Shell.RunAsync(script, ["stop", folder]);
            Environment.SetEnvironmentVariable("BALKANHUB_POSTGRES", null);
            Directory.Delete(folder, recursive: true);
        });
    }

    sealed class Stopper(Func<Task> stop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await stop();
    }

    async Task HistoryAsync(PrivateBroker broker, History.Dialect dialect)
    {
        var days = settings.Smoke ? 30 : 5 * 365 + 1;
        var samples = settings.Smoke ? 3 : 40;
        var title = $"{ScenarioTitles.History}, {dialect.Store}";
        Console.WriteLine($"benchmark: {title}, {days} days × {Network.AllCountries.Length} countries");
        await using var database = dialect == History.Dialect.Postgres ? await PostgresDatabase.CreateAsync("benchmark_history") : null;
        await using var network = await Network.StartAsync(broker, [], (party, environment) =>
        {
            Configure(party, environment);
            if (database is not null)
            {
                environment["Database__Provider"] = "Postgres";
                environment["ConnectionStrings__Aggregator"] = database.ConnectionString;
            }
        });
        Record(network.Aggregator);
        var file = Path.Combine(network.DataDir, "aggregator.db");
        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var firstDay = lastDay.AddDays(1 - days);

        // The schema is the aggregator's own, made at its start; the rows go in while it is stopped.
        network.Aggregator.Kill();
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        System.Data.Common.DbConnection connection = database is null
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}")
            : new Npgsql.NpgsqlConnection(database.ConnectionString);
        int rows;
        await using (connection)
            rows = await History.SeedAsync(connection, dialect, _route, Network.AllCountries, lastDay, days);
        seeding.Stop();
        if (database is not null)
            await database.ScalarAsync("ANALYZE");
        network.Aggregator.Start();
        await network.Aggregator.WaitUntilReadyAsync();
        var size = database is null
            ? $"file {new FileInfo(file).Length / 1048576.0:F0} MB"
            : $"database {Convert.ToInt64(await database.ScalarAsync("SELECT pg_database_size(current_database())"), CultureInfo.InvariantCulture) / 1048576.0:F0} MB";
        figures.Add(new Figure(title, $"reports stored (written straight into the aggregator's tables)",
            rows.ToString("N0", CultureInfo.InvariantCulture), Note: $"{days} days, 10 crossing points each; seeded in {seeding.Elapsed.TotalSeconds:F1} s; {size}"));

        var random = new Random(12);
        DateOnly Day(int earliestOffset = 0) => firstDay.AddDays(random.Next(Math.Min(earliestOffset, days - 1), days));
        string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var yearSpan = Math.Min(365, days);
        var http = network.AggregatorHttp;
        // Fewer requests in all than the rate limit's burst of 200 for one participant: the limiter is not what is measured.
        var picture = await History.TimeAsync(http, samples, _ => $"api/picture?date={Date(Day())}");
        var series = await History.TimeAsync(http, samples, _ => $"api/dashboard/series?days=90&to={Date(Day(89))}");
        var trends = await History.TimeAsync(http, samples, _ => $"api/trends?date={Date(Day(13))}");
        var export = await History.TimeAsync(http, Math.Max(2, samples / 4), _ =>
        {
            var from = firstDay.AddDays(random.Next(0, days - yearSpan + 1));
            return $"api/export/daily.csv?from={Date(from)}&to={Date(from.AddDays(yearSpan - 1))}";
        });
        AddPercentiles(title, "GET /api/picture?date= (random day)", picture, 50);
        AddPercentiles(title, "GET /api/dashboard/series?days=90 (the 90-day trend)", series, 50);
        AddPercentiles(title, "GET /api/trends?date= (7-day averages vs the week before)", trends, null);
        AddPercentiles(title, $"GET /api/export/daily.csv, {yearSpan} days (HXL)", export, null);
    }

    void AddPercentiles(string title, string what, List<double> samples, double? p95Target)
    {
        var note = $"{samples.Count} requests, one at a time";
        figures.Add(title, $"{what} p50", Stats.Percentile(samples, 50), " ms", "F1", note: note);
        figures.Add(title, $"{what} p95", Stats.Percentile(samples, 95), " ms", "F1", atMost: p95Target, note: note);
    }

    async Task NetworkScenariosAsync(PrivateBroker broker, double baseline)
    {
        // The smoke run only proves that every scenario still produces figures: three neighbours start
        // far sooner than eleven.
        string[] countries = settings.Smoke ? ["GR", "MK", "RS"] : Network.AllCountries;
        Console.WriteLine($"benchmark: starting the aggregator ({settings.Store}) and {countries.Length} contact points");
        await using var published = settings.Smoke ? null : await PublishServicesAsync();
        if (published is null)
            _differences["services"] = "the build output, compiled just in time (shipped: published ReadyToRun, as the images build them): the smoke run skips the publish";
        var postgres = settings.Store == "Postgres";
        await using var server = postgres ? await PostgresServerAsync() : null;
        await using var database = postgres ? await PostgresDatabase.CreateAsync("benchmark_network") : null;
        await using var network = await Network.StartAsync(broker, countries, (party, environment) =>
        {
            Configure(party, environment);
            if (party == "aggregator" && database is not null)
            {
                environment["Database__Provider"] = "Postgres";
                environment["ConnectionStrings__Aggregator"] = database.ConnectionString;
            }
            if (party == "aggregator" && Runs("fanout"))
            {
                // Thousands of subscribers here share one token, so one participant's rate limit; in life
                // they are many participants, each with its own.
                Override(environment, "Limits__PerSecond", "100000");
                Override(environment, "Limits__Burst", "100000");
            }
        });
        Record(network.Aggregator);
        Record(network.ContactPoints["GR"]);
        var contactPoint = network.ContactPoints["GR"];

        if (Runs("footprint"))
            await FootprintAsync(network, contactPoint);

        await using var observer = await Observer.StartAsync(network);
        var traffic = new Traffic(network, observer, _route);
        var sampler = new MemorySampler([network.Aggregator, contactPoint]);
        await using (sampler)
        {
            if (Runs("e2e"))
                await FullSpeedAsync(traffic, baseline);
            if (Runs("latency"))
                await LatencyAsync(traffic);
        }
        if (Runs("footprint") && (Runs("e2e") || Runs("latency")))
        {
            figures.Add(ScenarioTitles.Footprint, "contact point GR, peak resident memory under scenarios 2–3", sampler.PeakOf(contactPoint), " MB", "F0");
            figures.Add(ScenarioTitles.Footprint, "aggregator, peak resident memory under scenarios 2–3", sampler.PeakOf(network.Aggregator), " MB", "F0");
        }
        if (Runs("fanout"))
        {
            foreach (var size in settings.Subscribers)
                await FanOutAsync(network, size);
        }
    }

    async Task FootprintAsync(Network network, ServiceProcess contactPoint)
    {
        Console.WriteLine($"benchmark: {ScenarioTitles.Footprint}, {settings.Runs} restarts each");
        var settle = TimeSpan.FromSeconds(settings.Smoke ? 1 : 10);
        // The network has just started: a dozen services are still warming up (JIT, first periodic checks).
        // Timing a start-up among them would measure the crowd, not the service.
        await Task.Delay(settle * 2);
        foreach (var (service, label, readyTarget, idleTarget) in new[] { (contactPoint, "contact point GR", 2000.0, 150.0), (network.Aggregator, "aggregator", double.NaN, double.NaN) })
        {
            var starts = new List<double>();
            for (var i = 0; i < settings.Runs; i++)
                starts.Add(await Footprint.RestartAsync(service));
            await Task.Delay(settle);
            var idle = Footprint.ResidentMegabytes(service);
            figures.Add(ScenarioTitles.Footprint, $"{label}, start to /health/ready", Stats.Median(starts), " ms", "F0",
                atMost: double.IsNaN(readyTarget) ? null : readyTarget, note: $"restart on its database, nothing else starting; {Stats.Runs(starts, "F0")}");
            figures.Add(ScenarioTitles.Footprint, $"{label}, resident memory idle ({settle.TotalSeconds:F0} s after ready)", idle, " MB", "F0",
                atMost: double.IsNaN(idleTarget) ? null : idleTarget);
        }
        // The other contact points and the aggregator see the restarted ones come back before the load starts.
        await Task.WhenAll(network.ContactPoints.Values.Prepend(network.Aggregator).Select(p => p.WaitUntilReadyAsync()));
    }

    async Task FullSpeedAsync(Traffic traffic, double baseline)
    {
        var perCountry = settings.PerCountry;
        const int concurrency = 4;
        Console.WriteLine($"benchmark: {ScenarioTitles.FullSpeed}, {perCountry} reports per country, {concurrency} in flight per country, {settings.Runs} runs");
        var results = new List<TrafficResult>();
        for (var i = 0; i < settings.Runs; i++)
        {
            var result = await traffic.FullSpeedAsync(perCountry, TakeDays(perCountry), concurrency, TimeSpan.FromMinutes(settings.Smoke ? 2 : 10));
            if (!result.Complete && settings.Smoke)
                throw new InvalidOperationException($"Scenario 2: {result.Missing} deliveries never arrived.");
            results.Add(result);
        }
        var reports = results.Select(r => r.ReportsPerSecond).ToList();
        var bus = results.Select(r => r.BusMessagesPerSecond).ToList();
        var ratios = results.Select(r => r.BusMessagesPerSecond / baseline).ToList();
        var first = results[0];
        var note = $"{first.Reports} reports → {first.Relays} relays + feed; 429s and retries: {string.Join(", ", results.Select(r => r.Refused))}"
            + (results.Any(r => !r.Complete) ? $"; INCOMPLETE, deliveries missing after the drain: {string.Join(", ", results.Select(r => r.Missing))}" : "");
        figures.Add(ScenarioTitles.FullSpeed, "reports/s (POST until stored and in every neighbour's inbox)", Stats.Median(reports), "", "F0", atLeast: 500, note: $"{Stats.Runs(reports, "F0")}; {note}");
        figures.Add(ScenarioTitles.FullSpeed, "bus messages/s (submissions + relays)", Stats.Median(bus), "", "F0", note: Stats.Runs(bus, "F0"));
        figures.Add(ScenarioTitles.FullSpeed, "bus messages/s ÷ baseline (same run)", Stats.Median(ratios), " ×", "F3", atLeast: 0.3,
            note: $"stretch target 0.6 ×; {Stats.Runs(ratios, "F3")}");
        var accept = results.SelectMany(r => r.AcceptMs).ToList();
        figures.Add(ScenarioTitles.FullSpeed, "POST → 202 p50 / p99", Stats.Percentile(accept, 50), $" / {Stats.Percentile(accept, 99):F0} ms", "F0");
    }

    async Task LatencyAsync(Traffic traffic)
    {
        var rate = settings.LatencyRate;
        var duration = TimeSpan.FromSeconds(settings.LatencySeconds);
        Console.WriteLine($"benchmark: {ScenarioTitles.Latency}, {rate} reports/s for {duration.TotalSeconds} s");
        // Each day carries one report of every country: the load needs a day per round of countries.
        var days = (int)(rate * duration.TotalSeconds) / Math.Max(1, traffic.Countries) + 1;
        var result = await traffic.FixedLoadAsync(rate, duration, TakeDays(days), TimeSpan.FromMinutes(settings.Smoke ? 2 : 10));
        var offered = $"{rate:F0} reports/s offered for {duration.TotalSeconds:F0} s; {result.DeliveryMs.Count} relays timed";
        figures.Add(ScenarioTitles.Latency, "POST → neighbour's SignalR client p50", Stats.Percentile(result.DeliveryMs, 50), " ms", "F0", note: offered);
        figures.Add(ScenarioTitles.Latency, "POST → neighbour's SignalR client p95", Stats.Percentile(result.DeliveryMs, 95), " ms", "F0");
        figures.Add(ScenarioTitles.Latency, "POST → neighbour's SignalR client p99", Stats.Percentile(result.DeliveryMs, 99), " ms", "F0", atMost: 100);
        figures.Add(new Figure(ScenarioTitles.Latency, "deliveries", $"{result.Relays - result.Missing}/{result.Relays}",
            Note: $"pushes missed (seen by polling instead): {result.PushesMissed}; 429s and retries: {result.Refused}; achieved {result.ReportsPerSecond:F0} reports/s until the last relay"));
    }

    async Task FanOutAsync(Network network, int size)
    {
        Console.WriteLine($"benchmark: {ScenarioTitles.FanOut}, {size} subscribers on the aggregator's /hubs/feed");
        var result = await FanOut.RunAsync(network, size, TakeDays(1), TimeSpan.FromSeconds(settings.Smoke ? 30 : 60));
        var label = $"{size:N0} subscribers";
        var note = $"connected {result.Connected:N0} in {result.ConnectTime.TotalSeconds:F0} s{(result.Failure is null ? "" : $"; first failure: {result.Failure}")}";
        figures.Add(new Figure(ScenarioTitles.FanOut, $"{label}: received the alert", $"{result.Received:N0}/{size:N0}", "all",
            result.Received == size ? "met" : $"no ({size - result.Received:N0} short)", note));
        figures.Add(ScenarioTitles.FanOut, $"{label}: POST → alert p50", Stats.Percentile(result.Ms, 50), " ms", "F0");
        figures.Add(ScenarioTitles.FanOut, $"{label}: POST → alert p99", Stats.Percentile(result.Ms, 99), " ms", "F0", atMost: size >= 10_000 ? 1000 : null);
        figures.Add(ScenarioTitles.FanOut, $"{label}: POST → alert max", result.Ms.Count > 0 ? result.Ms.Max() : double.NaN, " ms", "F0");
    }

    /// <summary>Applies the --set overrides to every service.</summary>
    void Configure(string party, IDictionary<string, string?> environment)
    {
        foreach (var (key, value) in settings.Overrides)
            Override(environment, key, value);
    }

    static void Override(IDictionary<string, string?> environment, string key, string value) => environment[key] = value;

    /// <summary>Notes what a service runs with that it would not by default: whatever its environment adds to or changes from ours.</summary>
    void Record(ServiceProcess service)
    {
        foreach (var (key, value) in service.Environment)
        {
            if (value is null || Environment.GetEnvironmentVariable(key) == value)
                continue;
            _differences[$"{Kind(service.Name)}: {key}"] = Describe(key, value);
        }
    }

    static string Kind(string name) => name.StartsWith("contact-point", StringComparison.Ordinal) ? "contact points" : name;

    static string Describe(string key, string value) => key switch
    {
        "ASPNETCORE_ENVIRONMENT" => $"{value}: the harness's development tokens are accepted in Development only",
        "ASPNETCORE_URLS" => "a free port on 127.0.0.1",
        "Auth__DevelopmentKey" => "(secret) the run's development signing key for tokens",
        "RabbitMq__Uri" => "(secret) the private node, as the party's own broker user from deploy/rabbitmq/definitions.json",
        "Route__Path" => "deploy/route.json, by absolute path",
        _ when key.StartsWith("ConnectionStrings__", StringComparison.Ordinal) => value.StartsWith("Data Source=", StringComparison.Ordinal)
            ? "a SQLite file in the run's temporary folder" : "(secret) a PostgreSQL database of the run's own",
        "Database__Provider" => $"{value} (shipped: Sqlite): scenario 5 runs on each store, the others with --store",
        _ when key.StartsWith("Signing__", StringComparison.Ordinal) => "the run's own signing key (reports are signed, as shipped)",
        "Logging__LogLevel__Default" => $"{value} (shipped: Information): the harness logs less",
        _ when key.StartsWith("Logging__", StringComparison.Ordinal) => $"{value} (the harness's log format and levels; the shipped levels are Information)",
        "Limits__PerSecond" or "Limits__Burst" => $"{value} (shipped: 20/s, burst 200): only on the aggregator, for the fan-out, whose subscribers share one token",
        _ => value,
    };

    public string Differences()
    {
        var text = new StringBuilder();
        foreach (var (key, value) in _differences.OrderBy(d => d.Key, StringComparer.Ordinal))
            text.AppendLine(CultureInfo.InvariantCulture, $"- {key} = {value}");
        return text.ToString();
    }
}

/// <summary>The machine the figures come from.</summary>
internal static class Machine
{
    /// <summary>The 1-, 5- and 15-minute load averages: other work on the machine skews every figure.</summary>
    public static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        var gib = memory is null ? "?" : (long.Parse(memory, CultureInfo.InvariantCulture) / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);
        return $"{cpu ?? "unknown CPU"}, {Environment.ProcessorCount} cores, {gib} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
