using System.CommandLine;
using System.Globalization;
using BalkanHub.Cli.Simulation;
using Spectre.Console;

namespace BalkanHub.Cli;

/// <summary>
/// <c>balkanhub simulate</c>: replays the autumn-2015 scenario through the public API of a running
/// development network, each country's reports and measures as its officers would have sent them.
/// </summary>
internal static class SimulateCommand
{
    /// <summary>Builds <c>simulate</c>.</summary>
    public static Command Build()
    {
        var network = new Option<string>("--network")
        {
            Description = "The network.json that ./run.sh writes (default: .run/network.json).",
            DefaultValueFactory = _ => Connection.DefaultNetworkFile,
        };
        var keyFile = new Option<string>("--key-file")
        {
            Description = "The network's development key, to mint each country's officer token (default: .run/development.key).",
            DefaultValueFactory = _ => Connection.DefaultKeyFile,
        };
        var scenario = new Option<string>("--scenario")
        {
            Description = "The scenario to replay (default: deploy/scenario/autumn-2015.json).",
            DefaultValueFactory = _ => Path.Combine("deploy", "scenario", "autumn-2015.json"),
        };
        var from = new Option<DateOnly?>("--from") { Description = "The first day to replay, yyyy-MM-dd (default: the scenario's first day)." };
        var days = new Option<int?>("--days") { Description = "How many days to replay (default: to the scenario's last day)." };
        var secondsPerDay = new Option<double>("--seconds-per-day")
        {
            Description = "How many real seconds a simulated day takes (default 2).",
            DefaultValueFactory = _ => 2,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "The seed of the day-to-day variation; the same seed gives the same figures (default 2015).",
            DefaultValueFactory = _ => 2015,
        };
        var realStart = new Option<DateTimeOffset?>("--real-start")
        {
            Description = "The real instant at which the replay's clock reads midnight UTC of the first day: the services' ScenarioClock:RealStart (default: now).",
        };
        var clockFile = new Option<string?>("--clock-file")
        {
            Description = "The services' ScenarioClock:RealStartFile: the simulator writes the replay's real start there once it is connected.",
        };
        var command = new Command("simulate", "Replays the autumn-2015 scenario against a running development network, printing each simulated day's events.");
        foreach (var option in new Option[] { network, keyFile, scenario, from, days, secondsPerDay, seed, realStart, clockFile })
            command.Options.Add(option);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var perDay = parseResult.GetValue(secondsPerDay);
            if (double.IsNaN(perDay) || perDay <= 0 || perDay > 86_400)
                throw new UsageException("--seconds-per-day must be more than 0 and at most 86400.");
            if (parseResult.GetValue(days) is < 1)
                throw new UsageException("--days must be at least 1.");
            var networkPath = parseResult.GetValue(network)!;
            var keyPath = parseResult.GetValue(keyFile)!;
            var scenarioPath = parseResult.GetValue(scenario)!;
            if (!File.Exists(networkPath))
                return await CliApp.FailAsync($"no network file at {networkPath}: start a network with ./run.sh --detach, or pass --network.");
            if (!File.Exists(keyPath))
                return await CliApp.FailAsync($"no development key at {keyPath}: start a network with ./run.sh --detach, or pass --key-file.");
            if (!File.Exists(scenarioPath))
                return await CliApp.FailAsync($"no scenario at {scenarioPath}: pass --scenario.");
            var map = NetworkFile.Read(networkPath);
            var settings = new SimulationSettings(map.Aggregator, map.ContactPoints, (await File.ReadAllTextAsync(keyPath, cancellationToken)).Trim(),
                scenarioPath, parseResult.GetValue(from), parseResult.GetValue(days), TimeSpan.FromSeconds(perDay), parseResult.GetValue(seed), parseResult.GetValue(realStart), parseResult.GetValue(clockFile));
            return await RunAsync(settings, cancellationToken);
        });
        return command;
    }

    static async Task<int> RunAsync(SimulationSettings settings, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]Replaying[/] {settings.ScenarioPath} against {settings.Aggregator} and {settings.ContactPoints.Count} contact points (seed {settings.Seed})");
        var printer = new DayPrinter();
        try
        {
            await ScenarioSimulator.RunAsync(settings, printer, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("[yellow]Stopped.[/]");
        }
        printer.Summary();
        return 0;
    }

    /// <summary>
    /// Prints each day as the simulator reports it. Called on the simulator's own thread, not through
    /// <see cref="Progress{T}"/>, so the days are printed in order and before the summary.
    /// </summary>
    sealed class DayPrinter : IProgress<SimulationProgress>
    {
        readonly Lock _gate = new();
        SimulationProgress? _last;

        public void Report(SimulationProgress value)
        {
            lock (_gate)
            {
                _last = value;
                AnsiConsole.Write(new Rule(string.Create(CultureInfo.InvariantCulture,
                    $"[bold]{value.Day:yyyy-MM-dd}[/]  day {value.DaysDone}/{value.DaysTotal}  reports {value.Reports}  measures {value.Measures}")).LeftJustified());
                foreach (var line in value.Events)
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  {line}");
            }
        }

        public void Summary()
        {
            lock (_gate)
            {
                if (_last is null)
                {
                    AnsiConsole.MarkupLine("No day was replayed.");
                    return;
                }
                var table = new Table().AddColumns("Days", "Reports", "Measures", "Last day");
                table.AddRow(string.Create(CultureInfo.InvariantCulture, $"{_last.DaysDone}/{_last.DaysTotal}"),
                    _last.Reports.ToString(CultureInfo.InvariantCulture), _last.Measures.ToString(CultureInfo.InvariantCulture),
                    _last.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                AnsiConsole.Write(table);
            }
        }
    }
}
