using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>One record that progress was taken from.</summary>
public sealed record SourceRecord(string Kind, string Reference, int Value, DateTimeOffset? At);

/// <summary>A commitment as it stands.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Title">What was promised.</param>
/// <param name="Owner">Who answers for it.</param>
/// <param name="Target">How much.</param>
/// <param name="Unit">The unit of the target.</param>
/// <param name="Since">When it was promised: progress counts from here.</param>
/// <param name="Deadline">When it was due: only progress by then counts toward it.</param>
/// <param name="PlanPoint">The point of the leaders' statement it implements.</param>
/// <param name="Source">Where progress comes from.</param>
/// <param name="Progress">Progress made within the window, from the agreement to the deadline.</param>
/// <param name="SharePercent">Progress as a share of the target.</param>
/// <param name="Status">On track, at risk, met, met late or missed.</param>
/// <param name="Records">The records progress was taken from, those after the deadline marked so.</param>
/// <param name="ProgressIncludingLate">Progress including what came after the deadline; equal to <paramref name="Progress"/> while the window is open.</param>
/// <param name="ReachedAt">When the target was reached, if it was (after the deadline when <paramref name="Status"/> is met late).</param>
public sealed record CommitmentView(
    string Id, string Title, string Owner, int Target, string Unit, DateTimeOffset Since, DateTimeOffset Deadline, int? PlanPoint,
    ProgressSource Source, int Progress, int SharePercent, CommitmentStatus Status, IReadOnlyList<SourceRecord> Records,
    int ProgressIncludingLate = 0, DateTimeOffset? ReachedAt = null);

/// <summary>A progress report by the owner: the total reached so far.</summary>
public sealed record ProgressReport(int? Value, string? Note);
