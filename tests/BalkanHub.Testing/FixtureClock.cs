using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using NUnit.Framework.Interfaces;

namespace BalkanHub.Testing;

/// <summary>
/// Times each fixture from before its one-time set-up to after its one-time tear-down, and appends the
/// figure to BALKANHUB_REPORT_DIR/fixtures.tsv, from which ./test.sh prints the slowest: where the run's
/// minutes go, without a profiler. On the fixture base classes that start services (and inherited by
/// their fixtures), and on the fixtures of their own that do: declared on an assembly, NUnit would time
/// only the assembly.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class FixtureClockAttribute : Attribute, ITestAction
{
    static readonly ConcurrentDictionary<string, long> Started = new();

    public ActionTargets Targets => ActionTargets.Suite;

    public void BeforeTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        Started[test.FullName] = Stopwatch.GetTimestamp();
    }

    public void AfterTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (!Started.TryRemove(test.FullName, out var started) || test.TypeInfo is null)
            return;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var assembly = test.TypeInfo.Assembly.GetName().Name;
        FailureReport.AppendToRunReport("fixtures.tsv",
            string.Create(CultureInfo.InvariantCulture, $"{seconds:F0}\t{assembly}\t{test.FullName}\n"));
    }
}
