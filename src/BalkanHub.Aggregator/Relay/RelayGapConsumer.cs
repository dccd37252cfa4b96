using BalkanHub.Aggregator.Intake;

namespace BalkanHub.Aggregator.Relay;

/// <summary>
/// Sends a contact point the relays it reported missing, from the aggregator's store. A relay can go
/// missing between the aggregator's confirmed send and the contact point's inbox (a broker node dying
/// mid-failover, a message parked after a transient failure), and the contact point holds every later
/// item back until the gap is filled, so the repair must not wait for an operator.
/// </summary>
public sealed partial class RelayGapConsumer(IntakeInbox inbox, RelayWriter relays, ILogger<RelayGapConsumer> logger) : IConsumer<RelayGapReported>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RelayGapReported> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var gap = context.Message;
        if (await inbox.RefuseUnverifiedAsync(context, gap.Country))
            return;
        if (gap.Missing is not { Count: > 0 and <= RelayGapReported.MaxMissing })
            throw new InvalidMessageException($"A gap report must name 1 to {RelayGapReported.MaxMissing} sequences; {gap.Country}'s named {gap.Missing?.Count ?? 0}.");
        await inbox.ProcessOnceAsync(context, async (now, ct) =>
        {
            // Only the reporting country's own relays: the broker vouched for who it is.
            var sent = await relays.ResendAsync(gap.Country, [.. gap.Missing.Distinct()], now, ct);
            LogResent(logger, sent.Count, gap.Missing.Count, gap.Country, gap.Missing[0]);
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resending {Found} of {Asked} relays {Country} reported missing, from sequence {First}")]
    static partial void LogResent(ILogger logger, int found, int asked, string country, long first);
}
