using System.Diagnostics;
using System.Text;

namespace BalkanHub.Testing;

/// <summary>
/// One BalkanHub service as a separate OS process, started the way ./run.sh starts it: the built DLL
/// under <c>dotnet</c>, its build folder as content root, and its settings in environment variables.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    readonly ProcessStartInfo _start;
    readonly StringBuilder _log = new();
    Process? _process;
    volatile bool _listening;

    public ServiceProcess(string name, string project, int port, IDictionary<string, string> environment, TlsFiles? https = null)
    {
        Name = name;
        Port = port;
        Https = https;
        var bin = Repository.BuildFolder(project);
        var dll = Path.Combine(bin, project + ".dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{dll} is missing: build the solution first (./test.sh does).");
        _start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = bin,
        };
        _start.ArgumentList.Add(dll);
        _start.ArgumentList.Add("--contentRoot");
        _start.ArgumentList.Add(bin);
        _start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        if (https is not null)
        {
            // Kestrel's own settings: HTTPS needs no code in the services, only a certificate.
            _start.Environment["Kestrel__Certificates__Default__Path"] = https.CertificatePath;
            _start.Environment["Kestrel__Certificates__Default__KeyPath"] = https.KeyPath;
        }
        _start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        _start.Environment["Route__Path"] = Repository.RouteFile;
        _start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Kestrel's "Now listening on" line proves that this process, and not another one that took
        // the port in between, is the one answering there.
        _start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        _start.Environment["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ";
        // A look inside when a run is being investigated: BALKANHUB_SERVICE__Logging__LogLevel__MassTransit=Debug
        // in the test's environment sets Logging__LogLevel__MassTransit=Debug in every service it starts.
        foreach (var key in System.Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(k => k.StartsWith(PassedOn, StringComparison.Ordinal)))
            _start.Environment[key[PassedOn.Length..]] = System.Environment.GetEnvironmentVariable(key);
        foreach (var (key, value) in environment)
            _start.Environment[key] = value;
    }

    const string PassedOn = "BALKANHUB_SERVICE__";

    public string Name { get; }

    /// <summary>The settings the process starts with; change them before <see cref="Start"/> or <see cref="Restart"/>.</summary>
    public IDictionary<string, string?> Environment => _start.Environment;

    public int Port { get; }

    /// <summary>The OS process id while it runs, for reading its memory from /proc (the benchmark's footprint).</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public Uri BaseAddress => new($"{(Https is null ? "http" : "https")}://127.0.0.1:{Port}/");

    /// <summary>The certificates the service answers HTTPS with, if it does.</summary>
    public TlsFiles? Https { get; }

    /// <summary>An HTTP client for this service, trusting its test CA when it speaks HTTPS.</summary>
    public HttpClient Client(TimeSpan? timeout = null) =>
        new(Https?.Handler() ?? new SocketsHttpHandler()) { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };

    /// <summary>Whether the process runs, for a failed test's output: a service that stopped by itself explains a lot.</summary>
    public string State => _process switch
    {
        null => "not started",
        { HasExited: true } p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"exited with {p.ExitCode}"),
        _ => "running",
    };

    public string RecentLog
    {
        get
        {
            lock (_log)
                return _log.Length > 4000 ? _log.ToString(_log.Length - 4000, 4000) : _log.ToString();
        }
    }

    /// <summary>Ends the process at once (kill -9), then starts it again with <paramref name="changes"/> to its settings.</summary>
    public void Restart(IDictionary<string, string>? changes = null)
    {
        Kill();
        foreach (var (key, value) in changes ?? new Dictionary<string, string>())
            _start.Environment[key] = value;
        Start();
    }

    public void Start()
    {
        _listening = false;
        var process = Process.Start(_start) ?? throw new InvalidOperationException($"Could not start {Name}.");
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => _ = RestartIfItEndedItselfAsync(process);
    }

    /// <summary>
    /// Whether a process that ends on its own (not killed by the test) is started again, as the shipped
    /// systemd units (<c>Restart=always</c>) and Kubernetes do: a service that finds its bus wedged stops
    /// with exit code 1 for exactly that (ConsumerWatch).
    /// </summary>
    public bool RestartWhenItExits { get; set; }

    /// <summary>How often the process ended on its own and was started again, with the exit codes.</summary>
    public IReadOnlyList<int> UnplannedExits
    {
        get
        {
            lock (_exits)
                return [.. _exits];
        }
    }

    readonly List<int> _exits = [];
    // The process the test ended itself (its Exited event may come after Kill returns), and whether the
    // service is gone for good.
    volatile Process? _ended;
    volatile bool _disposed;

    bool EndedItself(Process process) => !_disposed && RestartWhenItExits && ReferenceEquals(process, _process) && !ReferenceEquals(process, _ended);

    async Task RestartIfItEndedItselfAsync(Process process)
    {
        if (!EndedItself(process))
            return;
        lock (_exits)
            _exits.Add(process.ExitCode);
        Append($"test harness: {Name} ended on its own with exit code {process.ExitCode}; starting it again in 2 s, as its service manager would");
        await Task.Delay(TimeSpan.FromSeconds(2));
        if (EndedItself(process))
            Start();
    }

    /// <summary>
    /// The last <paramref name="count"/> warnings and errors this service logged, one line each: the
    /// console logger's header line with its first message line (and the exception's, if any), so a
    /// failed run's summary says what went wrong without the whole log.
    /// </summary>
    public IReadOnlyList<string> Warnings(int count)
    {
        string[] lines;
        lock (_log)
            lines = _log.ToString().Split('\n');
        var entries = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var header = lines[i].TrimEnd();
            if (!LevelHeader().IsMatch(header))
                continue;
            var body = lines.Skip(i + 1).TakeWhile(l => l.StartsWith(' ')).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            var exception = body.Skip(1).FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal));
            var entry = string.Join(" | ", new[] { header, body.FirstOrDefault(), exception }.Where(p => p is not null));
            entries.Add(entry.Length > 300 ? entry[..300] + "…" : entry);
        }
        return [.. entries.TakeLast(count)];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\S+ )?(warn|fail|crit): ")]
    private static partial System.Text.RegularExpressions.Regex LevelHeader();

    /// <summary>Where the whole output goes too, when set.</summary>
    public string? LogFile { get; init; }

    void Append(string? line)
    {
        if (line is null)
            return;
        if (line.Contains($"Now listening on: {BaseAddress.ToString().TrimEnd('/')}", StringComparison.Ordinal))
            _listening = true;
        lock (_log)
        {
            _log.AppendLine(line);
            if (LogFile is not null)
                File.AppendAllText(LogFile, line + System.Environment.NewLine);
        }
    }

    public async Task WaitUntilReadyAsync(TimeSpan? timeout = null)
    {
        using var http = Client(TimeSpan.FromSeconds(5));
        try
        {
            await Eventually.True(async () =>
            {
                if (_process is { HasExited: true })
                    throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{RecentLog}");
                // Ready only once this process has bound its port: otherwise whatever else listens
                // there could answer for it.
                return _listening && await Readiness.IsHealthyAsync(http);
            }, $"{Name} to be ready", timeout ?? TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException ex)
        {
            // What the service said of itself last: which check kept it from Healthy.
            string health;
            try
            {
                if (!_listening)
                    health = "(not listening yet)";
                else
                {
                    using var answer = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                    health = $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}";
                }
            }
            catch (Exception unanswered) when (unanswered is HttpRequestException or TaskCanceledException)
            {
                health = "(no answer from /health/ready)";
            }
            throw new TimeoutException($"{ex.Message}\n/health/ready: {health}\n{RecentLog}", ex);
        }
    }

    /// <summary>Waits for the process to end by itself, and gives its exit code (null if it still runs after <paramref name="timeout"/>).</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        if (_process is null)
            throw new InvalidOperationException($"{Name} was never started.");
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Everything the process wrote so far.</summary>
    public string FullLog
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>Ends the process at once, like kill -9: no graceful shutdown.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            _ended = process;
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }
}
