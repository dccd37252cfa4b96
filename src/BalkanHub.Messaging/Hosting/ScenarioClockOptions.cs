using System.ComponentModel.DataAnnotations;
using BalkanHub.Domain.Time;
using BalkanHub.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BalkanHub.Messaging.Hosting;

/// <summary>
/// A replayed clock for the scenario network (see <see cref="ScenarioClock"/>). Section <c>ScenarioClock</c>;
/// a Development setting only. <c>./run.sh</c> gives every service and the simulator the same values.
/// </summary>
public sealed class ScenarioClockOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "ScenarioClock";

    /// <summary>The replayed instant the clock reads at <see cref="RealStart"/>, such as <c>2015-10-15T00:00:00Z</c>.</summary>
    [Required]
    public DateTimeOffset? Start { get; set; }

    /// <summary>The real instant at which the replay begins; until then the clock stands at <see cref="Start"/>.</summary>
    public DateTimeOffset? RealStart { get; set; }

    /// <summary>
    /// Instead of <see cref="RealStart"/>: a JSON file, <c>{"ScenarioClock": {"RealStart": "…", "HoldAt": "…"}}</c>,
    /// that the simulator writes once the network is up and rewrites as it goes (see <see cref="ClockFile"/>).
    /// Until then the clock stands at <see cref="Start"/>, and it never passes the instant held, so a slow
    /// start or a loaded machine never makes a report late.
    /// </summary>
    public string? RealStartFile { get; set; }

    /// <summary>Real seconds a replayed day lasts.</summary>
    [Range(0.01, 86_400)]
    public double SecondsPerDay { get; set; }

    /// <summary>The replayed instant from which the clock runs at real pace again (optional).</summary>
    public DateTimeOffset? End { get; set; }

    /// <summary>Whether any key of the section is set.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        configuration.GetSection(Section).GetChildren().Any(c => !string.IsNullOrEmpty(c.Value));

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RealStart is null && string.IsNullOrWhiteSpace(RealStartFile))
            yield return new ValidationResult($"{Section}:RealStart or {Section}:RealStartFile is required.", [nameof(RealStart)]);
        if (End is { } end && Start is { } start && end <= start)
            yield return new ValidationResult($"{Section}:End must come after {Section}:Start.", [nameof(End)]);
    }
}

/// <summary>Registers the hub's clock.</summary>
public static class ScenarioClockExtensions
{
    /// <summary>
    /// With a <c>ScenarioClock</c> section, the hub's clock replays the scenario; without one, it is the
    /// system clock. Outside Development a configured section stops the service at start, naming it: a
    /// replayed clock in production would stamp every report and deadline with the wrong time.
    /// </summary>
    public static IHostApplicationBuilder AddHubClock(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (ScenarioClockOptions.IsConfigured(builder.Configuration))
        {
            if (!builder.Environment.IsDevelopment())
                throw new InvalidOperationException(
                    $"{ScenarioClockOptions.Section}:Start (the scenario clock) is set, but this is the {builder.Environment.EnvironmentName} environment. " +
                    $"The scenario clock replays 2015 for demonstrations and is refused outside Development: remove the {ScenarioClockOptions.Section} settings.");
            builder.AddValidatedOptions<ScenarioClockOptions>(ScenarioClockOptions.Section);
            builder.Services.TryAddSingleton<TimeProvider>(sp =>
            {
                var o = sp.GetRequiredService<IOptions<ScenarioClockOptions>>().Value;
                if (o.RealStartFile is not { Length: > 0 } path)
                    return new ScenarioClock(o.Start!.Value, o.RealStart!.Value, o.SecondsPerDay, o.End);
                // The simulator steers the replay through the file: when it starts, and where it holds.
                var file = new ClockFile(Path.GetFullPath(path));
                return new ScenarioClock(o.Start!.Value, () => file.RealStart ?? o.RealStart, o.SecondsPerDay, o.End, holdAt: () => file.HoldAt);
            });
        }
        builder.Services.TryAddSingleton(TimeProvider.System);
        // What guards access (token and cookie lifetimes, in ServiceDefaults) reads the real clock under the
        // hub's through RealClock, which knows nothing of the scenario; resolved late, so a test's fake clock stays the fake.
        builder.Services.TryAddKeyedSingleton<TimeProvider>(RealClock.Key, (sp, _) => sp.GetRequiredService<TimeProvider>().RealTime());
        return builder;
    }
}
