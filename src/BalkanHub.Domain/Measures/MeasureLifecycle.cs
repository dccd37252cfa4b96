using BalkanHub.Contracts;

namespace BalkanHub.Domain.Measures;

/// <summary>
/// Where a measure stands at a moment, and which transitions it allows then: planned → updated →
/// cancelled, or in force → lifted.
/// </summary>
public static class MeasureLifecycle
{
    /// <summary>
    /// The status at <paramref name="now"/>: a planned measure is in force once <c>effectiveFrom</c> has
    /// passed, and ends by itself at <c>effectiveUntil</c>.
    /// </summary>
    public static MeasureStatus StatusAt(MeasureNotice notice, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return notice.Status switch
        {
            MeasureStatus.Planned or MeasureStatus.InForce when notice.EffectiveUntil <= now => MeasureStatus.Lifted,
            MeasureStatus.Planned when notice.EffectiveFrom <= now => MeasureStatus.InForce,
            var stored => stored,
        };
    }

    /// <summary>A measure can be updated while it is planned or in force.</summary>
    public static bool CanUpdate(MeasureStatus status) => status is MeasureStatus.Planned or MeasureStatus.InForce;

    /// <summary>A measure can be cancelled only before it takes effect; after that it is lifted.</summary>
    public static bool CanCancel(MeasureStatus status) => status is MeasureStatus.Planned;

    /// <summary>A measure can be lifted only while it is in force.</summary>
    public static bool CanLift(MeasureStatus status) => status is MeasureStatus.InForce;
}
