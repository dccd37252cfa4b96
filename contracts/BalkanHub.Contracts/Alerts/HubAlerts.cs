namespace BalkanHub.Contracts;

/// <summary>
/// A recipient has not acknowledged a measure within the agreed time. The Commission is told, the
/// recipient is reminded, and the country that announced the measure learns that this neighbour has not
/// acknowledged it.
/// </summary>
public sealed record AcknowledgementOverdue
{
    /// <summary>The country that has not acknowledged.</summary>
    public required string Country { get; init; }

    /// <summary>The measure revision waiting for its acknowledgement.</summary>
    public required string ItemKey { get; init; }

    /// <summary>The recipient's sequence number for it.</summary>
    public required long Sequence { get; init; }

    /// <summary>The country that announced the measure.</summary>
    public required string Sender { get; init; }

    /// <summary>When it was relayed.</summary>
    public required DateTimeOffset RelayedAt { get; init; }

    /// <summary>When the acknowledgement was due.</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>The late item was exercise traffic: this reminder is practice too, and counts in no compliance figure.</summary>
    public bool Exercise { get; init; }
}

/// <summary>
/// A cap or closure on the border between two countries will hold people back on the other side. The
/// hub estimates the daily backlog from that side's own recent figures and shows its working, so an
/// officer can check it.
/// </summary>
public sealed record ChainReactionEstimate
{
    /// <summary>The measure revision that causes it.</summary>
    public required string MeasureItemKey { get; init; }

    /// <summary>The country taking the measure (A).</summary>
    public required string AnnouncingCountry { get; init; }

    /// <summary>The country where people will be held back (B).</summary>
    public required string AffectedCountry { get; init; }

    /// <summary>The daily cap, or 0 for a closure.</summary>
    public required int DailyCap { get; init; }

    /// <summary>B's reported departures toward A on each of the recent days used.</summary>
    public required IReadOnlyList<DailyFigure> Inputs { get; init; }

    /// <summary>The average of <see cref="Inputs"/>.</summary>
    public required double AverageDeparturesPerDay { get; init; }

    /// <summary>The estimated daily backlog at B: the average departures toward A minus the cap, at least 0.</summary>
    public required int ProjectedBacklogPerDay { get; init; }

    /// <summary>B's upstream neighbours: those it reported arrivals from on the same days. The backlog comes back to them.</summary>
    public required IReadOnlyList<string> Upstream { get; init; }

    /// <summary>How the estimate was made, in words.</summary>
    public required string Method { get; init; }
}

/// <summary>One day's figure from a report.</summary>
public sealed record DailyFigure
{
    /// <summary>The report's day.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The figure.</summary>
    public required int Value { get; init; }
}

/// <summary>
/// Sent to the upstream neighbours of a country about to be held back by a cap or closure: the backlog
/// will come back to them.
/// </summary>
public sealed record ChainReactionWarning
{
    /// <summary>The upstream neighbour warned.</summary>
    public required string Country { get; init; }

    /// <summary>The estimate, with its inputs and method.</summary>
    public required ChainReactionEstimate Estimate { get; init; }

    /// <summary>The measure behind it is exercise traffic: so is this warning, which must not be acted on as real.</summary>
    public bool Exercise { get; init; }
}

/// <summary>
/// A chain-reaction estimate a country was given no longer holds: the measure behind it was cancelled or
/// lifted, or changed so that it no longer lands where it did. Sent to every country that was warned, and
/// to the feed, so nobody keeps preparing for a backlog that will not come.
/// </summary>
public sealed record ChainReactionWithdrawn
{
    /// <summary>The country told: the country the backlog was expected in, or one of its upstream neighbours.</summary>
    public required string Country { get; init; }

    /// <summary>The measure revision that withdrew the estimate (the cancellation, the lift or the change).</summary>
    public required string MeasureItemKey { get; init; }

    /// <summary>The measure revision whose estimate is withdrawn.</summary>
    public required string WithdrawnItemKey { get; init; }

    /// <summary>The country taking the measure (A).</summary>
    public required string AnnouncingCountry { get; init; }

    /// <summary>The country where people were expected to be held back (B).</summary>
    public required string AffectedCountry { get; init; }

    /// <summary>The daily backlog at B that was estimated, and no longer applies.</summary>
    public required int WithdrawnBacklogPerDay { get; init; }

    /// <summary>Why, in words: the measure was cancelled, lifted, or no longer covers B's border.</summary>
    public required string Reason { get; init; }

    /// <summary>The measure behind it is exercise traffic.</summary>
    public bool Exercise { get; init; }
}
