namespace BalkanHub.Contracts;

/// <summary>A country announced a new measure (revision 1).</summary>
public sealed record MeasureAnnounced
{
    /// <summary>The notice as announced.</summary>
    public required MeasureNotice Measure { get; init; }

    /// <summary>The originating contact point's signature over this message; see <see cref="Contracts.Signature"/>.</summary>
    public Signature? Signature { get; init; }
}

/// <summary>A country changed a planned or in-force measure.</summary>
public sealed record MeasureUpdated
{
    /// <summary>The whole notice after the change.</summary>
    public required MeasureNotice Measure { get; init; }

    /// <summary>Why it changed, in the officer's words.</summary>
    public string? Reason { get; init; }

    /// <summary>The originating contact point's signature over this message; see <see cref="Contracts.Signature"/>.</summary>
    public Signature? Signature { get; init; }
}

/// <summary>A planned measure took effect: its <c>effectiveFrom</c> passed. The contact point records it by itself.</summary>
public sealed record MeasureTookEffect
{
    /// <summary>The notice with status <see cref="MeasureStatus.InForce"/>.</summary>
    public required MeasureNotice Measure { get; init; }

    /// <summary>The originating contact point's signature over this message; see <see cref="Contracts.Signature"/>.</summary>
    public Signature? Signature { get; init; }
}

/// <summary>A country withdrew a measure.</summary>
public sealed record MeasureCancelled
{
    /// <summary>The notice with status <see cref="MeasureStatus.Cancelled"/>.</summary>
    public required MeasureNotice Measure { get; init; }

    /// <summary>Why it was withdrawn, in the officer's words.</summary>
    public string? Reason { get; init; }

    /// <summary>The originating contact point's signature over this message; see <see cref="Contracts.Signature"/>.</summary>
    public Signature? Signature { get; init; }
}

/// <summary>A country ended a measure that was in force.</summary>
public sealed record MeasureLifted
{
    /// <summary>The notice with status <see cref="MeasureStatus.Lifted"/>.</summary>
    public required MeasureNotice Measure { get; init; }

    /// <summary>
    /// When the measure stopped being in force, stamped by the contact point: the moment an officer lifted it,
    /// or its <c>effectiveUntil</c> when it ended by itself. The day's picture keeps it in force until then.
    /// Absent in messages from contact points older than this field.
    /// </summary>
    public DateTimeOffset? LiftedAt { get; init; }

    /// <summary>Why it ended, in the officer's words.</summary>
    public string? Reason { get; init; }

    /// <summary>The originating contact point's signature over this message; see <see cref="Contracts.Signature"/>.</summary>
    public Signature? Signature { get; init; }
}
