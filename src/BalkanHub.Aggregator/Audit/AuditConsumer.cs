using BalkanHub.Domain.Validation;
using BalkanHub.Aggregator.Intake;

namespace BalkanHub.Aggregator.Audit;

/// <summary>Appends what the contact points recorded to the one audit trail, once each.</summary>
public sealed class AuditConsumer(IntakeInbox inbox, AuditTrail trail) : IConsumer<ActionAudited>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ActionAudited> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var audited = context.Message;
        if (await inbox.RefuseUnverifiedAsync(context, audited.Country))
            return;
        // Contact points make what a refused caller sent printable before they record it, so a control
        // character here means a sender that does not; the hash-chained trail must stay readable.
        var errors = new ValidationErrors();
        foreach (var (value, field) in new[] { (audited.Actor, "actor"), (audited.ActorCountry, "actorCountry"), (audited.Role, "role"), (audited.Action, "action"),
            (audited.Target, "target"), (audited.Origin, "origin"), (audited.Outcome, "outcome") })
            errors.Line(value, field, maxLength: 16_384);
        if (!errors.IsEmpty)
            throw new InvalidMessageException($"The audit record of {audited.Country} is not valid: {errors}");
        await inbox.ProcessOnceAsync(context, (_, ct) => trail.AppendAsync(new AuditRecord(
            HubTopology.ContactPointUser(audited.Country), audited.Actor, audited.ActorCountry, audited.Role,
            audited.Action, audited.Target, audited.Origin, audited.Outcome, null, audited.At), ct));
    }
}
