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

    PrivateBroker(int port)
    {
        Port = port;
        Node = $"bh-private-{port}@localhost";
    }

    public int Port { get; }

    public string Node { get; }

    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    static string Script => Environment.GetEnvironmentVariable("BALKANHUB_RABBITMQ_SCRIPT")
        ?? Path.Combine(Repository.Root, "deploy", "scripts", "rabbitmq-node.sh");

    public static async Task<PrivateBroker> StartAsync()
    {
        var broker = new PrivateBroker(Ports.Free());
        await broker.StartAgainAsync();
        return broker;
    }

    /// <summary>Starts the node on the same data, as after a crash or a maintenance stop.</summary>
    public Task StartAgainAsync() =>
        Shell.RunAsync(Script, ["start", Node, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), _dataDir],
            new Dictionary<string, string> { ["BALKANHUB_DIST_PORT"] = _distPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public Task StopAsync() => Shell.RunAsync(Script, ["stop", Node]);

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
