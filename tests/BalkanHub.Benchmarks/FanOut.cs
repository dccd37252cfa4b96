using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using BalkanHub.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace BalkanHub.Benchmarks;

/// <summary>What one fan-out came to.</summary>
internal sealed record FanOutResult(int Wanted, int Connected, int Received, TimeSpan ConnectTime, IReadOnlyList<double> Ms, string? Failure);

/// <summary>
/// Scenario 4: many SignalR subscribers on the aggregator's <c>/hubs/feed</c> (the Commission feed),
/// then one report posted by a contact point; the time from that POST until each subscriber has the
/// feed entry.
/// </summary>
internal static class FanOut
{
    public static async Task<FanOutResult> RunAsync(Network network, int subscribers, DateOnly day, TimeSpan timeout)
    {
        var key = Network.ReportKey("GR", day);
        var hub = new Uri(network.Aggregator.BaseAddress, "hubs/feed");
        var token = network.Key.Token("EU", "commission", "benchmark-fan-out");
        var received = new ConcurrentBag<long>();
        var connections = new ConcurrentBag<HubConnection>();
        string? failure = null;
        var connecting = Stopwatch.StartNew();
        // Connections are opened 50 at a time: a crowd arriving, not a synchronised storm of handshakes.
        using (var gate = new SemaphoreSlim(50))
        {
            await Task.WhenAll(Enumerable.Range(0, subscribers).Select(async _ =>
            {
                await gate.WaitAsync();
                try
                {
                    var connection = Observer.Connect(hub, token);
                    var got = 0;
                    connection.On<JsonElement>("Appended", entry =>
                    {
                        if (entry.GetProperty("itemKey").GetString() == key && Interlocked.Exchange(ref got, 1) == 0)
                            received.Add(Stopwatch.GetTimestamp());
                    });
                    await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
                    connections.Add(connection);
                }
                catch (Exception ex) when (ex is HttpRequestException or TimeoutException or IOException or System.Net.WebSockets.WebSocketException or InvalidOperationException)
                {
                    failure ??= $"{ex.GetType().Name}: {ex.Message}";
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        connecting.Stop();

        var connected = connections.Count;
        var sent = Stopwatch.GetTimestamp();
        await network.SubmitReportAsync("GR", Samples.PlainReport(day, 4242));
        var waiting = Stopwatch.StartNew();
        while (received.Count < connected && waiting.Elapsed < timeout)
            await Task.Delay(50);
        var ms = received.Select(t => Stopwatch.GetElapsedTime(sent, t).TotalMilliseconds).ToList();

        await Task.WhenAll(connections.Chunk(500).Select(async chunk =>
        {
            foreach (var connection in chunk)
                await connection.DisposeAsync();
        }));
        return new FanOutResult(subscribers, connected, ms.Count, connecting.Elapsed, ms, failure);
    }
}
