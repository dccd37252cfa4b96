using System.Text.Json;

namespace BalkanHub.Aggregator.Relay;

/// <summary>
/// Writes an item and its relays in the caller's transaction: each recipient's next sequence number,
/// the relay row, and for contact points the outbox row that sends the relay to their own queue.
/// </summary>
public sealed class RelayWriter(AggregatorDb db)
{
    readonly List<StoredRelay> _feed = [];

    /// <summary>Feed relays written in this scope, to push to <c>/hubs/feed</c> once committed.</summary>
    public IReadOnlyList<StoredRelay> FeedRelays => _feed;

    /// <summary>
    /// Stores the item and relays it to each recipient, in a stable order. Items that need an
    /// acknowledgement get <paramref name="acknowledgeBy"/> as the deadline of each recipient that owes one
    /// (<paramref name="owesAcknowledgement"/>; every recipient when null): a subscriber that asked for a
    /// neighbour's neighbour's measures reads them, it is not obliged to answer. A chain-reaction estimate
    /// goes to the country it concerns, and every estimate to the feed.
    /// </summary>
    public async Task RelayAsync(StoredItem item, IEnumerable<string> recipients, DateTimeOffset now, CancellationToken cancellationToken,
        DateTimeOffset? acknowledgeBy = null, IReadOnlyList<ChainReactionEstimate>? chainReactions = null, Func<string, bool>? owesAcknowledgement = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        // PostgreSQL keeps microseconds: a relay sent now must carry the times a resend will read back.
        now = StoredTime.Of(now);
        acknowledgeBy = acknowledgeBy is { } due ? StoredTime.Of(due) : null;
        db.Items.Add(item);
        await AddRelaysAsync(item, recipients, now, acknowledgeBy, chainReactions, owesAcknowledgement, cancellationToken);
    }

    /// <summary>
    /// Relays an item stored earlier to one more recipient, with its next sequence number: a new subscriber's
    /// history. No acknowledgement deadline: the item was due from others, before this recipient asked for it.
    /// </summary>
    public Task RelayStoredAsync(StoredItem item, string recipient, DateTimeOffset now, CancellationToken cancellationToken) =>
        AddRelaysAsync(item, [recipient], StoredTime.Of(now), acknowledgeBy: null, chainReactions: null, owesAcknowledgement: null, cancellationToken);

    async Task AddRelaysAsync(StoredItem item, IEnumerable<string> recipients, DateTimeOffset now, DateTimeOffset? acknowledgeBy,
        IReadOnlyList<ChainReactionEstimate>? chainReactions, Func<string, bool>? owesAcknowledgement, CancellationToken cancellationToken)
    {
        using var payload = JsonDocument.Parse(item.Payload);
        foreach (var recipient in recipients.Distinct(StringComparer.Ordinal))
        {
            // Counted when written, inside the caller's transaction: a rolled-back relay is retried and counted again, rarely.
            HubTelemetry.ItemsRelayed.Add(1, new("kind", item.Kind.ToString()), new("recipient", recipient));
            var estimate = chainReactions?.FirstOrDefault(e => e.AffectedCountry == recipient);
            var relay = new StoredRelay
            {
                Recipient = recipient,
                Sequence = await Sequences.NextAsync(db, recipient, cancellationToken),
                Item = item,
                RelayedAt = now,
                DueAt = item.RequiresAcknowledgement && recipient != RelayRecipients.Feed && (owesAcknowledgement?.Invoke(recipient) ?? true) ? acknowledgeBy : null,
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
            db.Send(Message(relay, item, payload.RootElement.Clone(), estimate), destination: HubTopology.ContactPointQueue(recipient), stream: recipient, now);
        }
    }

    /// <summary>
    /// Sends stored relays to <paramref name="recipient"/> again, with their original sequence and content,
    /// after its contact point reported them missing. The contact point keeps each sequence once, so
    /// sending one it did receive after all changes nothing. Returns the sequences found and sent.
    /// </summary>
    public async Task<IReadOnlyList<long>> ResendAsync(string recipient, IReadOnlyCollection<long> sequences, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var stored = await db.Relays.AsNoTracking().Include(r => r.Item)
            .Where(r => r.Recipient == recipient && sequences.Contains(r.Sequence))
            .OrderBy(r => r.Sequence)
            .ToListAsync(cancellationToken);
        foreach (var relay in stored)
        {
            using var payload = JsonDocument.Parse(relay.Item.Payload);
            var estimate = relay.ChainReaction is null ? null : JsonSerializer.Deserialize<ChainReactionEstimate>(relay.ChainReaction, JsonSerializerOptions.Web);
            db.Send(Message(relay, relay.Item, payload.RootElement.Clone(), estimate), destination: HubTopology.ContactPointQueue(recipient), stream: recipient, now);
        }
        return [.. stored.Select(r => r.Sequence)];
    }

    static RelayItem Message(StoredRelay relay, StoredItem item, JsonElement payload, ChainReactionEstimate? estimate) => new()
    {
        Recipient = relay.Recipient,
        Sequence = relay.Sequence,
        Kind = item.Kind,
        ItemKey = item.ItemKey,
        Source = item.Source,
        MessageType = item.MessageType,
        RelayedAt = relay.RelayedAt,
        // Only a recipient with a deadline is asked to acknowledge: a history relay or a voluntary subscriber is not.
        RequiresAcknowledgement = item.RequiresAcknowledgement && relay.DueAt is not null,
        Payload = payload,
        AcknowledgeBy = relay.DueAt,
        ChainReaction = estimate,
        Exercise = item.Exercise,
    };
}
