using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BalkanHub.Benchmarks;
using BalkanHub.Domain.Route;
using BalkanHub.Testing;

// The measured-speed benchmark of issue 12. One command runs every scenario on a private RabbitMQ node
// and real service processes, in Release, and prints one table with the raw broker's baseline and the
// hub's ratio to it from the same run:
//   dotnet run -c Release --project tests/BalkanHub.Benchmarks
// --smoke runs every scenario with tiny counts (three contact points), asserting nothing about speed: ./test.sh runs it so the
// benchmark never rots.

string[] allScenarios = ["baseline", "e2e", "latency", "fanout", "history", "footprint"];
// Long, and each on networks of their own: run only when asked for by name, never by default or in the smoke run.
string[] longScenarios = ["recovery", "soak"];
var smokeOption = new Option<bool>("--smoke") { Description = "Tiny counts, about a minute: checks that every scenario produces figures, not speed." };
var scenarioOption = new Option<string[]>("--scenario")
{
    Description = $"Scenarios to run (default: all of {string.Join(", ", allScenarios)}); {string.Join(" and ", longScenarios)} (long: fault kinds, timed) only when named.",
    AllowMultipleArgumentsPerToken = true,
    DefaultValueFactory = _ => allScenarios,
};
var runsOption = new Option<int>("--runs") { Description = "Repetitions of the baseline, the full-speed run and the restarts; their median is reported.", DefaultValueFactory = _ => 3 };
var subscribersOption = new Option<int[]>("--subscribers") { Description = "Fan-out sizes.", AllowMultipleArgumentsPerToken = true };
var setOption = new Option<string[]>("--set")
{
    Description = "KEY=VALUE settings for every service, to try a change (for example Limits__PerSecond=1000). Printed as differing from the shipped defaults.",
    AllowMultipleArgumentsPerToken = true,
};
var perCountryOption = new Option<int>("--per-country") { Description = "Scenario 2: reports each country posts per run.", DefaultValueFactory = _ => 150 };
var latencySecondsOption = new Option<int>("--latency-seconds") { Description = "Scenario 3: how long the fixed load lasts.", DefaultValueFactory = _ => 60 };
var latencyRateOption = new Option<double>("--latency-rate") { Description = "Scenario 3: reports per second offered, over all countries.", DefaultValueFactory = _ => 100 };
var storeOption = new Option<string>("--store")
{
    Description = "The aggregator's store in scenarios 2, 3, 4 and 6: sqlite (the shipped default) or postgres (the production store; scenario 5 always runs on both).",
    DefaultValueFactory = _ => "sqlite",
};
storeOption.AcceptOnlyFromAmong("sqlite", "postgres");
var faultsOption = new Option<string[]>("--faults")
{
    Description = "Scenario recovery: fault kinds to run (default: all), by a word of their name: contact, aggregator, database, broker, cluster.",
    AllowMultipleArgumentsPerToken = true,
};
var recoveryPerCountryOption = new Option<int>("--recovery-per-country") { Description = "Scenario recovery: reports each of the eleven countries posts per fault (the fault suite's 200).", DefaultValueFactory = _ => 200 };
var soakMinutesOption = new Option<double>("--soak-minutes") { Description = "Scenario soak: how long it runs.", DefaultValueFactory = _ => 20 };
var soakKillMinutesOption = new Option<double>("--soak-kill-every") { Description = "Scenario soak: minutes between kills.", DefaultValueFactory = _ => 3 };
var soakRateOption = new Option<double>("--soak-rate") { Description = "Scenario soak: reports per second over all countries.", DefaultValueFactory = _ => 10 };
var outputOption = new Option<FileInfo?>("--output") { Description = "Also write the table and settings to this Markdown file." };
var root = new RootCommand("BalkanHub benchmark: the hub beside the raw broker, in one run.")
{
    smokeOption, scenarioOption, runsOption, storeOption, perCountryOption, latencySecondsOption, latencyRateOption, subscribersOption, setOption, outputOption,
    faultsOption, recoveryPerCountryOption, soakMinutesOption, soakKillMinutesOption, soakRateOption,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var smoke = parse.GetValue(smokeOption);
    var selected = parse.GetValue(scenarioOption)!.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase);
    var unknown = selected.Except(allScenarios.Concat(longScenarios), StringComparer.OrdinalIgnoreCase).ToList();
    if (unknown.Count > 0)
    {
        await Console.Error.WriteLineAsync($"Unknown scenario: {string.Join(", ", unknown)}. Known: {string.Join(", ", allScenarios.Concat(longScenarios))}.");
        return 2;
    }
    var settings = new BenchmarkSettings(smoke, Math.Max(1, smoke ? 1 : parse.GetValue(runsOption)),
        parse.GetValue(subscribersOption) is { Length: > 0 } sizes ? sizes : smoke ? [20, 100] : [2000, 10000],
        (parse.GetValue(setOption) ?? []).Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal))
    {
        PerCountry = smoke ? 3 : parse.GetValue(perCountryOption),
        LatencySeconds = smoke ? 2 : parse.GetValue(latencySecondsOption),
        LatencyRate = smoke ? 10 : parse.GetValue(latencyRateOption),
        Store = parse.GetValue(storeOption) == "postgres" ? "Postgres" : "Sqlite",
        CommandLine = "dotnet run -c Release --project tests/BalkanHub.Benchmarks" + (args.Length > 0 ? " -- " + string.Join(" ", args) : ""),
    };
    var figures = new Figures();
    var total = Stopwatch.StartNew();
    var loadBefore = Machine.Load();
    var run = new BenchmarkRun(settings, figures, selected);
    string differences;
    try
    {
        differences = selected.Overlaps(allScenarios) ? await run.RunAsync(cancellationToken) : run.Differences();
        var route = RouteMap.Load(Repository.RouteFile);
        if (selected.Contains("recovery"))
            await new Recovery(figures, route, settings.Overrides).RunAsync(parse.GetValue(faultsOption) ?? [], parse.GetValue(recoveryPerCountryOption), cancellationToken);
        if (selected.Contains("soak"))
            await new Soak(figures, route, settings.Overrides).RunAsync(TimeSpan.FromMinutes(parse.GetValue(soakMinutesOption)),
                TimeSpan.FromMinutes(parse.GetValue(soakKillMinutesOption)), parse.GetValue(soakRateOption), seed: 2015, cancellationToken);
    }
    catch (Exception ex) when (smoke)
    {
        await Console.Error.WriteLineAsync($"benchmark smoke failed: {ex}");
        return 1;
    }
    var report = new StringBuilder()
        .AppendLine(CultureInfo.InvariantCulture, $"BalkanHub benchmark ({(smoke ? "smoke: tiny counts, figures mean nothing" : "full")}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {total.Elapsed.TotalSeconds:F0} s")
        .AppendLine(CultureInfo.InvariantCulture, $"Command: {settings.CommandLine}")
        .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}")
        .AppendLine(CultureInfo.InvariantCulture, $"Load average (1, 5, 15 min) before: {loadBefore}; after: {Machine.Load()}")
        .AppendLine()
        .Append(figures.ToMarkdown())
        .AppendLine()
        .AppendLine("Settings that differ from the shipped defaults:")
        .Append(differences);
    Console.WriteLine();
    Console.WriteLine(report);
    if (parse.GetValue(outputOption) is { } output)
        await File.WriteAllTextAsync(output.FullName, report.ToString(), cancellationToken);

    // The smoke run checks that every scenario produced figures, never how fast they were.
    var empty = figures.Rows.Where(f => f.Value.StartsWith("n/a", StringComparison.Ordinal)).ToList();
    var missing = selected.Where(s => !figures.Rows.Any(f => f.Scenario.StartsWith(ScenarioTitles.Of(s), StringComparison.Ordinal))).ToList();
    if (smoke && (empty.Count > 0 || missing.Count > 0))
    {
        await Console.Error.WriteLineAsync($"benchmark smoke failed: no figure for {string.Join(", ", missing.Concat(empty.Select(e => $"{e.Scenario}/{e.Metric}")))}");
        return 1;
    }
    return 0;
});
return await root.Parse(args).InvokeAsync();
