using BalkanHub.Contracts;

namespace BalkanHub.Domain.Measures;

/// <summary>
/// When a measure was actually in force, read from its revisions in order rather than from its latest
/// state: a measure lifted by hand at 09:05 was still in force that morning, and one cancelled before it
/// took effect never was.
/// </summary>
public static class MeasureHistory
{
    /// <summary>One relayed revision.</summary>
    /// <param name="MessageType">MeasureAnnounced, MeasureUpdated, MeasureTookEffect, MeasureCancelled or MeasureLifted.</param>
    /// <param name="ReceivedAt">When the hub received it.</param>
    /// <param name="Notice">The notice it carried.</param>
    /// <param name="LiftedAt">For a lift: when the contact point says the measure stopped being in force.</param>
    public sealed record Revision(string MessageType, DateTimeOffset ReceivedAt, MeasureNotice Notice, DateTimeOffset? LiftedAt = null);

    /// <summary>
    /// The period the measure was, is or will be in force: from its taking effect to its lift (or its planned
    /// end, or open). Null when it was cancelled before taking effect. A measure still planned is given its
    /// planned period, so a day ahead shows what neighbours were told to expect.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset? Until)? InForce(IReadOnlyList<Revision> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0 || steps.Any(s => s.Notice.Status == MeasureStatus.Cancelled))
            return null;
        var latest = steps[^1].Notice;
        var tookEffect = steps.FirstOrDefault(s => s.Notice.Status is MeasureStatus.InForce or MeasureStatus.Lifted);
        var from = tookEffect?.Notice.EffectiveFrom ?? latest.EffectiveFrom;
        if (steps.FirstOrDefault(s => s.Notice.Status == MeasureStatus.Lifted) is not { } lifted)
            return (from, latest.EffectiveUntil);
        // A lift says when it happened; one from an older contact point does not, and then its own end date
        // (when it ended by itself) or the moment the hub heard of it is the best there is.
        var until = lifted.LiftedAt
            ?? (lifted.Notice.EffectiveUntil is { } end && end <= lifted.ReceivedAt ? end : lifted.ReceivedAt);
        return (from, until < from ? from : until);
    }
}
