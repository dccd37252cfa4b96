using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Measures;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;

namespace BalkanHub.Aggregator.Feed;

/// <summary>
/// One item by its key, for any participant it concerns: the Commission and the agencies read every
/// item; a country reads the items it sent and those relayed to it. Anything else is answered 404, the
/// same as an item that does not exist, so a neighbour cannot even learn that it exists.
/// </summary>
public static class ItemsApi
{
    /// <summary>Maps <c>/api/items/{itemKey}</c>.</summary>
    public static RouteGroupBuilder MapItemsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/items").WithTags("Feed").RequireAuthorization(AggregatorPolicies.Participant);
        group.MapGet("/{itemKey}", GetAsync).WithSummary("Reads one item the caller sent or received")
            .WithDescription("By its item key, such as `report:MK:2015-11-20:v1` or `measure:{id}:r2`. The Commission and agencies read any item; a country only those it sent or was relayed, and gets 404 for the others, as if they did not exist.");
        return group;
    }

    static async Task<Results<Ok<FeedEntry>, NotFound>> GetAsync(
        string itemKey, ClaimsPrincipal user, AggregatorDb db, IOptions<MeasureOptions> measures, CancellationToken cancellationToken)
    {
        var feed = await db.Relays.AsNoTracking().Include(r => r.Item)
            .FirstOrDefaultAsync(r => r.Recipient == RelayRecipients.Feed && r.Item.ItemKey == itemKey, cancellationToken);
        if (feed is null)
            return TypedResults.NotFound();
        var country = user.Country();
        var visible = user.ReadsEverything() || user.IsInRole(HubRoles.Operator)
            || feed.Item.Source == country
            || await db.Relays.AnyAsync(r => r.ItemId == feed.ItemId && r.Recipient == country, cancellationToken);
        if (!visible)
            return TypedResults.NotFound();
        var entry = (await FeedQueries.ToEntriesAsync(db, measures.Value, [feed], cancellationToken))[0];
        // Who received an item, and who acknowledged it, is for its sender and for those who read everything.
        return TypedResults.Ok(user.ReadsEverything() || feed.Item.Source == country ? entry : entry with { Recipients = [] });
    }
}
