using BalkanHub.Messaging.Relay;

namespace BalkanHub.ContactPoint.Inbox;

/// <summary>Items relayed to this country, in sequence order, and their acknowledgement.</summary>
public static class InboxApi
{
    /// <summary>Maps <c>/api/inbox</c>.</summary>
    public static RouteGroupBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/inbox").WithTags("Inbox").RequireAuthorization(ContactPointPolicies.Reader);
        group.MapGet("/", ListAsync)
            .WithSummary("Lists items relayed to this country after a sequence number")
            .WithDescription("Items appear in gap-free sequence order. Pass the last sequence seen as 'after' to catch up; 'next' is the value to pass next time. "
                + "Filters, each optional and all applied: 'kind' (dailyReport, measure, acknowledgement, alert, assistance), 'source' (a participant, or HUB), "
                + "'unacknowledged' (true: items still awaiting this country's acknowledgement), 'from' and 'to' (UTC days of relayedAt, YYYY-MM-DD) and 'q' (text in the item's key or payload). "
                + "An unknown value is a 400.");
        group.MapGet("/{seq:long}", GetAsync).WithSummary("Reads one relayed item");
        group.MapPost("/{seq:long}/ack", AcknowledgeAsync)
            .RequireAuthorization(ContactPointPolicies.Officer)
            .WithSummary("Acknowledges a relayed item")
            .WithDescription("The acknowledgement is sent to the aggregator, which tells the sender and the Commission. Acknowledging twice changes nothing.");
        return group;
    }

    static async Task<Results<Ok<InboxPage>, ValidationProblem>> ListAsync(ContactPointDb db, RouteMap route, long? after, int? limit,
        string? kind, string? source, string? unacknowledged, string? from, string? to, string? q, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        var filters = new ItemFilters();
        var filter = new InboxFilter(filters.Kind(kind), filters.Source(source, route), filters.Flag(unacknowledged, nameof(unacknowledged)),
            filters.Day(from, nameof(from)), filters.Day(to, nameof(to)), filters.Text(q));
        filters.Range(filter.From, filter.To);
        var errors = filters.Errors.ToDictionary();
        if (after < 0)
            errors["after"] = ["must not be negative."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var items = await InboxStore.AfterAsync(db, after ?? 0, take, cancellationToken, filter);
        return TypedResults.Ok(new InboxPage(items, items.Count > 0 ? items[^1].Sequence : after ?? 0));
    }

    static async Task<Results<Ok<InboxItemView>, NotFound>> GetAsync(long seq, ContactPointDb db, CancellationToken cancellationToken)
    {
        var watermark = await InboxStore.WatermarkAsync(db, cancellationToken);
        var item = await db.Inbox.AsNoTracking().FirstOrDefaultAsync(i => i.Sequence == seq && i.Sequence <= watermark, cancellationToken);
        return item is null ? TypedResults.NotFound() : TypedResults.Ok(InboxItemView.From(item));
    }

    static async Task<Results<Ok<Acknowledgement>, NotFound>> AcknowledgeAsync(
        long seq, ContactPointDb db, TimeProvider clock, IOptions<ContactPointOptions> options, OriginSigner signer, CancellationToken cancellationToken)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var watermark = await InboxStore.WatermarkAsync(db, cancellationToken);
        var item = await db.Inbox.FirstOrDefaultAsync(i => i.Sequence == seq && i.Sequence <= watermark, cancellationToken);
        if (item is null)
            return TypedResults.NotFound();
        if (item.AcknowledgedAt is null)
        {
            var now = clock.GetUtcNow();
            item.AcknowledgedAt = now;
            db.Publish(signer.Sign(new RelayAcknowledged
            {
                Country = options.Value.Country,
                Sequence = item.Sequence,
                ItemKey = item.ItemKey,
                AcknowledgedAt = now,
            }), stream: options.Value.Country, now);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        return TypedResults.Ok(new Acknowledgement(item.Sequence, item.ItemKey, item.AcknowledgedAt.Value));
    }
}
