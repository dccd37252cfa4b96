namespace BalkanHub.Api.Contracts;

/// <summary>A parked (or discarded) outbox row as operators see it at <c>/api/admin/outbox</c> (both programs); the body is shown as stored.</summary>
public sealed record ParkedRowView(
    long Id, Guid MessageId, string Stream, string? Destination, string MessageType, string Body, DateTimeOffset CreatedAt,
    DateTimeOffset? ParkedAt, string? Reason, string Status, string? Resolution);

/// <summary>A page of parked rows.</summary>
public sealed record ParkedRowPage(IReadOnlyList<ParkedRowView> Items, long Next);
