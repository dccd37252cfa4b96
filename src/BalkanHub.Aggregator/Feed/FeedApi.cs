using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Measures;
using BalkanHub.Messaging.Relay;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BalkanHub.Aggregator.Feed;

/// <summary>The Commission's consolidated feed.</summary>
public static class FeedApi
{
    /// <summary>Maps <c>/api/feed</c>.</summary>
    public static RouteGroupBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/feed").WithTags("Feed").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/", ListAsync)
            .WithSummary("Everything the hub relayed, in arrival order")
            .WithDescription("Pass the last sequence seen as 'after' to catch up; 'next' is the value to pass next time. 'planPoint' keeps the items that serve that point of the leaders' statement; "
                + "'kind' (dailyReport, measure, acknowledgement, alert, assistance), 'source' (a participant, or HUB) and 'exercise' (true or false) keep what they name. An unknown value is a 400.");
        return group;
    }

    static async Task<Results<Ok<FeedPage>, ValidationProblem>> ListAsync(AggregatorDb db, IOptions<MeasureOptions> measures, RouteMap route, long? after, int? limit, int? planPoint,
        string? kind, string? source, string? exercise, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        var filters = new ItemFilters();
        var filter = new FeedFilter(filters.Kind(kind), filters.Source(source, route), filters.Flag(exercise, nameof(exercise)));
        var errors = filters.Errors.ToDictionary();
        if (after < 0)
            errors["after"] = ["must not be negative."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var entries = await FeedQueries.AfterAsync(db, measures.Value, after ?? 0, take, cancellationToken, planPoint, filter);
        return TypedResults.Ok(new FeedPage(entries, entries.Count > 0 ? entries[^1].Sequence : after ?? 0));
    }
}
