using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.ContactPoint;

/// <summary>
/// What a 202 says: the report's id and the version just accepted, and the figures that were accepted
/// but look wrong, for the officer to look at again.
/// </summary>
public sealed record ReportAccepted(Guid ReportId, int Version, DateOnly ReportDate, DateTimeOffset SubmittedAt,
    IReadOnlyList<PlausibilityWarning>? Warnings = null);

/// <summary>A report version on the wire: the figures plus where the version stands.</summary>
public sealed record ReportView(Guid ReportId, int Version, bool IsLatest, DateTimeOffset SubmittedAt, DailyFlowReport Report);

/// <summary>The day pages open on, and how it was found.</summary>
/// <param name="Date">The day, or null when no report is held.</param>
/// <param name="Countries">The countries counted: this one and its neighbours on the route.</param>
/// <param name="Needed">How many of them must have reported a day for it to be chosen.</param>
/// <param name="Reported">How many of them reported the day chosen.</param>
public sealed record DefaultDayView(DateOnly? Date, IReadOnlyList<string> Countries, int Needed, int Reported);
