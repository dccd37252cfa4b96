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
    readonly Func<DateTimeOffset?> _holdAt;
    long _lastTicks;

    /// <summary>A replayed clock over <paramref name="real"/>.</summary>
    public ScenarioClock(DateTimeOffset start, DateTimeOffset realStart, double secondsPerDay, DateTimeOffset? end = null, TimeProvider? real = null)
        : this(start, () => realStart, secondsPerDay, end, real)
    {
    }

    /// <summary>
    /// A replayed clock whose real start is read each time, so it can be set after the services started:
    /// until <paramref name="realStart"/> gives one, the clock stands at <paramref name="start"/>.
    /// </summary>
    /// <remarks>
    /// <paramref name="holdAt"/>, when it gives an instant, is one the clock does not pass: the simulator holds
    /// the replay at the next thing its officers have not yet done, so a loaded machine slows the replay down
    /// instead of making reports late or lead times short.
    /// </remarks>
    public ScenarioClock(DateTimeOffset start, Func<DateTimeOffset?> realStart, double secondsPerDay, DateTimeOffset? end = null, TimeProvider? real = null,
        Func<DateTimeOffset?>? holdAt = null)
    {
        ArgumentNullException.ThrowIfNull(realStart);
        _holdAt = holdAt ?? (() => null);
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

    /// <summary>The replayed instant the clock does not pass for now, if the simulator holds it.</summary>
    public DateTimeOffset? HoldAt => _holdAt();

    /// <inheritdoc />
    /// <remarks>Never earlier than a reading it gave before: a moved real start or a released hold never turns it back.</remarks>
    public override DateTimeOffset GetUtcNow()
    {
        var now = At(Real.GetUtcNow());
        if (HoldAt is { } hold && now > hold)
            now = hold < Start ? Start : hold;
        var ticks = now.UtcTicks;
        var last = Interlocked.Read(ref _lastTicks);
        while (ticks > last)
        {
            var seen = Interlocked.CompareExchange(ref _lastTicks, ticks, last);
            if (seen == last)
                return now;
            last = seen;
        }
        return last == ticks ? now : new DateTimeOffset(last, TimeSpan.Zero);
    }

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
/// The file through which the simulator steers the services' clocks: <c>{"ScenarioClock": {"RealStart": …,
/// "HoldAt": …}}</c>. The simulator writes it whole and moves it into place; a service reads it again only
/// when its write time changes (looked at no more than every few milliseconds) and at least every tenth of a
/// second, so the clocks follow the simulator within milliseconds without a file read on every reading.
/// </summary>
public sealed class ClockFile(string path)
{
    static readonly TimeSpan LookEvery = TimeSpan.FromMilliseconds(5);
    // A write within the file system's timestamp resolution keeps the same write time: read anyway this often.
    static readonly TimeSpan ReadEvery = TimeSpan.FromMilliseconds(100);
    readonly object _gate = new();
    long _lookedAt = long.MinValue;
    long _readAt = long.MinValue;
    DateTime _written = DateTime.MinValue;
    (DateTimeOffset? RealStart, DateTimeOffset? HoldAt) _values;

    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>The real start written there, if any.</summary>
    public DateTimeOffset? RealStart => Read().RealStart;

    /// <summary>The instant the replay is held at, if any.</summary>
    public DateTimeOffset? HoldAt => Read().HoldAt;

    (DateTimeOffset? RealStart, DateTimeOffset? HoldAt) Read()
    {
        lock (_gate)
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            if (System.Diagnostics.Stopwatch.GetElapsedTime(_lookedAt, now) < LookEvery && _lookedAt != long.MinValue)
                return _values;
            _lookedAt = now;
            try
            {
                var written = File.GetLastWriteTimeUtc(Path);
                if (written == _written && System.Diagnostics.Stopwatch.GetElapsedTime(_readAt, now) < ReadEvery)
                    return _values;
                _readAt = now;
                using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path));
                var section = document.RootElement.GetProperty("ScenarioClock");
                static DateTimeOffset? Instant(System.Text.Json.JsonElement section, string name) =>
                    section.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetDateTimeOffset() : null;
                _values = (Instant(section, nameof(RealStart)), Instant(section, nameof(HoldAt)));
                _written = written;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or KeyNotFoundException or FormatException)
            {
                // Not there yet, or being replaced: the last values stand, and the next look tries again.
            }
            return _values;
        }
    }

    /// <summary>Writes the values whole under another name and moves them into place, so no reader sees half a file.</summary>
    public static async Task WriteAsync(string path, DateTimeOffset realStart, DateTimeOffset? holdAt, CancellationToken cancellationToken)
    {
        var section = new System.Text.Json.Nodes.JsonObject { [nameof(RealStart)] = realStart.ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
        if (holdAt is { } hold)
            section[nameof(HoldAt)] = hold.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, new System.Text.Json.Nodes.JsonObject { ["ScenarioClock"] = section }.ToJsonString(), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
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
