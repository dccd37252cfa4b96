using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using BalkanHub.Client;

namespace BalkanHub.Cli;

/// <summary>
/// Builds the command tree and runs it. Every failure ends here as one line on stderr and an exit code:
/// 2 when the command line itself is wrong, 1 when the work failed. An officer at a border crossing
/// reads the message; a stack trace would only hide it.
/// </summary>
internal static class CliApp
{
    /// <summary>The command line was wrong: an unknown option, a missing value, a value that makes no sense.</summary>
    public const int UsageError = 2;

    /// <summary>The work failed: the service refused it, could not be reached, or a file could not be read.</summary>
    public const int Failure = 1;

    /// <summary>Builds the command tree.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("The balkanhub command line: submit reports, announce, cancel and lift measures, tail and acknowledge an inbox, ask for and offer assistance, tail the feed, manage subscriptions, export, mint development tokens, replay the autumn-2015 scenario and back up a service's SQLite store.");
        root.Subcommands.Add(ReportCommands.Build());
        root.Subcommands.Add(MeasureCommands.Build());
        root.Subcommands.Add(InboxCommands.Build());
        root.Subcommands.Add(AssistanceCommands.Build());
        root.Subcommands.Add(FeedCommands.Build());
        root.Subcommands.Add(SubscriptionCommands.Build());
        root.Subcommands.Add(ExportCommand.Build());
        root.Subcommands.Add(TokenCommand.Build());
        root.Subcommands.Add(SimulateCommand.Build());
        root.Subcommands.Add(BackupCommand.Build());
        return root;
    }

    /// <summary>Runs the command line and returns the process's exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                await Console.Error.WriteLineAsync($"error: {OneLine(error.Message)}");
            await Console.Error.WriteLineAsync("Run 'balkanhub --help' (or the command with --help) for usage.");
            return UsageError;
        }

        // Ctrl-C and SIGTERM cancel the running command, which stops cleanly; System.CommandLine's own
        // handling would turn a slow stop into exit code 130, and a tail stopped on purpose is a success.
        using var stopping = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return await parsed.InvokeAsync(invocation, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }
        catch (UsageException ex)
        {
            return await FailAsync(ex.Message, UsageError);
        }
        catch (BalkanHubApiException ex)
        {
            return await ApiFailureAsync(ex);
        }
        catch (HttpRequestException ex)
        {
            return await FailAsync($"could not reach the service: {ex.Message}");
        }
        catch (SocketException ex)
        {
            return await FailAsync($"could not reach the service: {ex.Message}");
        }
        catch (TimeoutException ex)
        {
            return await FailAsync($"the service did not answer in time: {ex.Message}");
        }
        catch (OperationCanceledException ex)
        {
            // Not a Ctrl-C: a timeout inside the client.
            return await FailAsync($"the service did not answer in time: {ex.Message}");
        }
        catch (FileNotFoundException ex)
        {
            return await FailAsync($"no such file: {ex.FileName ?? ex.Message}");
        }
        catch (DirectoryNotFoundException ex)
        {
            return await FailAsync(ex.Message);
        }
        catch (IOException ex)
        {
            return await FailAsync(ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            return await FailAsync(ex.Message);
        }
        catch (JsonException ex)
        {
            return await FailAsync($"not valid JSON: {ex.Message}");
        }
        catch (InputException ex)
        {
            return await FailAsync(ex.Message);
        }
#pragma warning disable CA1031 // The last resort of a command line: one line on stderr, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return await FailAsync(Innermost(ex).Message);
        }
    }

    /// <summary>Prints a refusal: its status and title, then each bad field on a line of its own.</summary>
    static async Task<int> ApiFailureAsync(BalkanHubApiException ex)
    {
        var hint = ex.Status switch
        {
            401 => " (the token is missing, expired or not signed with this network's key: pass --token or --key-file)",
            403 => " (the token's country or role may not do this)",
            _ => "",
        };
        await Console.Error.WriteLineAsync($"error: {ex.Status} {ex.Title}{(ex.Detail is null ? "" : ": " + ex.Detail)}{hint}");
        foreach (var (field, messages) in ex.Errors)
        {
            foreach (var message in messages)
                await Console.Error.WriteLineAsync($"  {field}: {message}");
        }
        return Failure;
    }

    /// <summary>Prints <c>error: message</c> on stderr and returns <paramref name="exitCode"/>.</summary>
    public static async Task<int> FailAsync(string message, int exitCode = Failure)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return exitCode;
    }

    /// <summary>A message on one line: some parse errors list the allowed values on lines of their own.</summary>
    static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
            ex = ex.InnerException;
        return ex;
    }
}

/// <summary>The command line asks for something that cannot be done as asked: exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>An input file is not what the command expects (a CSV cell that is not a number, say): exit code 1.</summary>
internal sealed class InputException(string message) : Exception(message);
