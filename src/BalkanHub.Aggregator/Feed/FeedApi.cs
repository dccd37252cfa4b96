using BalkanHub.Aggregator.Data;
using BalkanHub.Domain.Measures;
using Microsoft.Extensions.Options;
using BalkanHub.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BalkanHub.Aggregator.Feed;

/// <summary>The Commission's consolidated feed.</summary>
public static class FeedApi
{
    /// <summary>A page of the feed; <paramref name="Next"/> is the last sequence returned, or <c>after</c> when none.</summary>
    public sealed record FeedPage(IReadOnlyList<FeedEntry> Items, long Next);

    /// <summary>Maps <c>/api/feed</c>.</summary>
    public static RouteGroupBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/feed").WithTags("Feed").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/", ListAsync)
            .WithSummary("Everything the hub relayed, in arrival order")
            .WithDescription("Pass the last sequence seen as 'after' to catch up; 'next' is the value to pass next time. 'planPoint' keeps the items that serve that point of the leaders' statement.");
        return group;
    }

    static async Task<Results<Ok<FeedPage>, ValidationProblem>> ListAsync(AggregatorDb db, IOptions<MeasureOptions> measures, long? after, int? limit, int? planPoint,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        if (after < 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = ["must not be negative."] });
        var entries = await FeedQueries.AfterAsync(db, measures.Value, after ?? 0, take, cancellationToken, planPoint);
        return TypedResults.Ok(new FeedPage(entries, entries.Count > 0 ? entries[^1].Sequence : after ?? 0));
    }
}
