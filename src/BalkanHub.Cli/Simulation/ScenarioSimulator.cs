namespace BalkanHub.Cli.Simulation;

/// <summary>Where the network is and how to replay the scenario.</summary>
/// <param name="Aggregator">The aggregator's address.</param>
/// <param name="ContactPoints">Each participant's contact point.</param>
/// <param name="DevelopmentKey">The network's development key (base64), to mint each country's officer token.</param>
/// <param name="ScenarioPath">The scenario file.</param>
/// <param name="From">The first day to replay (default: the scenario's first day).</param>
/// <param name="Days">How many days to replay (default: to the scenario's last day).</param>
/// <param name="PerDay">How long a replayed day takes.</param>
/// <param name="Seed">The seed of the day-to-day variation: the same seed gives the same figures.</param>
/// <param name="RealStart">
/// The real instant at which the replay's clock reads midnight UTC of the first day: the services'
/// <c>ScenarioClock:RealStart</c>, so both agree on the replayed time (default: now).
/// </param>
/// <param name="ClockFile">
/// The services' <c>ScenarioClock:RealStartFile</c>: the simulator writes its real start there once it is
/// connected, and the services' clocks start with it.
/// </param>
public sealed record SimulationSettings(
    Uri Aggregator, IReadOnlyDictionary<string, Uri> ContactPoints, string DevelopmentKey, string ScenarioPath,
    DateOnly? From, int? Days, TimeSpan PerDay, int Seed, DateTimeOffset? RealStart = null, string? ClockFile = null);

/// <summary>How far a replay has come.</summary>
/// <param name="Day">The day just replayed.</param>
/// <param name="DaysDone">Days replayed so far.</param>
/// <param name="DaysTotal">Days to replay.</param>
/// <param name="Reports">Reports submitted so far.</param>
/// <param name="Measures">Measure notices and transitions sent so far.</param>
/// <param name="Events">What happened that day, in words.</param>
public sealed record SimulationProgress(DateOnly Day, int DaysDone, int DaysTotal, int Reports, int Measures, IReadOnlyList<string> Events);
