using BalkanHub.Api.Contracts.Aggregator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BalkanHub.Aggregator.Audit;

/// <summary>The audit trail, for the Commission, and the recording of HTTP actions at the aggregator.</summary>
public static class AuditApi
{
    /// <summary>Maps <c>/api/audit</c>.</summary>
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/", ListAsync)
            .WithSummary("The append-only audit trail: who did what, when, from where, with what outcome")
            .WithDescription("Filter by actor, actor country or action; page with after and limit.");
        group.MapGet("/verification", async (AuditTrail trail, CancellationToken ct) => TypedResults.Ok(await trail.VerifyAsync(ct)))
            .WithSummary("Recomputes the hash chain and says whether any entry was removed or altered");
        return group;
    }

    static async Task<Results<Ok<AuditPage>, ValidationProblem>> ListAsync(
        AggregatorDb db, long? after, int? limit, string? actor, string? actorCountry, string? action, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        var query = db.AuditEntries.AsNoTracking().Where(a => a.Sequence > (after ?? 0));
        if (actor is not null)
            query = query.Where(a => a.Actor == actor);
        if (actorCountry is not null)
            query = query.Where(a => a.ActorCountry == actorCountry);
        if (action is not null)
            query = query.Where(a => a.Action.StartsWith(action));
        var items = await query.OrderBy(a => a.Sequence).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(new AuditPage(items.ConvertAll(View), items.Count > 0 ? items[^1].Sequence : after ?? 0));
    }

    /// <summary>The stored entry on the wire, field for field (the JSON is the entity's, as it was before the shared record).</summary>
    public static AuditEntry View(StoredAuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Sequence, e.At, e.RecordedBy, e.Actor, e.ActorCountry, e.Role, e.Action, e.Target, e.Origin, e.Outcome, e.Details, e.PreviousHash, e.Hash);
    }

    /// <summary>
    /// Records the aggregator's own HTTP actions (see <see cref="HttpAudit"/>). Placed between
    /// authentication and authorization, so it sees who asked and every refusal.
    /// </summary>
    public static IApplicationBuilder UseHttpAudit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (!HttpAudit.ShouldRecord(context))
            return;
        var action = HttpAudit.Describe(context);
        await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().AppendNowAsync(new AuditRecord(
            AuditTrail.Aggregator, action.Actor, action.ActorCountry, action.Role, action.Action, action.Target,
            action.Origin, action.Outcome, null, clock.GetUtcNow()), CancellationToken.None);
    });
}
