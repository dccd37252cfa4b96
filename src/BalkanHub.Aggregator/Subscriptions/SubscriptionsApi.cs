using System.Security.Claims;
using BalkanHub.Aggregator.Audit;
using BalkanHub.Api.Contracts;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Validation;
using BalkanHub.Messaging.Relay;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BalkanHub.Aggregator.Subscriptions;

/// <summary>
/// Who receives what beyond the neighbours: a country's officer takes the items it needs from farther along
/// the route (Germany, Austria's and Slovenia's reports), the Commission sets them for anyone. A change
/// applies to the next item relayed, on every replica, with no restart; a neighbour's items cannot be
/// given up, because the agreement obliges the countries to receive them.
/// </summary>
public static class SubscriptionsApi
{
    /// <summary>The most history a new subscription may ask for.</summary>
    public const int MaxHistoryDays = 30;

    /// <summary>Maps <c>/api/subscriptions</c>.</summary>
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/subscriptions").WithTags("Subscriptions").RequireAuthorization(AggregatorPolicies.Participant);
        group.MapGet("/", ListAsync)
            .WithSummary("What the caller's participant receives: the neighbours' items the agreement obliges, and its subscriptions")
            .WithDescription("The Commission and the agencies see every participant's; 'subscriber' keeps one participant's.");
        group.MapPost("/", CreateAsync)
            .WithSummary("Subscribes a participant to a source's reports or measures")
            .WithDescription("An officer subscribes its own country; the Commission any participant (name it in 'subscriber'). Takes effect for the next item. "
                + "'historyDays' relays that many past days of the source's items now, in the order they first arrived. "
                + "200 when the subscription exists already; 409 for a neighbour's items, which are relayed whatever is subscribed.");
        group.MapDelete("/", RemoveAsync)
            .WithSummary("Ends a subscription, named by 'source' and 'kind' (and 'subscriber', for the Commission)")
            .WithDescription("409 for a neighbour's items: the agreement obliges a country to receive them. 404 when there is no such subscription.");
        return app;
    }

    static async Task<Results<Ok<List<SubscriptionView>>, ValidationProblem>> ListAsync(AggregatorDb db, RouteMap route, RelayRecipients recipients,
        ClaimsPrincipal user, string? subscriber, CancellationToken cancellationToken)
    {
        var everyone = user.ReadsEverything();
        var filters = new ItemFilters();
        var asked = filters.Source(subscriber, route, nameof(subscriber));
        if (filters.Errors.Count > 0)
            return TypedResults.ValidationProblem(filters.Errors.ToDictionary());
        // A country reads its own, whatever it asks for; the Commission all, or the one it names.
        var whose = everyone ? asked : user.Country();
        var stored = await db.Subscriptions.AsNoTracking().Where(s => s.RemovedAt == null && (whose == null || s.Subscriber == whose)).ToListAsync(cancellationToken);
        var obligatory = recipients.ContactPoints.Where(p => whose is null || p == whose)
            .SelectMany(p => route.NeighboursOf(p).Where(n => route.Find(n) is { RunsContactPoint: true })
                .SelectMany(n => StoredSubscription.Kinds.Select(kind => new SubscriptionView(null, p, n, kind, true, "agreement", null, null))));
        return TypedResults.Ok(obligatory.Concat(stored.Select(View))
            .OrderBy(s => s.Subscriber, StringComparer.Ordinal).ThenBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Kind).ToList());
    }

    static async Task<Results<Created<SubscriptionCreated>, Ok<SubscriptionCreated>, ValidationProblem, ForbidHttpResult, Conflict<ProblemDetails>>> CreateAsync(
        [FromBody] NewSubscription? request, AggregatorDb db, RouteMap route, RelayRecipients recipients, RelayWriter relays, AuditTrail audit,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var subscriber = SubscriberOf(user, request?.Subscriber, route, errors);
        var source = SourceOf(request?.Source, subscriber, route, errors);
        var kind = errors.Listed(request?.Kind, "kind");
        if (request?.Kind is { } given && Enum.IsDefined(given) && !StoredSubscription.Kinds.Contains(given))
            errors.Add("kind", "must be dailyReport or measure: the hub's alerts, acknowledgements and assistance go to those they concern.");
        if (request?.HistoryDays is < 0 or > MaxHistoryDays)
            errors.Add("historyDays", $"must be from 0 to {MaxHistoryDays}.");
        if (subscriber is null && errors.IsEmpty)
            return TypedResults.Forbid();
        if (!errors.IsEmpty)
            return TypedResults.ValidationProblem(errors.ToDictionary());
        if (recipients.Obliges(subscriber!, source!))
            return Obligatory(subscriber!, source!);

        var existing = await db.Subscriptions.AsNoTracking()
            .FirstOrDefaultAsync(s => s.RemovedAt == null && s.Subscriber == subscriber && s.Source == source && s.Kind == kind, cancellationToken);
        if (existing is not null)
            return TypedResults.Ok(new SubscriptionCreated(View(existing), 0));

        var now = clock.GetUtcNow();
        var subscription = new StoredSubscription
        {
            Id = Guid.CreateVersion7(now),
            Subscriber = subscriber!,
            Source = source!,
            Kind = kind,
            Origin = StoredSubscription.FromApi,
            CreatedAt = now,
            CreatedBy = user.Subject(),
        };
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Subscriptions.Add(subscription);
        var history = await HistoryAsync(db, relays, subscription, request!.HistoryDays ?? 0, now, cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditTrail.Aggregator, user.Subject(), user.Country(), null, "subscription.create", Target(subscription), null, "stored",
            $"{history} past item(s) relayed", now), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same subscription made by another request a moment earlier: the unique index kept that one,
            // and this request answers as if it had come second, which it did.
            await tx.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            var made = await db.Subscriptions.AsNoTracking()
                .FirstOrDefaultAsync(s => s.RemovedAt == null && s.Subscriber == subscriber && s.Source == source && s.Kind == kind, cancellationToken);
            if (made is null)
                throw;
            return TypedResults.Ok(new SubscriptionCreated(View(made), 0));
        }
        return TypedResults.Created($"/api/subscriptions?subscriber={subscriber}", new SubscriptionCreated(View(subscription), history));
    }

    static async Task<Results<NoContent, NotFound, ValidationProblem, ForbidHttpResult, Conflict<ProblemDetails>>> RemoveAsync(
        AggregatorDb db, RouteMap route, RelayRecipients recipients, AuditTrail audit, TimeProvider clock, ClaimsPrincipal user,
        string? source, string? kind, string? subscriber, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var filters = new ItemFilters();
        var who = SubscriberOf(user, subscriber, route, errors);
        var from = SourceOf(source, who, route, errors);
        var what = kind is null ? null : filters.Kind(kind);
        if (kind is null)
            errors.Add("kind", "is required: dailyReport or measure.");
        foreach (var (field, messages) in filters.Errors)
            errors.Add(field, string.Join(' ', messages));
        if (who is null && errors.IsEmpty)
            return TypedResults.Forbid();
        if (!errors.IsEmpty)
            return TypedResults.ValidationProblem(errors.ToDictionary());
        if (recipients.Obliges(who!, from!))
            return Obligatory(who!, from!);

        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.RemovedAt == null && s.Subscriber == who && s.Source == from && s.Kind == what, cancellationToken);
        if (subscription is null)
            return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        subscription.RemovedAt = now;
        subscription.RemovedBy = user.Subject();
        await audit.AppendAsync(new AuditRecord(AuditTrail.Aggregator, user.Subject(), user.Country(), null, "subscription.remove", Target(subscription), null, "removed", null, now),
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Whose subscription the caller manages: an officer its own country's (naming another is a 403, as is a
    /// viewer), the Commission the participant it names. Null, with no error added, when the caller may not.
    /// </summary>
    static string? SubscriberOf(ClaimsPrincipal user, string? named, RouteMap route, ValidationErrors errors)
    {
        if (user.IsInRole(HubRoles.Commission))
        {
            if (string.IsNullOrEmpty(named))
                errors.Add("subscriber", "is required when the Commission sets a subscription: name the participant that is to receive the items.");
            else if (route.Find(named) is not { RunsContactPoint: true })
                errors.Add("subscriber", $"'{named}' runs no contact point on the route '{route.Name}': there is nowhere to relay to.");
            return named;
        }
        if (!user.IsInRole(HubRoles.Officer))
            return null;
        var own = user.Country();
        return named is null || named == own ? own : null;
    }

    static string? SourceOf(string? source, string? subscriber, RouteMap route, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(source))
            errors.Add("source", $"is required: a participant's code, or {StoredSubscription.AnySource} for every participant.");
        else if (source != StoredSubscription.AnySource && route.Find(source) is not { RunsContactPoint: true })
            errors.Add("source", $"'{source}' sends no items on the route '{route.Name}'.");
        else if (source == subscriber)
            errors.Add("source", "is the subscriber itself: a participant's own items are its own.");
        return source;
    }

    static Conflict<ProblemDetails> Obligatory(string subscriber, string source) => TypedResults.Conflict(new ProblemDetails
    {
        Title = "A neighbour's items are relayed whatever is subscribed",
        Detail = $"{source} is {subscriber}'s neighbour: the agreement obliges {subscriber} to receive its reports and measures, so they cannot be subscribed to or given up.",
        Status = StatusCodes.Status409Conflict,
    });

    /// <summary>
    /// Relays the source's items of the last <paramref name="days"/> days that the subscriber did not receive,
    /// oldest first, each with the subscriber's next sequence number.
    /// </summary>
    static async Task<int> HistoryAsync(AggregatorDb db, RelayWriter relays, StoredSubscription subscription, int days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (days == 0)
            return 0;
        var since = now.AddDays(-days);
        var (subscriber, source) = (subscription.Subscriber, subscription.Source);
        var items = await db.Items
            .Where(i => i.Kind == subscription.Kind && i.ReceivedAt >= since && i.Source != subscriber && i.Source != StoredItem.HubSource
                && (source == StoredSubscription.AnySource || i.Source == source)
                && !db.Relays.Any(r => r.Recipient == subscriber && r.Item.Id == i.Id))
            .OrderBy(i => i.Id).ToListAsync(cancellationToken);
        foreach (var item in items)
            await relays.RelayStoredAsync(item, subscriber, now, cancellationToken);
        return items.Count;
    }

    static string Target(StoredSubscription s) => $"{s.Subscriber}<-{s.Source}:{EnumNames.NameOf(s.Kind)}";

    static SubscriptionView View(StoredSubscription s) => new(s.Id, s.Subscriber, s.Source, s.Kind, false, s.Origin, s.CreatedAt, s.CreatedBy);
}
