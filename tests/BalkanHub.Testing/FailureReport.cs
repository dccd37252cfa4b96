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
        if (Environment.GetEnvironmentVariable("BALKANHUB_REPORT_DIR") is { Length: > 0 } folder)
            File.AppendAllText(Path.Combine(folder, "failures.md"), string.Create(CultureInfo.InvariantCulture, $"### {title}\n{text.TrimEnd()}\n"));
    }
}
