using BalkanHub.Domain.Time;
using BalkanHub.ContactPoint.Assistance;
using BalkanHub.ContactPoint.Notifications;
using Microsoft.AspNetCore.SignalR;

namespace BalkanHub.ContactPoint.Inbox;

/// <summary>
/// Takes relays from this country's own queue into the inbox, once each, and pushes what became
/// visible to <c>/hubs/alerts</c>.
/// </summary>
public sealed partial class RelayItemConsumer(
    ContactPointDb db,
    IHubContext<AlertsHub, IAlertsClient> hub,
    IOptions<ContactPointOptions> options,
    IOptions<RabbitMqOptions> rabbit,
    Notifier notifier,
    TimeProvider clock,
    ILogger<RelayItemConsumer> logger) : IConsumer<RelayItem>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RelayItem> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var relay = context.Message;
        var country = options.Value.Country;
        // This country's own broker user may also write to its queue; only the aggregator's relays count.
        if (rabbit.Value.VerifySenders && HubTopology.SenderOf(context, rabbit.Value.AggregatorUser) != rabbit.Value.AggregatorUser)
            throw new MisaddressedRelayException($"Relay {relay.ItemKey} was not published by the aggregator's broker user '{rabbit.Value.AggregatorUser}'.");
        if (relay.Recipient != country)
        {
            // Only the aggregator can write to this queue; an item for someone else means a wiring
            // fault. Parking it (error queue) keeps it visible without showing it to this country.
            throw new MisaddressedRelayException($"Relay {relay.ItemKey} is for {relay.Recipient}, but this contact point serves {country}.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var existing = await db.Inbox.AsNoTracking().Where(i => i.Sequence == relay.Sequence)
            .Select(i => i.ItemKey).FirstOrDefaultAsync(context.CancellationToken);
        if (existing is not null)
        {
            if (existing != relay.ItemKey)
                throw new MisaddressedRelayException($"Sequence {relay.Sequence} already holds {existing}, not {relay.ItemKey}.");
            LogDuplicate(logger, relay.Sequence, relay.ItemKey);
            return;
        }

        db.Inbox.Add(new StoredInboxItem
        {
            Sequence = relay.Sequence,
            MessageId = context.MessageId ?? Guid.Empty,
            Kind = relay.Kind,
            ItemKey = relay.ItemKey,
            Source = relay.Source,
            MessageType = relay.MessageType,
            RequiresAcknowledgement = relay.RequiresAcknowledgement,
            RelayedAt = relay.RelayedAt,
            ReceivedAt = clock.GetUtcNow(),
            Payload = relay.Payload.GetRawText(),
            AcknowledgeBy = relay.AcknowledgeBy,
            ChainReaction = relay.ChainReaction is null ? null : JsonSerializer.Serialize(relay.ChainReaction, JsonSerializerOptions.Web),
            Exercise = relay.Exercise,
        });
        await AssistanceProjection.ApplyAsync(db, relay.MessageType, relay.Payload, context.CancellationToken);
        if (Notifier.IsUrgent(relay))
            notifier.Queue(db, relay.Sequence, clock.GetUtcNow());
        await db.SaveChangesAsync(context.CancellationToken);

        var mark = await db.InboxWatermarks.FirstOrDefaultAsync(w => w.Id == 1, context.CancellationToken);
        if (mark is null)
            db.InboxWatermarks.Add(mark = new StoredInboxWatermark());
        var before = mark.Contiguous;
        while (await db.Inbox.AnyAsync(i => i.Sequence == mark.Contiguous + 1, context.CancellationToken))
            mark.Contiguous++;
        await db.SaveChangesAsync(context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
        notifier.Wake();
        if (AnnouncedAt(relay) is { } announced)
            HubTelemetry.RelayLatency.Record(Math.Max(0, clock.RealAge(announced).TotalSeconds),
                new("kind", relay.Kind.ToString()), new("source", relay.Source));

        if (mark.Contiguous > before)
        {
            // Pushed after commit: a client that misses a push catches up from the inbox with after=N.
            var visible = await InboxStore.AfterAsync(db, before, (int)(mark.Contiguous - before), context.CancellationToken);
            foreach (var item in visible)
                await hub.Clients.Group(AlertsHub.GroupOf(country)).Relayed(item);
        }
        else
            LogHeldBack(logger, relay.Sequence, before);
    }

    /// <summary>
    /// When the item was first announced by its source: a report's submittedAt, a new measure's
    /// announcedAt. Other items (revisions, acknowledgements, the hub's alerts) count from their relay.
    /// </summary>
    static DateTimeOffset? AnnouncedAt(RelayItem relay)
    {
        if (relay.Payload.ValueKind != JsonValueKind.Object)
            return relay.RelayedAt;
        if (relay.MessageType == nameof(DailyReportSubmitted) && relay.Payload.TryGetProperty("submittedAt", out var submitted) && submitted.TryGetDateTimeOffset(out var at))
            return at;
        if (relay.MessageType == nameof(MeasureAnnounced) && relay.Payload.TryGetProperty("measure", out var measure)
            && measure.TryGetProperty("announcedAt", out var announced) && announced.TryGetDateTimeOffset(out var when))
            return when;
        return relay.RelayedAt;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {Sequence} ({ItemKey}) was already in the inbox")]
    static partial void LogDuplicate(ILogger logger, long sequence, string itemKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay {Sequence} arrived before an earlier one; it is shown once the inbox is complete up to it (now {Watermark})")]
    static partial void LogHeldBack(ILogger logger, long sequence, long watermark);
}

/// <summary>A relay reached a contact point it was not meant for, or clashes with the inbox.</summary>
public sealed class MisaddressedRelayException(string message) : Exception(message);
