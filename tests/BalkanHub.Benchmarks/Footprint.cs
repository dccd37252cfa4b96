using System.Diagnostics;
using System.Globalization;
using BalkanHub.Testing;

namespace BalkanHub.Benchmarks;

/// <summary>Scenario 6: how long a service takes to be ready, and how much memory it holds.</summary>
internal static class Footprint
{
    /// <summary>
    /// Kills the service and starts it again on its existing database, then times the start until
    /// <c>/health/ready</c> answers with every check Healthy (database, bus connected, outbox), checked every 20 ms. Nothing else starts
    /// at the same time, unlike the network's first start.
    /// </summary>
    public static async Task<double> RestartAsync(ServiceProcess service)
    {
        service.Kill();
        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        service.Start();
        while (watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (await Readiness.IsHealthyAsync(http))
                return watch.Elapsed.TotalMilliseconds;
            await Task.Delay(20);
        }
        throw new TimeoutException($"{service.Name} was not ready within 90 s:\n{service.RecentLog}");
    }

    /// <summary>Resident memory (VmRSS) in MB, or NaN when the process is gone.</summary>
    public static double ResidentMegabytes(ServiceProcess service)
    {
        if (service.ProcessId is not { } pid)
            return double.NaN;
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}

/// <summary>Samples the resident memory of some services every 200 ms and keeps each one's peak.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    readonly Dictionary<string, double> _peak = new(StringComparer.Ordinal);
    readonly CancellationTokenSource _stop = new();
    readonly Task _sampling;

    public MemorySampler(IReadOnlyCollection<ServiceProcess> services)
    {
        _sampling = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var service in services)
                {
                    var mb = Footprint.ResidentMegabytes(service);
                    lock (_peak)
                        _peak[service.Name] = Math.Max(_peak.GetValueOrDefault(service.Name), double.IsNaN(mb) ? 0 : mb);
                }
                try
                {
                    await Task.Delay(200, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    public double PeakOf(ServiceProcess service)
    {
        lock (_peak)
            return _peak.TryGetValue(service.Name, out var mb) && mb > 0 ? mb : double.NaN;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
