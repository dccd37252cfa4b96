using System.Data;
using System.Text.Json;
using BalkanHub.Aggregator.Data;
using BalkanHub.Contracts;
using BalkanHub.ServiceDefaults.Messaging;
using BalkanHub.ServiceDefaults.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
                Sequence = await NextSequenceAsync(recipient, cancellationToken),
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

    /// <summary>
    /// The recipient's next number, taken in the database inside the current transaction. The row lock
    /// (PostgreSQL) or the write lock (SQLite) holds until commit, so numbers stay unique and gap-free
    /// across several aggregator replicas; an in-memory counter could not.
    /// </summary>
    async Task<long> NextSequenceAsync(string recipient, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
            await db.Database.OpenConnectionAsync(cancellationToken);

        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = """
            INSERT INTO "RecipientSequences" ("Recipient", "Last") VALUES (@recipient, 0) ON CONFLICT ("Recipient") DO NOTHING;
            UPDATE "RecipientSequences" SET "Last" = "Last" + 1 WHERE "Recipient" = @recipient RETURNING "Last";
            """;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@recipient";
        parameter.Value = recipient;
        command.Parameters.Add(parameter);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }
}
