using System.Net;
using System.Net.Sockets;

namespace BalkanHub.Testing;

/// <summary>Free TCP ports on the loopback interface, so parallel suites never collide.</summary>
/// <remarks>
/// A port is only free until someone takes it, and a service takes seconds to start. Ports are therefore
/// drawn below the kernel's ephemeral range (32768 and up on Linux), which outgoing connections and
/// <c>bind(0)</c> use, and each is reserved across processes with a marker file, so two suites running in
/// parallel never hand out the same one. Markers older than three hours are stale and are reused.
/// </remarks>
public static class Ports
{
    const int First = 20_000, Last = 32_000;
    static readonly string Reservations = Path.Combine(Path.GetTempPath(), "balkanhub-ports");

    public static int Free()
    {
        Directory.CreateDirectory(Reservations);
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            if (Reserve(port) && IsFree(port))
                return port;
        }
        throw new InvalidOperationException($"No free port found between {First} and {Last}.");
    }

    static bool Reserve(int port)
    {
        var marker = Path.Combine(Reservations, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) < DateTime.UtcNow.AddHours(-3))
                File.Delete(marker);
            using var _ = new FileStream(marker, FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A run of consecutive free ports, for ./run.sh, which numbers its services from a base port; drawn below <see cref="Free"/>'s range.</summary>
    public static int FreeRange(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var start = Random.Shared.Next(10_000, 19_000);
            if (Enumerable.Range(start, count).All(IsFree))
                return start;
        }
        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }

    /// <summary>Whether something accepts connections on the port: a server a test expected to be stopped, say.</summary>
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
