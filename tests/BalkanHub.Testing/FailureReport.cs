using System.Globalization;

namespace BalkanHub.Testing;

/// <summary>
/// What a failed scenario saw, for the end of ./test.sh's output. A CI log is often read from its tail
/// only, and the test's own output sits thousands of lines above it; ./test.sh prints this file last.
/// </summary>
public static class FailureReport
{
    /// <summary>Appends <paramref name="text"/> under <paramref name="title"/>, and writes it to the test output.</summary>
    public static void Write(string title, string text)
    {
        TestContext.Out.WriteLine(text);
        AppendToRunReport("failures.md", string.Create(CultureInfo.InvariantCulture, $"### {title}\n{text.TrimEnd()}\n"));
    }

    /// <summary>
    /// What a failed delivery check needs to say where items stopped: its row, a few lost examples, each
    /// service's last warnings, the parked messages, and the intake queues and connections on every node.
    /// </summary>
    public static async Task WriteAsync(DeliveryReport report, Network network, IEnumerable<PrivateBroker> brokers)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(brokers);
        // Where the items stopped first (outboxes, then queues holding messages or lacking a consumer),
        // then the services' last words: the tail of a CI log has room for about eighty lines.
        var text = new System.Text.StringBuilder()
            .AppendLine(report.Row).AppendJoin('\n', report.Examples.Take(5)).AppendLine()
            .Append(network.OutboxBacklogs());
        foreach (var node in brokers)
            text.AppendLine(await node.DescribeAsync(QueueWorthShowing));
        text.AppendLine(await network.DiagnosticsAsync(perService: 3));
        Write(report.Scenario, text.ToString());
    }

    /// <summary>A queue line (name type leader ready unacked consumers) that holds messages or has no consumer.</summary>
    static bool QueueWorthShowing(string line)
    {
        var fields = line.Split('\t');
        return fields.Length < 6 || fields[3].Trim() != "0" || fields[4].Trim() != "0" || fields[5].Trim() == "0";
    }

    /// <summary>Appends to a file of BALKANHUB_REPORT_DIR, the folder whose files ./test.sh prints after the tests.</summary>
    internal static void AppendToRunReport(string file, string text)
    {
        if (Environment.GetEnvironmentVariable("BALKANHUB_REPORT_DIR") is { Length: > 0 } folder)
            File.AppendAllText(Path.Combine(folder, file), text);
    }
}
