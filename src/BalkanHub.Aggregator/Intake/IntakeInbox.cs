using BalkanHub.Aggregator.Data;
using BalkanHub.Aggregator.Feed;
using BalkanHub.Aggregator.Relay;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BalkanHub.Aggregator.Intake;

/// <summary>
/// The inbox half of "exactly once in effect": each message id is recorded in the same transaction as
/// the work it caused, so a redelivered message changes nothing. MassTransit acknowledges the message
/// to the broker only after this returns, that is after the commit.
/// </summary>
public sealed partial class IntakeInbox(AggregatorDb db, RelayWriter relays, FeedNotifier feed, TimeProvider clock, ILogger<IntakeInbox> logger)
{
    /// <summary>Runs <paramref name="work"/> once per message id, in one transaction, then pushes the feed.</summary>
    public async Task ProcessOnceAsync<T>(ConsumeContext<T> context, Func<DateTimeOffset, CancellationToken, Task> work)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        var messageId = context.MessageId ?? throw new InvalidMessageException("The message has no MessageId, so it cannot be deduplicated.");
        var cancellationToken = context.CancellationToken;

        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (await db.ProcessedMessages.AnyAsync(m => m.MessageId == messageId, cancellationToken))
            {
                LogDuplicate(logger, messageId, typeof(T).Name);
                return;
            }
            var now = clock.GetUtcNow();
            db.ProcessedMessages.Add(new ProcessedMessage { MessageId = messageId, MessageType = typeof(T).Name, ProcessedAt = now });
            await work(now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        // After commit only: a push must never show what a rollback would take back.
        await feed.PushAsync(relays.FeedRelays, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} ({MessageType}) was already processed")]
    static partial void LogDuplicate(ILogger logger, Guid messageId, string messageType);
}

/// <summary>
/// A message that can never be processed as sent (invalid, or claiming what it may not). It is not
/// retried: MassTransit moves it to the queue's error queue, where an operator can see it.
/// </summary>
public sealed class InvalidMessageException(string message) : Exception(message);
