using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>The hub's own activity source and meter, next to those of ASP.NET Core and MassTransit.</summary>
/// <remarks>
/// The instruments answer an operator's first questions: is traffic flowing (accepted, relayed), is
/// anything refused or parked, how late do neighbours learn of an item, is a service's outbox falling
/// behind, and which reports did not come. They are exported with everything else over OTLP.
/// </remarks>
public static class HubTelemetry
{
    /// <summary>Name of the source and the meter.</summary>
    public const string Name = "BalkanHub";

    /// <summary>Spans the hub starts itself, such as an outbox dispatch continuing the request's trace.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The hub's counters and histograms.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Items a service took responsibility for: a contact point's 202s, the aggregator's stored intake. Tags: <c>type</c>, <c>country</c>.</summary>
    public static readonly Counter<long> ItemsAccepted =
        Meter.CreateCounter<long>("balkanhub.items.accepted", "{item}", "Reports, measures and assistance steps accepted");

    /// <summary>Items refused: invalid at a contact point's API, or unverifiable at the aggregator. Tags: <c>type</c>, <c>country</c>, <c>reason</c>.</summary>
    public static readonly Counter<long> ItemsRejected =
        Meter.CreateCounter<long>("balkanhub.items.rejected", "{item}", "Reports, measures and messages refused");

    /// <summary>Relays written for recipients (a contact point or the Commission's feed). Tags: <c>kind</c>, <c>recipient</c>.</summary>
    public static readonly Counter<long> ItemsRelayed =
        Meter.CreateCounter<long>("balkanhub.items.relayed", "{relay}", "Relays written, one per recipient");

    /// <summary>From an item's announcement (a report's submittedAt, a measure's announcedAt) to the neighbour's inbox. Tags: <c>kind</c>, <c>source</c>.</summary>
    public static readonly Histogram<double> RelayLatency =
        Meter.CreateHistogram<double>("balkanhub.relay.latency", "s", "From announcement to the neighbour's inbox");

    /// <summary>Messages parked from an error queue for an operator. Tag: <c>queue</c>.</summary>
    public static readonly Counter<long> DeadLetters =
        Meter.CreateCounter<long>("balkanhub.dead_letters.parked", "{message}", "Messages parked for an operator");

    /// <summary>Outbox rows set aside because they no longer read. Tag: <c>stream</c>.</summary>
    public static readonly Counter<long> OutboxParked =
        Meter.CreateCounter<long>("balkanhub.outbox.parked", "{message}", "Outbox rows parked for an operator");

    /// <summary>Broker connections aborted because no publish on them was confirmed any more (see StalledPublishes).</summary>
    public static readonly Counter<long> StalledConnectionResets =
        Meter.CreateCounter<long>("balkanhub.bus.stalled_resets", "{connection}", "Broker connections aborted because their publishes had stalled");

    /// <summary>Broker connections aborted because one of the service's queues had lost its consumer (see ConsumerWatch).</summary>
    public static readonly Counter<long> LostConsumerResets =
        Meter.CreateCounter<long>("balkanhub.bus.lost_consumer_resets", "{connection}", "Broker connections aborted because a consumed queue had lost its consumer");

    /// <summary>Daily reports declared missing at their deadline. Tag: <c>country</c>.</summary>
    public static readonly Counter<long> MissingReports =
        Meter.CreateCounter<long>("balkanhub.reports.missing", "{report}", "Daily reports not received by their deadline");

    static long _outboxBacklog;
    static double _outboxAgeSeconds;

    /// <summary>Outbox rows waiting to be published, as last sampled.</summary>
    public static readonly ObservableGauge<long> OutboxBacklog =
        Meter.CreateObservableGauge("balkanhub.outbox.backlog", () => Interlocked.Read(ref _outboxBacklog), "{message}", "Outbox rows waiting to be published");

    /// <summary>Age of the oldest waiting outbox row, as last sampled.</summary>
    public static readonly ObservableGauge<double> OutboxAge =
        Meter.CreateObservableGauge("balkanhub.outbox.age", () => Volatile.Read(ref _outboxAgeSeconds), "s", "Age of the oldest outbox row waiting to be published");

    /// <summary>Records the outbox's state for the two gauges (one outbox per process).</summary>
    public static void SampleOutbox(long backlog, double oldestAgeSeconds)
    {
        Interlocked.Exchange(ref _outboxBacklog, backlog);
        Volatile.Write(ref _outboxAgeSeconds, oldestAgeSeconds);
    }
}
