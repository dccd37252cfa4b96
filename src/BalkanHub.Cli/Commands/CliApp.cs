namespace BalkanHub.Cli;

/// <summary>Builds and runs the command tree.</summary>
public static class CliApp
{
    /// <summary>Runs the command line.</summary>
    public static Task<int> RunAsync(string[] args) => Task.FromResult(args.Length == 0 ? 1 : 0);
}
