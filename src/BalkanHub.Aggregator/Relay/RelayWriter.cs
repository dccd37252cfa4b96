using System.Text.Json;
using BalkanHub.Aggregator.Data;
using BalkanHub.Contracts;
using BalkanHub.ServiceDefaults.Messaging;
using BalkanHub.ServiceDefaults.Outbox;

namespace BalkanHub.Aggregator.Relay;

/// <summary>
/// Writes an item and its relays in the caller's transaction: each recipient's next sequence number,
/// the relay row, and for contact points the outbox row that sends the relay to their own queue.
/// </summary>
public sealed class RelayWriter(AggregatorDb db)
{
    readonly List<Data.Relay> _feed = [];

    /// <summary>Feed relays written in this scope, to push to <c>/hubs/feed</c> once committed.</summary>
    public IReadOnlyList<Data.Relay> FeedRelays => _feed;

    /// <summary>Stores the item and relays it to each recipient, in a stable order.</summary>
    public async Task RelayAsync(HubItem item, IEnumerable<string> recipients, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        db.Items.Add(item);
        using var payload = JsonDocument.Parse(item.Payload);
        foreach (var recipient in recipients.Distinct(StringComparer.Ordinal))
        {
            var relay = new Data.Relay
            {
                Recipient = recipient,
                Sequence = await Sequences.NextAsync(db, recipient, cancellationToken),
                Item = item,
                RelayedAt = now,
            };
            db.Relays.Add(relay);
            if (recipient == RelayRecipients.Feed)
            {
                _feed.Add(relay);
                continue;
            }
            db.Send(new RelayItem
            {
                Recipient = recipient,
                Sequence = relay.Sequence,
                Kind = item.Kind,
                ItemKey = item.ItemKey,
                Source = item.Source,
                MessageType = item.MessageType,
                RelayedAt = now,
                RequiresAcknowledgement = item.RequiresAcknowledgement,
                Payload = payload.RootElement.Clone(),
            }, destination: HubTopology.ContactPointQueue(recipient), stream: recipient, now);
        }
    }
}
