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

    /// <summary>
    /// Stores the item and relays it to each recipient, in a stable order. Items that need an
    /// acknowledgement get <paramref name="acknowledgeBy"/> as each recipient's deadline; a chain-reaction
    /// estimate goes to the country it concerns, and every estimate to the feed.
    /// </summary>
    public async Task RelayAsync(HubItem item, IEnumerable<string> recipients, DateTimeOffset now, CancellationToken cancellationToken,
        DateTimeOffset? acknowledgeBy = null, IReadOnlyList<ChainReactionEstimate>? chainReactions = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        db.Items.Add(item);
        using var payload = JsonDocument.Parse(item.Payload);
        foreach (var recipient in recipients.Distinct(StringComparer.Ordinal))
        {
            var estimate = chainReactions?.FirstOrDefault(e => e.AffectedCountry == recipient);
            var relay = new Data.Relay
            {
                Recipient = recipient,
                Sequence = await Sequences.NextAsync(db, recipient, cancellationToken),
                Item = item,
                RelayedAt = now,
                DueAt = item.RequiresAcknowledgement && recipient != RelayRecipients.Feed ? acknowledgeBy : null,
                ChainReaction = recipient == RelayRecipients.Feed
                    ? chainReactions is { Count: > 0 } ? JsonSerializer.Serialize(chainReactions, JsonSerializerOptions.Web) : null
                    : estimate is null ? null : JsonSerializer.Serialize(estimate, JsonSerializerOptions.Web),
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
                AcknowledgeBy = relay.DueAt,
                ChainReaction = estimate,
            }, destination: HubTopology.ContactPointQueue(recipient), stream: recipient, now);
        }
    }
}
