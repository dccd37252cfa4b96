using BalkanHub.Aggregator.Audit;
using BalkanHub.Aggregator.Feed;
using System.Text.Json;
using BalkanHub.Domain.Signing;
using BalkanHub.Messaging.Signing;

namespace BalkanHub.Aggregator.Intake;

/// <summary>
/// The inbox half of "exactly once in effect": each message id is recorded in the same transaction as
/// the work it caused, so a redelivered message changes nothing. MassTransit acknowledges the message
/// to the broker only after this returns, that is after the commit.
/// </summary>
public sealed partial class IntakeInbox(
    AggregatorDb db, RelayWriter relays, FeedNotifier feed, AuditTrail audit, TimeProvider clock, IOptions<RabbitMqOptions> rabbit,
    SigningOptions signing, IServiceProvider services, ILogger<IntakeInbox> logger)
{
    /// <summary>The source of items the hub raises itself.</summary>
    public const string Hub = StoredItem.HubSource;

    /// <summary>Items accepted in the current transaction, counted only once it commits.</summary>
    readonly List<KeyValuePair<string, object?>[]> _accepted = [];

    /// <summary>
    /// Refuses a message whose origin cannot be proven: one with no broker-validated user id, one
    /// claiming to come from a country whose broker user did not publish it, and one whose signature
    /// does not verify with one of that country's trusted keys. A refused message is not stored or
    /// relayed; a security event goes to the Commission's feed instead. Returns whether it was refused.
    /// </summary>
    public async Task<bool> RefuseUnverifiedAsync<T>(ConsumeContext<T> context, string claimedCountry)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = HubTopology.SenderOf(context, rabbit.Value.AggregatorUser);
        var reason = !rabbit.Value.VerifySenders ? null
            : user is null ? $"A {typeof(T).Name} claiming to come from {claimedCountry} carried no broker-validated user id."
            : user != HubTopology.ContactPointUser(claimedCountry) ? $"A {typeof(T).Name} claims to come from {claimedCountry}, but the broker user '{user}' published it."
            : null;
        if (reason is null)
            reason = SignatureProblem(context, claimedCountry);
        if (reason is null)
            return false;
        HubTelemetry.ItemsRejected.Add(1, new("type", typeof(T).Name), new("country", claimedCountry), new("reason", "unverified"));
        await RaiseSecurityEventAsync(context, claimedCountry, user, reason);
        return true;
    }

    /// <summary>
    /// What is wrong with the message as received: not well-formed (duplicate members, which readers
    /// resolve differently, so no signature can vouch for it), or, where signatures are required, not
    /// signed by one of the claimed country's keys. Null when nothing is.
    /// </summary>
    string? SignatureProblem(ConsumeContext context, string claimedCountry)
    {
        try
        {
            var message = Envelope.MessageOf(context);
            return signing.Required ? services.GetRequiredService<TrustedKeys>().Problem(claimedCountry, message) : null;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return $"A message claiming to come from {claimedCountry} is malformed, so it cannot be trusted: {ex.Message}";
        }
    }

    /// <summary>Records a security event in the Commission's feed, once per refused message.</summary>
    public Task RaiseSecurityEventAsync<T>(ConsumeContext<T> context, string? claimedCountry, string? brokerUser, string reason)
        where T : class =>
        RaiseSecurityEventAsync(this, context, typeof(T).Name, claimedCountry, brokerUser, reason);

    static Task RaiseSecurityEventAsync(IntakeInbox inbox, ConsumeContext context, string messageType, string? claimedCountry, string? brokerUser, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        return inbox.RaiseSecurityEventAsync(context.MessageId, messageType, claimedCountry, brokerUser, reason, context.CancellationToken);
    }

    /// <summary>Records a security event about a message of <paramref name="messageType"/>, also one refused before it could be read.</summary>
    public Task RaiseSecurityEventAsync(Guid? receivedId, string messageType, string? claimedCountry, string? brokerUser, string reason, CancellationToken cancellationToken)
    {
        LogRefused(logger, messageType, receivedId, reason);
        var messageId = receivedId ?? NewId.NextGuid();
        return ProcessOnceAsync(messageType, messageId, async (now, ct) =>
        {
            await audit.AppendAsync(new AuditRecord(AuditTrail.Aggregator, brokerUser ?? "unknown broker user", claimedCountry, null,
                $"receive {messageType}", messageId.ToString(), brokerUser is null ? "no broker user id" : $"broker user {brokerUser}",
                "refused", reason, now), ct);
            await relays.RelayAsync(new StoredItem
            {
                ItemKey = ItemKeys.SecurityEvent(messageId),
                Kind = RelayedItemKind.Alert,
                Source = Hub,
                MessageType = nameof(SecurityEventRaised),
                SourceMessageId = messageId,
                ReceivedAt = now,
                RequiresAcknowledgement = false,
                Payload = JsonSerializer.Serialize(new SecurityEventRaised
                {
                    Reason = reason,
                    ClaimedCountry = claimedCountry,
                    BrokerUser = brokerUser,
                    MessageType = messageType,
                    MessageId = receivedId,
                    DetectedAt = now,
                }, JsonSerializerOptions.Web),
            }, RelayRecipients.ForFeedOnly(), now, ct);
        }, cancellationToken);
    }

    /// <summary>Records in the audit trail that a verified item from a country was accepted, inside the intake transaction.</summary>
    public Task AuditAcceptedAsync<T>(ConsumeContext<T> context, string country, string target, DateTimeOffset now, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = HubTopology.SenderOf(context, rabbit.Value.AggregatorUser);
        var (actor, role, origin) = ActorHeaders.From(context);
        _accepted.Add([new("type", typeof(T).Name), new("country", country)]);
        return audit.AppendAsync(new AuditRecord(AuditTrail.Aggregator, actor ?? user ?? country, country, role, $"receive {typeof(T).Name}", target,
            string.Join(", ", new[] { origin, user is null ? null : $"broker user {user}" }.Where(o => o is not null)), "stored", null, now), cancellationToken);
    }
    /// <summary>Runs <paramref name="work"/> once per message id, in one transaction, then pushes the feed.</summary>
    public async Task ProcessOnceAsync<T>(ConsumeContext<T> context, Func<DateTimeOffset, CancellationToken, Task> work)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        var messageId = context.MessageId ?? throw new InvalidMessageException("The message has no MessageId, so it cannot be deduplicated.");
        await ProcessOnceAsync(typeof(T).Name, messageId, work, context.CancellationToken);
    }

    async Task ProcessOnceAsync(string messageType, Guid messageId, Func<DateTimeOffset, CancellationToken, Task> work, CancellationToken cancellationToken)
    {

        await using (var tx = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (await db.ProcessedMessages.AnyAsync(m => m.MessageId == messageId, cancellationToken))
            {
                LogDuplicate(logger, messageId, messageType);
                return;
            }
            var now = clock.GetUtcNow();
            _accepted.Clear();
            db.ProcessedMessages.Add(new StoredProcessedMessage { MessageId = messageId, MessageType = messageType, ProcessedAt = now });
            await work(now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        foreach (var tags in _accepted)
            HubTelemetry.ItemsAccepted.Add(1, tags);
        _accepted.Clear();

        // After commit only: a push must never show what a rollback would take back.
        await feed.PushAsync(relays.FeedRelays, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {MessageType} {MessageId}: {Reason}")]
    static partial void LogRefused(ILogger logger, string messageType, Guid? messageId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} ({MessageType}) was already processed")]
    static partial void LogDuplicate(ILogger logger, Guid messageId, string messageType);
}

/// <summary>
/// A message that can never be processed as sent (invalid, or claiming what it may not). It is not
/// retried: MassTransit moves it to the queue's error queue, where an operator can see it.
/// </summary>
public sealed class InvalidMessageException(string message) : Exception(message);

/// <summary>
/// A message about something not stored yet, such as a request for a needs analysis still in flight:
/// messages are taken several at a time (PostgreSQL, replicas), so it is retried, unlike an
/// <see cref="InvalidMessageException"/>, and parked once the retries are spent.
/// </summary>
public sealed class NotStoredYetException(string message) : Exception(message);
