using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>A stored report version.</summary>
public sealed record ReportView(Guid ReportId, int Version, bool IsLatest, DateTimeOffset SubmittedAt, DateTimeOffset ReceivedAt, DailyFlowReport Report);
