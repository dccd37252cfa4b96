namespace BalkanHub.Contracts;

/// <summary>
/// A contact point accepted a version of its country's daily report. Version 1 is the first report for
/// the day; every later version is a correction that supersedes the earlier ones, which stay readable.
/// </summary>
/// <remarks>
/// The business identity is (country, report date, version). The version is assigned once, by the
/// contact point, when it accepts the report, so a re-sent message is recognised as the same item.
/// </remarks>
public sealed record DailyReportSubmitted
{
    /// <summary>Identifies the report for the country and day across all its versions.</summary>
    public required Guid ReportId { get; init; }

    /// <summary>1 for the first report of the day, then 2, 3… for corrections.</summary>
    public required int Version { get; init; }

    /// <summary>When the contact point accepted this version.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>The figures.</summary>
    public required DailyFlowReport Report { get; init; }

    /// <summary>The originating contact point's signature over this message; see <see cref="Contracts.Signature"/>.</summary>
    public Signature? Signature { get; init; }
}
