using System.Text.Json;
using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>A parked message as operators see it.</summary>
public sealed record DeadLetterView(
    long Id, string Queue, string? MessageId, string? MessageType, string Reason, string? ExceptionType, int? Retries,
    JsonElement Headers, string Body, DateTimeOffset ParkedAt, string Status, DateTimeOffset? ResolvedAt, string? ResolvedBy, string? Resolution);

/// <summary>A page of dead letters.</summary>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetterView> Items, long Next);

/// <summary>Why a dead letter is discarded.</summary>
public sealed record Discard(string? Reason);
