using BalkanHub.Domain.Time;
using Microsoft.Extensions.Time.Testing;

namespace BalkanHub.Domain.Tests;

/// <summary>
/// The scenario clock replays autumn 2015 a day every five real seconds. It stands at the start until the
/// replay begins, goes no further than where the simulator holds it, never runs backwards, and keeps the
/// real clock underneath for what must stay real. The simulator steers it through a clock file.
/// </summary>
public sealed class When_a_replay_keeps_its_own_time
{
    static readonly DateTimeOffset Start = new(2015, 10, 15, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset RealStart = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Should_stand_at_the_start_then_replay_a_day_every_five_seconds()
    {
        var real = new FakeTimeProvider(RealStart.AddSeconds(-3));
        var clock = new ScenarioClock(Start, RealStart, secondsPerDay: 5, real: real);
        Assert.That(clock.GetUtcNow(), Is.EqualTo(Start), "before the replay begins");
        real.Advance(TimeSpan.FromSeconds(3 + 7.5));
        Assert.That(clock.GetUtcNow(), Is.EqualTo(Start.AddDays(1.5)));
        Assert.That(clock.RealTime(), Is.SameAs(real), "security and machinery read the real clock");
    }

    [Test]
    public void Should_go_no_further_than_the_hold_and_never_back()
    {
        var real = new FakeTimeProvider(RealStart);
        DateTimeOffset? hold = Start.AddHours(2);
        var clock = new ScenarioClock(Start, () => RealStart, 5, real: real, holdAt: () => hold);
        real.Advance(TimeSpan.FromSeconds(5));
        Assert.That(clock.GetUtcNow(), Is.EqualTo(Start.AddHours(2)), "a day has passed in real terms, but the simulator holds the clock at 02:00");

        hold = Start.AddHours(1);
        Assert.That(clock.GetUtcNow(), Is.EqualTo(Start.AddHours(2)), "an earlier hold does not turn the clock back");

        hold = null;
        Assert.That(clock.GetUtcNow(), Is.EqualTo(Start.AddDays(1)), "released, it reads what the replay's pace says");
    }

    [Test]
    public async Task Should_follow_the_simulator_through_the_clock_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("balkanhub-clock.").FullName, "scenario-clock.json");
        var file = new ClockFile(path);
        Assert.That(file.RealStart, Is.Null, "no file yet: the clock stands at its start");

        await ClockFile.WriteAsync(path, RealStart, Start.AddHours(3), CancellationToken.None);
        await Task.Delay(20);
        Assert.That(file.RealStart, Is.EqualTo(RealStart));
        Assert.That(file.HoldAt, Is.EqualTo(Start.AddHours(3)));

        await ClockFile.WriteAsync(path, RealStart, null, CancellationToken.None);
        await Task.Delay(150);
        Assert.That(file.HoldAt, Is.Null, "released, seen within a tenth of a second whatever the file system's time resolution");
    }
}
