using BalkanHub.Aggregator.Subscriptions;
using System.Text.Json;
using BalkanHub.Api.Contracts;
using BalkanHub.Domain.Measures;
using BalkanHub.Aggregator.Intake;

namespace BalkanHub.Aggregator.Measures;

/// <summary>
/// Stores every transition of a measure once, and relays the transitions strictly in revision order:
/// a revision that overtook an earlier one on the bus waits until the earlier one has arrived.
/// </summary>
public sealed partial class MeasureConsumer(
    AggregatorDb db, IntakeInbox inbox, RelayWriter relays, RelayRecipients recipients, RouteMap route,
    ChainReactions chainReactions, IOptions<MeasureOptions> options, ILogger<MeasureConsumer> logger) :
    IConsumer<MeasureAnnounced>, IConsumer<MeasureUpdated>, IConsumer<MeasureTookEffect>, IConsumer<MeasureCancelled>, IConsumer<MeasureLifted>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<MeasureAnnounced> context) => ReceiveAsync(context, context?.Message.Measure, reason: null);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<MeasureUpdated> context) => ReceiveAsync(context, context?.Message.Measure, context?.Message.Reason);

    /// <summary>Whether a revision of this message type asks the neighbours for a new acknowledgement.</summary>
    public static bool AsksForAcknowledgement(string messageType) =>
        messageType is nameof(MeasureAnnounced) or nameof(MeasureUpdated) or nameof(MeasureCancelled);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<MeasureTookEffect> context) => ReceiveAsync(context, context?.Message.Measure, reason: null);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<MeasureCancelled> context) => ReceiveAsync(context, context?.Message.Measure, context?.Message.Reason);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<MeasureLifted> context) => ReceiveAsync(context, context?.Message.Measure, context?.Message.Reason);

    async Task ReceiveAsync<T>(ConsumeContext<T>? context, MeasureNotice? notice, string? reason) where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        if (notice is null)
            throw new InvalidMessageException("The message carries no measure notice.");
        if (await inbox.RefuseUnverifiedAsync(context, notice.Country))
            return;
        Check(notice, typeof(T));
        if (MeasureRules.ValidateReason(reason) is { IsEmpty: false } badReason)
            throw new InvalidMessageException($"Measure {notice.MeasureId} r{notice.Revision} of {notice.Country} is not valid: {badReason}");

        await inbox.ProcessOnceAsync(context, async (now, ct) =>
        {
            if (await db.MeasureRevisions.AnyAsync(r => r.MeasureId == notice.MeasureId && r.Revision == notice.Revision, ct))
            {
                LogDuplicateRevision(logger, notice.MeasureId, notice.Revision);
                return;
            }
            db.MeasureRevisions.Add(new StoredMeasureRevision
            {
                MeasureId = notice.MeasureId,
                Revision = notice.Revision,
                MessageType = typeof(T).Name,
                MessageId = context.MessageId!.Value,
                ReceivedAt = now,
                // As received, signature and all: relays carry exactly what the sender signed.
                Payload = Envelope.MessageOf(context).ToJsonString(),
            });
            await inbox.AuditAcceptedAsync(context, notice.Country, ItemKeys.Measure(notice.MeasureId, notice.Revision), now, ct);
            await db.SaveChangesAsync(ct);

            var measure = await db.Measures.FirstOrDefaultAsync(m => m.MeasureId == notice.MeasureId, ct);
            var next = (measure?.Revision ?? 0) + 1;
            if (notice.Revision > next)
                LogHeldBack(logger, notice.MeasureId, notice.Revision, next);

            // Relay this revision and any later ones that were waiting for it, in order.
            await InOrder.RelayWaitingAsync(next, (revision, token) =>
                db.MeasureRevisions.FirstOrDefaultAsync(r => r.MeasureId == notice.MeasureId && r.Revision == revision && !r.Relayed, token), async pending =>
            {
                var current = JsonDocument.Parse(pending.Payload).RootElement.GetProperty("measure").Deserialize<MeasureNotice>(JsonSerializerOptions.Web)!;
                measure ??= db.Measures.Add(new StoredMeasure { MeasureId = current.MeasureId, Country = current.Country, Notice = "" }).Entity;
                measure.Revision = current.Revision;
                measure.Type = current.Type;
                measure.Status = current.Status;
                measure.AnnouncedAt = current.AnnouncedAt.ToUniversalTime();
                measure.EffectiveFrom = current.EffectiveFrom.ToUniversalTime();
                measure.EffectiveUntil = current.EffectiveUntil?.ToUniversalTime();
                measure.Notice = JsonSerializer.Serialize(current, JsonSerializerOptions.Web);
                measure.Exercise = current.Exercise;
                pending.Relayed = true;

                // A cap or closure, when announced or changed, comes with its likely effect on the other side;
                // what an earlier revision estimated and no longer holds is withdrawn from those it warned.
                var key = ItemKeys.Measure(current.MeasureId, current.Revision);
                var estimates = pending.MessageType is nameof(MeasureAnnounced) or nameof(MeasureUpdated)
                    ? await chainReactions.EstimateAsync(current, key, ct)
                    : [];
                var withdrawals = pending.MessageType is nameof(MeasureUpdated) or nameof(MeasureCancelled) or nameof(MeasureLifted)
                    ? ChainReactions.Withdrawn(await chainReactions.StandingAsync(current.MeasureId, current.Revision, ct), estimates, current, key)
                    : [];
                var subscribers = await StoredSubscription.SubscribersAsync(db, current.Country, RelayedItemKind.Measure, ct);
                await relays.RelayAsync(new StoredItem
                {
                    ItemKey = ItemKeys.Measure(current.MeasureId, current.Revision),
                    Kind = RelayedItemKind.Measure,
                    Source = current.Country,
                    MessageType = pending.MessageType,
                    SourceMessageId = pending.MessageId,
                    ReceivedAt = now,
                    // One acknowledgement covers the automatic steps that follow (took effect, lifted): only the
                    // announcement and a substantive change (an update, a cancellation) ask the neighbours again.
                    RequiresAcknowledgement = AsksForAcknowledgement(pending.MessageType),
                    Supersedes = current.Revision > 1 ? ItemKeys.Measure(current.MeasureId, current.Revision - 1) : null,
                    PlanPoints = StoredItem.PlanPointsOf(current.PlanPoints),
                    Exercise = current.Exercise,
                    Payload = pending.Payload,
                }, recipients.ForCountryItem(current.Country, subscribers), now, ct, now + options.Value.AcknowledgementWindow, estimates,
                    owesAcknowledgement: recipient => recipients.Obliges(recipient, current.Country));
                foreach (var estimate in estimates)
                    await WarnUpstreamAsync(estimate, current.Exercise, now, ct);
                foreach (var withdrawn in withdrawals)
                {
                    await relays.RelayAsync(StoredItem.Raised(ItemKeys.ChainReactionWithdrawn(key, withdrawn.AffectedCountry, withdrawn.Country), withdrawn, now,
                        exercise: current.Exercise), RelayRecipients.ForOneCountry(withdrawn.Country), now, ct);
                }
            }, ct);
        });
    }

    /// <summary>The backlog will come back to the affected country's upstream neighbours: tell them, as an exercise when the measure is one.</summary>
    async Task WarnUpstreamAsync(ChainReactionEstimate estimate, bool exercise, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var upstream in estimate.Upstream)
        {
            await relays.RelayAsync(StoredItem.Raised(ItemKeys.ChainReaction(estimate.MeasureItemKey, estimate.AffectedCountry, upstream),
                new ChainReactionWarning { Country = upstream, Estimate = estimate, Exercise = exercise }, now, exercise: exercise),
                RelayRecipients.ForOneCountry(upstream), now, cancellationToken);
        }
    }

    void Check(MeasureNotice notice, Type messageType)
    {
        if (route.Find(notice.Country) is not { Role: ParticipantRole.Country })
            throw new InvalidMessageException($"'{notice.Country}' is not a country on the route; only countries announce measures.");
        if (notice.Revision < 1 || (messageType == typeof(MeasureAnnounced)) != (notice.Revision == 1))
            throw new InvalidMessageException($"{messageType.Name} with revision {notice.Revision} is not valid: an announcement is revision 1, every later transition more.");
        var (_, errors) = MeasureRules.Validate(MeasureDraft.From(notice), notice.Country, route,
            notice.MeasureId, notice.Revision, notice.Status, notice.AnnouncedAt);
        if (!errors.IsEmpty)
            throw new InvalidMessageException($"Measure {notice.MeasureId} r{notice.Revision} of {notice.Country} is not valid: {errors}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Measure {MeasureId} r{Revision} was already stored")]
    static partial void LogDuplicateRevision(ILogger logger, Guid measureId, int revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Measure {MeasureId} r{Revision} arrived before r{Expected}; it waits for it")]
    static partial void LogHeldBack(ILogger logger, Guid measureId, int revision, int expected);
}
