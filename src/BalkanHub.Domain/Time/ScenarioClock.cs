namespace BalkanHub.Domain.Time;

/// <summary>
/// The hub's clock in a replay: it reads <see cref="Start"/> until the real clock reaches
/// <see cref="RealStart"/>, then runs a replayed day every <see cref="SecondsPerDay"/> real seconds, and
/// once it reads <see cref="End"/> (when set) it goes on at the pace of real time, so a network left
/// running after the replay does not race into days nobody reports.
/// </summary>
/// <remarks>
/// Only the wall-clock reading is replayed. Timers, delays and timestamps (<see cref="TimeProvider.CreateTimer"/>,
/// <see cref="TimeProvider.GetTimestamp"/>) are the real ones, so a check that runs every second still runs
/// every real second. Every service of a network and the simulator are given the same four values, so they
/// agree on the replayed time to the millisecond.
/// </remarks>
public sealed class ScenarioClock : TimeProvider
{
    readonly Func<DateTimeOffset?> _realStart;

    /// <summary>A replayed clock over <paramref name="real"/>.</summary>
    public ScenarioClock(DateTimeOffset start, DateTimeOffset realStart, double secondsPerDay, DateTimeOffset? end = null, TimeProvider? real = null)
        : this(start, () => realStart, secondsPerDay, end, real)
    {
    }

    /// <summary>
    /// A replayed clock whose real start is read each time, so it can be set after the services started:
    /// until <paramref name="realStart"/> gives one, the clock stands at <paramref name="start"/>.
    /// </summary>
    public ScenarioClock(DateTimeOffset start, Func<DateTimeOffset?> realStart, double secondsPerDay, DateTimeOffset? end = null, TimeProvider? real = null)
    {
        ArgumentNullException.ThrowIfNull(realStart);
        if (!(secondsPerDay > 0) || double.IsInfinity(secondsPerDay))
            throw new ArgumentOutOfRangeException(nameof(secondsPerDay), secondsPerDay, "A replayed day must last a positive number of real seconds.");
        if (end <= start)
            throw new ArgumentOutOfRangeException(nameof(end), end, "The end must come after the start.");
        Start = start;
        _realStart = realStart;
        SecondsPerDay = secondsPerDay;
        End = end;
        Real = real ?? System;
    }

    /// <summary>The replayed instant the clock reads until <see cref="RealStart"/>.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The real instant at which the replay begins, or null while it is not set.</summary>
    public DateTimeOffset? RealStart => _realStart();

    /// <summary>Real seconds a replayed day lasts.</summary>
    public double SecondsPerDay { get; }

    /// <summary>The replayed instant from which the clock runs at real pace again, if any.</summary>
    public DateTimeOffset? End { get; }

    /// <summary>The real clock underneath.</summary>
    public TimeProvider Real { get; }

    /// <summary>How many replayed seconds pass in a real second.</summary>
    public double Speed => 86_400 / SecondsPerDay;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => At(Real.GetUtcNow());

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => Real.LocalTimeZone;

    /// <summary>What the clock reads at the real instant <paramref name="real"/>.</summary>
    public DateTimeOffset At(DateTimeOffset real)
    {
        if (RealStart is not { } realStart || real <= realStart)
            return Start;
        var replayed = Start + Scale(real - realStart, Speed);
        if (End is not { } end || replayed <= end)
            return replayed;
        return end + (real - RealOf(end));
    }

    /// <summary>
    /// The real instant at which the clock reads <paramref name="replayed"/>: <see cref="RealStart"/> for
    /// anything up to <see cref="Start"/>, and for anything while the real start is not set, the real now.
    /// </summary>
    public DateTimeOffset RealOf(DateTimeOffset replayed)
    {
        if (RealStart is not { } realStart)
            return Real.GetUtcNow();
        if (replayed <= Start)
            return realStart;
        if (End is { } end && replayed > end)
            return RealOf(end) + (replayed - end);
        return realStart + Scale(replayed - Start, 1 / Speed);
    }

    static TimeSpan Scale(TimeSpan span, double factor) => TimeSpan.FromTicks(checked((long)Math.Round(span.Ticks * factor)));
}

/// <summary>
/// The two clocks a service reads. The injected <see cref="TimeProvider"/> is the hub's clock: every time
/// the hub stamps and every deadline it keeps. It is a <see cref="ScenarioClock"/> in a replay. What guards
/// security (token and cookie lifetimes) and what measures the machinery against real time (how long an
/// outbox row has waited, a gap's grace, backoff, latency telemetry) reads <see cref="RealTime"/> instead:
/// a replayed day of five seconds must not expire a token or make a healthy outbox look a day behind.
/// </summary>
public static class HubClocks
{
    /// <summary>The real clock under <paramref name="clock"/>: itself, unless it replays a scenario. A fake clock in tests stays the fake.</summary>
    public static TimeProvider RealTime(this TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock is ScenarioClock scenario ? scenario.Real : clock;
    }

    /// <summary>
    /// How much real time has passed since <paramref name="clock"/> read <paramref name="stamped"/>: the age
    /// of a row the hub stamped, for machinery that measures in real time.
    /// </summary>
    public static TimeSpan RealAge(this TimeProvider clock, DateTimeOffset stamped)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock is ScenarioClock scenario
            ? scenario.Real.GetUtcNow() - scenario.RealOf(stamped)
            : clock.GetUtcNow() - stamped;
    }

    /// <summary>What <paramref name="clock"/> will read after <paramref name="realDelay"/> of real time: for a stored retry time.</summary>
    public static DateTimeOffset AfterRealDelay(this TimeProvider clock, TimeSpan realDelay)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock is ScenarioClock scenario
            ? scenario.At(scenario.Real.GetUtcNow() + realDelay)
            : clock.GetUtcNow() + realDelay;
    }
}
