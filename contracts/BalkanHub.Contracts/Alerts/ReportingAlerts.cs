namespace BalkanHub.Contracts;

/// <summary>The hub found a country's daily report missing after its deadline. Sent to the Commission's feed.</summary>
public sealed record ReportMissing
{
    /// <summary>The country that has not reported.</summary>
    public required string Country { get; init; }

    /// <summary>The day without a report.</summary>
    public required DateOnly ReportDate { get; init; }

    /// <summary>When the report was due.</summary>
    public required DateTimeOffset DueAt { get; init; }
}

/// <summary>
/// A country's daily report is not in yet and its deadline is near: the hub reminds that country once per day,
/// a configured time before the deadline (<c>Picture:ReminderBeforeDeadline</c>, default two hours), so the
/// report can still come in time. Sent to the country and the Commission's feed.
/// </summary>
public sealed record ReportReminderIssued
{
    /// <summary>The country whose report is not in yet.</summary>
    public required string Country { get; init; }

    /// <summary>The day the report is for.</summary>
    public required DateOnly ReportDate { get; init; }

    /// <summary>When the report is due.</summary>
    public required DateTimeOffset DueAt { get; init; }
}

/// <summary>
/// Two neighbours' figures for the same crossings on the same day disagree by more than the agreed
/// threshold. Sent to both countries and the Commission, with the figures, so each side can check its count.
/// </summary>
public sealed record ReconciliationGapFound
{
    /// <summary>The country people left.</summary>
    public required string From { get; init; }

    /// <summary>The country they entered.</summary>
    public required string To { get; init; }

    /// <summary>The day.</summary>
    public required DateOnly ReportDate { get; init; }

    /// <summary>Departures toward <see cref="To"/>, as <see cref="From"/> reported them.</summary>
    public required int DeparturesReported { get; init; }

    /// <summary>Arrivals from <see cref="From"/>, as <see cref="To"/> reported them.</summary>
    public required int ArrivalsReported { get; init; }

    /// <summary>Departures minus arrivals: positive when fewer arrived than left.</summary>
    public required int Gap { get; init; }

    /// <summary>The gap as a percentage of the larger figure.</summary>
    public required double GapPercent { get; init; }

    /// <summary>The crossing points on the border between the two.</summary>
    public required IReadOnlyList<string> CrossingPoints { get; init; }

    /// <summary>The report versions compared, as item keys.</summary>
    public required IReadOnlyList<string> Reports { get; init; }

    /// <summary>The rule applied, in words.</summary>
    public required string Method { get; init; }

    /// <summary>The reports compared are exercise reports: this gap is practice, and counts nowhere.</summary>
    public bool Exercise { get; init; }
}

/// <summary>
/// A border's two counts for a day that disagreed now agree within the threshold, after a correction.
/// Sent to the two countries and the Commission that were told of the gap.
/// </summary>
public sealed record ReconciliationGapResolved
{
    /// <summary>The country people left.</summary>
    public required string From { get; init; }

    /// <summary>The country they entered.</summary>
    public required string To { get; init; }

    /// <summary>The day.</summary>
    public required DateOnly ReportDate { get; init; }

    /// <summary>Departures toward <see cref="To"/>, as <see cref="From"/> reports them now.</summary>
    public required int DeparturesReported { get; init; }

    /// <summary>Arrivals from <see cref="From"/>, as <see cref="To"/> reports them now.</summary>
    public required int ArrivalsReported { get; init; }

    /// <summary>The gap alert this resolves, as an item key.</summary>
    public required string Resolves { get; init; }

    /// <summary>The report versions compared now, as item keys.</summary>
    public required IReadOnlyList<string> Reports { get; init; }

    /// <summary>The reports compared are exercise reports.</summary>
    public bool Exercise { get; init; }
}
