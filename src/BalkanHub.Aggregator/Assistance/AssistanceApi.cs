using System.Security.Claims;
using System.Text.Json;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Assistance;
using Microsoft.AspNetCore.Http.HttpResults;
using BalkanHub.Domain.Validation;

namespace BalkanHub.Aggregator.Assistance;

/// <summary>Needs analyses and assistance requests with their offers and coverage, for the Commission and the requesting country.</summary>
public static class AssistanceApi
{
    /// <summary>Maps <c>/api/assistance</c>.</summary>
    public static RouteGroupBuilder MapAssistanceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/assistance").WithTags("Assistance").RequireAuthorization(AggregatorPolicies.Participant);
        group.MapGet("/needs", NeedsAsync).WithSummary("Needs analyses with their 24-hour clock: the Commission's, or a country's own");
        group.MapGet("/requests", RequestsAsync).WithSummary("Assistance requests with offers and coverage per item: the Commission's, or a country's own")
            .WithDescription("Oldest first; filter by status (open, closed, withdrawn, lapsed). Coverage gives, per item, what was requested, offered, accepted and delivered, and the shares.");
        group.MapGet("/requests/{id:guid}", RequestAsync).WithSummary("One request with its offers and coverage")
            .WithDescription("404 when there is no such request, or it is another country's.");
        return group;
    }

    /// <summary>The Commission and agencies see every request; a country its own.</summary>
    static string? Scope(ClaimsPrincipal user) => user.ReadsEverything() ? null : user.Country();

    static async Task<Ok<List<NeedsView>>> NeedsAsync(AggregatorDb db, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var scope = Scope(user);
        var now = clock.GetUtcNow();
        var rows = await db.NeedsAnalyses.AsNoTracking().Where(n => scope == null || n.Country == scope).OrderBy(n => n.OpenedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(n => new NeedsView(n.NeedsAnalysisId, n.Country, EnumNames.NameOf(n.Status), n.OpenedAt, n.DueAt, n.Status == NeedsAnalysisStatus.Open && n.DueAt <= now, n.RequestId,
            JsonSerializer.Deserialize<NeedsAnalysisOpened>(n.Payload, JsonSerializerOptions.Web)!, n.Exercise)).ToList());
    }

    static async Task<Ok<List<RequestView>>> RequestsAsync(AggregatorDb db, ClaimsPrincipal user, RequestStatus? status, CancellationToken cancellationToken)
    {
        var scope = Scope(user);
        var requests = await db.AssistanceRequests.AsNoTracking()
            .Where(r => (scope == null || r.Country == scope) && (status == null || r.Status == status))
            .OrderBy(r => r.RequestedAt).ToListAsync(cancellationToken);
        var ids = requests.Select(r => r.RequestId).ToList();
        var offers = (await db.AssistanceOffers.AsNoTracking().Where(o => ids.Contains(o.RequestId)).ToListAsync(cancellationToken)).ToLookup(o => o.RequestId);
        return TypedResults.Ok(requests.Select(r => View(r, offers[r.RequestId])).ToList());
    }

    static async Task<Results<Ok<RequestView>, NotFound>> RequestAsync(Guid id, AggregatorDb db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var scope = Scope(user);
        var request = await db.AssistanceRequests.AsNoTracking().FirstOrDefaultAsync(r => r.RequestId == id && (scope == null || r.Country == scope), cancellationToken);
        if (request is null)
            return TypedResults.NotFound();
        var offers = await db.AssistanceOffers.AsNoTracking().Where(o => o.RequestId == id).ToListAsync(cancellationToken);
        return TypedResults.Ok(View(request, offers));
    }

    static RequestView View(StoredRequest request, IEnumerable<StoredOffer> offers)
    {
        var items = AssistanceIntake.Items(request.Items);
        var views = offers.OrderBy(o => o.OfferedAt)
            .Select(o => new OfferView(o.OfferId, o.Offerer, o.Status, AssistanceIntake.Items(o.Items), o.OfferedAt, o.ChangedAt, o.DeliveredAt, o.Exercise)).ToList();
        return new RequestView(request.RequestId, request.Country, request.Title, request.Status, request.RequestedAt, request.LastChangeAt, request.ClosedAt,
            request.NeedsAnalysisId, items, AssistanceRules.Coverage(items, views.Select(v => (v.Status, v.Items))), views, request.Exercise);
    }
}
