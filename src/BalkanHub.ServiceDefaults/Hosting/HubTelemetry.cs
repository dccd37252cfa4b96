using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>The hub's own activity source and meter, next to those of ASP.NET Core and MassTransit.</summary>
public static class HubTelemetry
{
    /// <summary>Name of the source and the meter.</summary>
    public const string Name = "BalkanHub";

    /// <summary>Spans the hub starts itself, such as an outbox dispatch continuing the request's trace.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The hub's counters and histograms.</summary>
    public static readonly Meter Meter = new(Name);
}
