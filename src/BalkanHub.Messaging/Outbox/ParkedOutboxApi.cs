using System.Security.Claims;
using BalkanHub.Api.Contracts;
using BalkanHub.ServiceDefaults.Http;
using BalkanHub.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace BalkanHub.Messaging.Outbox;

/// <summary>
/// Operators list the outbox rows the dispatcher parked because they no longer read, replay one once
/// its cause is fixed (a type restored by a deployment, a body repaired), or discard it with a reason,
/// as they do with dead letters. Both programs serve it at <c>/api/admin/outbox</c>.
/// </summary>
public static class ParkedOutboxApi
{
    /// <summary>Why a row is discarded.</summary>
    public sealed record Discard(string? Reason);

    /// <summary>Waiting for an operator.</summary>
    public const string Parked = "parked";

    /// <summary>Set aside for good, with a reason.</summary>
    public const string Discarded = "discarded";

    /// <summary>Maps the group, for operators as <paramref name="policy"/> defines them, on the service's <see cref="IOutboxDbContext"/>.</summary>
    public static RouteGroupBuilder MapParkedOutboxApi(this IEndpointRouteBuilder app, string policy)
    {
        var group = app.MapGroup("/api/admin/outbox").WithTags("Operations").RequireAuthorization(policy);
        group.MapGet("/", ListAsync).WithSummary("Lists outbox rows parked because they no longer read")
            .WithDescription("status is parked (the default) or discarded; page with limit and after (the `next` of the previous page).");
        group.MapPost("/{id:long}/replay", ReplayAsync)
            .WithSummary("Gives a parked row back to the dispatcher, after its cause was fixed")
            .WithDescription("It keeps its message id, so receivers process it once. A row that still does not read is parked again. 409 when it is not parked.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/discard", DiscardAsync).WithSummary("Sets a parked row aside for good, with a reason")
            .WithDescription("The reason is required and kept with the row. 409 when it is not parked.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    static async Task<Results<Ok<ParkedRowPage>, ValidationProblem>> ListAsync(
        IOutboxDbContext db, string? status, long? after, int? limit, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        if (status is not (null or Parked or Discarded))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"must be {Parked} or {Discarded}."] });
        var query = db.OutboxMessages.AsNoTracking().Where(m => m.ParkedAt != null && m.Id > (after ?? 0));
        query = status == Discarded ? query.Where(m => m.Resolution != null) : query.Where(m => m.Resolution == null);
        var rows = await query.OrderBy(m => m.Id).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ParkedRowPage(rows.ConvertAll(View), rows.Count > 0 ? rows[^1].Id : after ?? 0));
    }

    static async Task<Results<Ok<ParkedRowView>, NotFound, ProblemHttpResult>> ReplayAsync(
        long id, IOutboxDbContext db, OutboxSignal signal, CancellationToken cancellationToken)
    {
        var row = await db.OutboxMessages.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (row is null)
            return TypedResults.NotFound();
        if (row.ParkedAt is null || row.Resolution is not null)
            return TypedResults.Problem(detail: "Only a parked row can be replayed.", statusCode: StatusCodes.Status409Conflict, title: "Not parked");
        row.ParkedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return TypedResults.Ok(View(row));
    }

    static async Task<Results<Ok<ParkedRowView>, NotFound, ValidationProblem, ProblemHttpResult>> DiscardAsync(
        long id, Discard body, ClaimsPrincipal user, IOutboxDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.Reason) || body.Reason.Length > 2000)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["is required (at most 2000 characters): say why the row is set aside."] });
        var row = await db.OutboxMessages.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (row is null)
            return TypedResults.NotFound();
        if (row.ParkedAt is null || row.Resolution is not null)
            return TypedResults.Problem(detail: "Only a parked row can be discarded.", statusCode: StatusCodes.Status409Conflict, title: "Not parked");
        row.Resolution = $"discarded by {user.Subject()} at {clock.GetUtcNow():O}: {body.Reason}";
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(row));
    }

    static ParkedRowView View(OutboxMessage row) => new(
        row.Id, row.MessageId, row.Stream, row.Destination, row.MessageType, row.Body, row.CreatedAt, row.ParkedAt, row.LastError,
        row.Resolution is not null ? Discarded : row.ParkedAt is not null ? Parked : "waiting", row.Resolution);
}
