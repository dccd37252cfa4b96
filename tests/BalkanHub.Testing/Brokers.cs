namespace BalkanHub.Testing;

/// <summary>
/// The RabbitMQ node ./test.sh started for every suite. Each network gets a virtual host of its own on
/// it, so suites running at the same time never see each other's queues.
/// </summary>
public static class SharedBroker
{
    public static Uri Uri => new(Required("BALKANHUB_RABBITMQ_URI"));

    static string Node => Required("BALKANHUB_RABBITMQ_NODE");

    /// <summary>Creates a fresh virtual host that guest may use, and returns its AMQP address.</summary>
    public static async Task<Uri> NewVirtualHostAsync(string prefix)
    {
        var vhost = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];
        await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "add_vhost", vhost]);
        await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"]);
        return new Uri(Uri, vhost);
    }

    public static async Task DeleteVirtualHostAsync(Uri uri)
    {
        var vhost = uri.AbsolutePath.Trim('/');
        if (vhost.Length > 0)
            await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "delete_vhost", vhost]);
    }

    static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set. Run the tests through ./test.sh, which starts RabbitMQ and sets it.");
}

/// <summary>
/// A RabbitMQ node of the test's own, for tests that stop or kill the broker: the shared node must keep
/// serving the other suites.
/// </summary>
public sealed class PrivateBroker : IAsyncDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("balkanhub-private-rabbitmq.").FullName;
    readonly int _distPort = Ports.Free();

    PrivateBroker(int port, TlsFiles? tls = null)
    {
        Port = port;
        Node = $"bh-private-{port}@localhost";
        Tls = tls;
        TlsPort = tls is null ? null : Ports.Free();
    }

    /// <summary>The certificates of the node's AMQPS listener, if it has one.</summary>
    public TlsFiles? Tls { get; }

    /// <summary>The port of the node's AMQPS listener, if it has one.</summary>
    public int? TlsPort { get; }

    /// <summary>
    /// The node over TLS as one of the definitions' users. The host is <c>localhost</c>, the name the
    /// test certificate carries.
    /// </summary>
    public Uri TlsUriFor(string user) =>
        TlsPort is { } port && _passwords.TryGetValue(user, out var password)
            ? new Uri($"amqps://{user}:{password}@localhost:{port}/")
            : throw new InvalidOperationException($"The broker has no TLS listener or no user {user}.");

    public int Port { get; }

    readonly Dictionary<string, string> _passwords = new(StringComparer.Ordinal);

    public string Node { get; }

    /// <summary>The node as guest, who may do anything: for tests that set up or inspect the broker.</summary>
    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    /// <summary>Whether the node carries deploy/rabbitmq/definitions.json, with a user per party.</summary>
    public bool HasDefinitions => _passwords.Count > 0;

    /// <summary>The node as one of the definitions' users, such as contact-point-gr or aggregator.</summary>
    public Uri UriFor(string user) =>
        _passwords.TryGetValue(user, out var password)
            ? new Uri($"amqp://{user}:{password}@127.0.0.1:{Port}/")
            : throw new InvalidOperationException($"The broker has no user {user}; load the definitions first.");

    /// <summary>
    /// Loads deploy/rabbitmq/definitions.json, as ./run.sh does: per-party users with the narrowest
    /// permissions, quorum queues and bindings, and fresh passwords.
    /// </summary>
    public async Task LoadDefinitionsAsync()
    {
        var credentials = Path.Combine(Directory.CreateTempSubdirectory("balkanhub-credentials.").FullName, "credentials");
        await Shell.RunAsync(Script, ["load-definitions", Node, Path.Combine(Repository.Root, "deploy", "rabbitmq", "definitions.json"), credentials]);
        foreach (var line in await File.ReadAllLinesAsync(credentials))
        {
            var parts = line.Split(' ', 2);
            _passwords[parts[0]] = parts[1];
        }
        Directory.Delete(Path.GetDirectoryName(credentials)!, recursive: true);
    }

    /// <summary>Starts a private node loaded with the definitions.</summary>
    public static async Task<PrivateBroker> StartWithDefinitionsAsync()
    {
        var broker = await StartAsync();
        await broker.LoadDefinitionsAsync();
        return broker;
    }

    /// <summary>
    /// Starts <paramref name="count"/> nodes as one cluster and loads the definitions once it has formed, so
    /// each quorum queue gets a replica on every node. Each node joins <paramref name="nodes"/> as soon as it
    /// runs, so the caller stops every one of them, even when a later one fails to start. The first node is
    /// the one services connect to; <see cref="ClusterSettings"/> names the others.
    /// </summary>
    public static async Task StartClusterAsync(List<PrivateBroker> nodes, int count)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        nodes.Add(await StartAsync());
        for (var i = 1; i < count; i++)
        {
            var node = await StartAsync();
            nodes.Add(node);
            await node.JoinAsync(nodes[0]);
        }
        await nodes[0].LoadDefinitionsAsync();
        foreach (var node in nodes.Skip(1))
            node.ShareCredentialsOf(nodes[0]);
    }

    /// <summary>The settings that tell a service the other nodes of a cluster <see cref="StartClusterAsync"/> started.</summary>
    public static void ClusterSettings(IReadOnlyList<PrivateBroker> nodes, IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(settings);
        for (var i = 1; i < nodes.Count; i++)
            settings[$"RabbitMq__ClusterNodes__{i - 1}"] = $"127.0.0.1:{nodes[i].Port}";
    }

    static string Script => Environment.GetEnvironmentVariable("BALKANHUB_RABBITMQ_SCRIPT")
        ?? Path.Combine(Repository.Root, "deploy", "scripts", "rabbitmq-node.sh");

    /// <summary>Starts a private node with an AMQPS listener as well, loaded with the definitions.</summary>
    public static async Task<PrivateBroker> StartWithTlsAsync(TlsFiles tls)
    {
        var broker = new PrivateBroker(Ports.Free(), tls);
        await broker.StartAgainAsync();
        await broker.LoadDefinitionsAsync();
        return broker;
    }

    /// <summary>Which user each open connection belongs to, and whether it runs over TLS.</summary>
    public async Task<IReadOnlyList<(string User, bool Tls)>> ConnectionsAsync()
    {
        var listing = await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "list_connections", "user", "ssl", "--no-table-headers"]);
        return [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).Select(p => (p[0].Trim(), p[1].Trim() == "true"))];
    }

    public static async Task<PrivateBroker> StartAsync()
    {
        var broker = new PrivateBroker(Ports.Free());
        await broker.StartAgainAsync();
        return broker;
    }

    /// <summary>Starts the node on the same data, as after a crash or a maintenance stop.</summary>
    public Task StartAgainAsync()
    {
        var environment = new Dictionary<string, string> { ["BALKANHUB_DIST_PORT"] = _distPort.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (Tls is not null)
        {
            environment["BALKANHUB_TLS_PORT"] = TlsPort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment["BALKANHUB_TLS_CA"] = Tls.AuthorityPath;
            environment["BALKANHUB_TLS_CERT"] = Tls.CertificatePath;
            environment["BALKANHUB_TLS_KEY"] = Tls.KeyPath;
        }
        return Shell.RunAsync(Script, ["start", Node, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), _dataDir], environment);
    }

    public Task StopAsync() => Shell.RunAsync(Script, ["stop", Node]);

    /// <summary>Ends the node's Erlang VM at once, like kill -9: no clean shutdown, no flush.</summary>
    public async Task KillAsync()
    {
        var pid = (await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "eval", "list_to_integer(os:getpid())."])).Trim();
        await Shell.RunAsync("kill", ["-9", pid]);
        // Gone when the process is: asking the node itself (rabbitmqctl ping) can hang for a minute on a
        // loaded machine while the Erlang distribution times out, which says nothing about the node.
        await Eventually.True(() => Task.FromResult(!IsRunning(pid)), $"{Node} (process {pid}) to be gone");
    }

    static bool IsRunning(string pid)
    {
        try
        {
            // A zombie (state Z) has ended; it only waits for its parent to read its exit status.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() != 'Z';
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Suspends the broker's side of every channel a user has open on this node, and answers how many: the
    /// connections stay open and keep their heartbeats, but nothing on those channels is processed or
    /// confirmed any more, as when a channel stalls after a fault. <see cref="ThawChannelsAsync"/> undoes it.
    /// </summary>
    public async Task<int> FreezeChannelsOfAsync(string user)
    {
        var frozen = await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "eval",
            $"Ps = [P || P <- rabbit_channel:list_local(), rabbit_channel:info(P, [user]) =:= [{{user, <<\"{user}\">>}}]], [sys:suspend(P) || P <- Ps], length(Ps)."]);
        return int.Parse(frozen.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Resumes every channel <see cref="FreezeChannelsOfAsync"/> suspended.</summary>
    public Task ThawChannelsAsync() =>
        Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "eval", "[catch sys:resume(P, 5000) || P <- rabbit_channel:list_local()], ok."]);

    /// <summary>Makes this node a member of <paramref name="first"/>'s cluster.</summary>
    public async Task JoinAsync(PrivateBroker first)
    {
        ArgumentNullException.ThrowIfNull(first);
        await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "stop_app"]);
        await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "join_cluster", first.Node]);
        await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "start_app"]);
    }

    /// <summary>Uses the passwords another node of the same cluster set (users are cluster-wide).</summary>
    public void ShareCredentialsOf(PrivateBroker first)
    {
        ArgumentNullException.ThrowIfNull(first);
        foreach (var (user, password) in first._passwords)
            _passwords[user] = password;
    }

    /// <summary>The node that leads a quorum queue, as rabbitmqctl names it.</summary>
    public async Task<string> LeaderOfAsync(string queue)
    {
        var listing = await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "list_queues", "name", "leader", "--no-table-headers"]);
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).First(p => p[0] == queue)[1].Trim();
    }

    /// <summary>
    /// Every queue (or those <paramref name="queues"/> picks from its line: name type leader ready unacked
    /// consumers) with its leader, depth and consumers, and the open connections, for a failed test's output.
    /// </summary>
    public async Task<string> DescribeAsync(Func<string, bool>? queues = null)
    {
        try
        {
            var listing = await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "list_queues", "name", "type", "leader", "messages_ready",
                "messages_unacknowledged", "consumers", "--no-table-headers"], timeout: TimeSpan.FromSeconds(30));
            var shown = string.Join('\n', listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => queues is null || queues(l)));
            var connections = await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "list_connections", "user", "state", "channels",
                "--no-table-headers"], timeout: TimeSpan.FromSeconds(30));
            // One line for the connections: a network has a dozen, and the queues say more.
            var connected = string.Join(", ", connections.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split('\t').Select(f => f.Trim()))));
            return $"--- queues on {Node} (name type leader ready unacked consumers)\n{shown}\n--- connections (user state channels): {connected}";
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            return $"--- {Node} could not be described: {ex.Message.Split('\n')[0]}";
        }
    }

    /// <summary>How many nodes hold a replica of a quorum queue.</summary>
    public async Task<int> ReplicasOfAsync(string queue)
    {
        var listing = await Shell.RunAsync("rabbitmqctl", ["-q", "-n", Node, "list_queues", "name", "members", "--no-table-headers"]);
        var members = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).First(p => p[0] == queue)[1];
        return members.Split(',').Length;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
