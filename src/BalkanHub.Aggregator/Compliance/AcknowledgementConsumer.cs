using BalkanHub.Aggregator.Intake;

namespace BalkanHub.Aggregator.Compliance;

/// <summary>Records a country's acknowledgement of a relayed item and tells the item's sender and the feed.</summary>
public sealed class AcknowledgementConsumer(AggregatorDb db, IntakeInbox inbox, RelayWriter relays, RelayRecipients recipients)
    : IConsumer<RelayAcknowledged>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RelayAcknowledged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ack = context.Message;
        if (await inbox.RefuseUnverifiedAsync(context, ack.Country))
            return;
        await inbox.ProcessOnceAsync(context, async (now, ct) =>
        {
            var relay = await db.Relays.Include(r => r.Item)
                .FirstOrDefaultAsync(r => r.Recipient == ack.Country && r.Sequence == ack.Sequence, ct);
            if (relay is null || relay.Item.ItemKey != ack.ItemKey)
                throw new InvalidMessageException($"{ack.Country} acknowledged {ack.ItemKey} at sequence {ack.Sequence}, which was never relayed to it.");
            if (relay.AcknowledgedAt is not null)
                return;

            relay.AcknowledgedAt = ack.AcknowledgedAt.ToUniversalTime();
            await inbox.AuditAcceptedAsync(context, ack.Country, relay.Item.ItemKey, now, ct);
            await relays.RelayAsync(new StoredItem
            {
                ItemKey = ItemKeys.Acknowledgement(ack.Country, relay.Item.ItemKey),
                Kind = RelayedItemKind.Acknowledgement,
                Source = ack.Country,
                MessageType = nameof(RelayAcknowledged),
                SourceMessageId = context.MessageId!.Value,
                ReceivedAt = now,
                RequiresAcknowledgement = false,
                // Acknowledging an exercise is practice too.
                Exercise = relay.Item.Exercise,
                Payload = Envelope.MessageOf(context).ToJsonString(),
            }, recipients.ForAcknowledgement(relay.Item.Source, ack.Country), now, ct);
        });
    }
}
