using BalkanHub.Aggregator.Audit;
using BalkanHub.Contracts;
using BalkanHub.ServiceDefaults.Messaging;
using MassTransit;

namespace BalkanHub.Aggregator.Intake;

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
        await inbox.ProcessOnceAsync(context, (_, ct) => trail.AppendAsync(new AuditRecord(
            HubTopology.ContactPointUser(audited.Country), audited.Actor, audited.ActorCountry, audited.Role,
            audited.Action, audited.Target, audited.Origin, audited.Outcome, null, audited.At), ct));
    }
}
