using BalkanHub.Contracts;

namespace BalkanHub.SchemaGen;

/// <summary>How a message travels on the bus.</summary>
public enum BusRoute
{
    /// <summary>
    /// A contact point publishes it to the fanout exchange named after its type
    /// (<c>BalkanHub.Contracts:Name</c>), bound to the aggregator's queue; the aggregator consumes it
    /// and relays it, unchanged, as the payload of <see cref="RelayItem"/>s.
    /// </summary>
    Event,

    /// <summary>The aggregator sends it to one contact point's own exchange and queue (<c>contact-point-xx</c>).</summary>
    Relay,

    /// <summary>
    /// The aggregator raises it itself and it travels only as the payload of a <see cref="RelayItem"/>
    /// (kind <c>alert</c>, or <c>assistance</c> for a closed request), with source <c>HUB</c>.
    /// </summary>
    RelayedAlert,
}

/// <summary>A record that travels on the bus, and how.</summary>
public sealed record BusMessage(Type Type, BusRoute Route)
{
    /// <summary>The contract name, as MassTransit and <see cref="RelayItem.MessageType"/> name it.</summary>
    public string Name => Type.Name;

    /// <summary>The exchange the contact points publish an <see cref="BusRoute.Event"/> to.</summary>
    public string? Exchange => Route == BusRoute.Event ? $"{Type.Namespace}:{Type.Name}" : null;
}

/// <summary>
/// Every message on the bus: the list the schemas are written for and the AsyncAPI document must cover.
/// </summary>
/// <remarks>
/// <see cref="ReportMissing"/> and <see cref="SecurityEventRaised"/> are left out on purpose: the hub
/// relays them to the Commission's feed only, which is served over HTTP and SignalR, never on the bus.
/// </remarks>
public static class BusMessages
{
    /// <summary>The messages, events first, in the order the documents list them.</summary>
    public static IReadOnlyList<BusMessage> All { get; } =
    [
        new(typeof(DailyReportSubmitted), BusRoute.Event),
        new(typeof(MeasureAnnounced), BusRoute.Event),
        new(typeof(MeasureUpdated), BusRoute.Event),
        new(typeof(MeasureTookEffect), BusRoute.Event),
        new(typeof(MeasureCancelled), BusRoute.Event),
        new(typeof(MeasureLifted), BusRoute.Event),
        new(typeof(RelayAcknowledged), BusRoute.Event),
        new(typeof(RelayGapReported), BusRoute.Event),
        new(typeof(ActionAudited), BusRoute.Event),
        new(typeof(NeedsAnalysisOpened), BusRoute.Event),
        new(typeof(NeedsAnalysisClosed), BusRoute.Event),
        new(typeof(AssistanceRequested), BusRoute.Event),
        new(typeof(AssistanceRequestWithdrawn), BusRoute.Event),
        new(typeof(AssistanceOffered), BusRoute.Event),
        new(typeof(OfferStatusChanged), BusRoute.Event),
        new(typeof(RelayItem), BusRoute.Relay),
        new(typeof(RelayTailAnnounced), BusRoute.Relay),
        new(typeof(AcknowledgementOverdue), BusRoute.RelayedAlert),
        new(typeof(ChainReactionWarning), BusRoute.RelayedAlert),
        new(typeof(ChainReactionWithdrawn), BusRoute.RelayedAlert),
        new(typeof(ReconciliationGapFound), BusRoute.RelayedAlert),
        new(typeof(ReconciliationGapResolved), BusRoute.RelayedAlert),
        new(typeof(NeedsAnalysisOverdue), BusRoute.RelayedAlert),
        new(typeof(ReportReminderIssued), BusRoute.RelayedAlert),
        new(typeof(AssistanceRequestClosed), BusRoute.RelayedAlert),
    ];
}
