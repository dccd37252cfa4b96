using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>An acknowledgement not given by its deadline.</summary>
public sealed record OverdueAcknowledgement(string Country, string ItemKey, string Sender, long Sequence, DateTimeOffset RelayedAt, DateTimeOffset DueAt, DateTimeOffset? EscalatedAt);

/// <summary>A day's report that is overdue and still has not come.</summary>
public sealed record MissingReportView(string Country, DateOnly ReportDate, DateTimeOffset DueAt, DateTimeOffset AlertedAt);

/// <summary>One country's report for one day: <c>onTime</c>, <c>late</c>, <c>missing</c>, or <c>notDue</c> yet.</summary>
public sealed record Punctuality(string Country, DateOnly ReportDate, string Status, DateTimeOffset DueAt, DateTimeOffset? SubmittedAt);

/// <summary>A country's punctuality over the period.</summary>
public sealed record PunctualitySummary(string Country, int OnTime, int Late, int Missing);

/// <summary>The state of compliance now, and the punctuality history over <c>from</c>–<c>to</c>.</summary>
public sealed record ComplianceView(
    DateTimeOffset AsOf, DateOnly From, DateOnly To,
    IReadOnlyList<MissingReportView> MissingReports,
    IReadOnlyList<OverdueAcknowledgement> OverdueAcknowledgements,
    IReadOnlyList<PunctualitySummary> PunctualityByCountry,
    IReadOnlyList<Punctuality> Punctuality);
