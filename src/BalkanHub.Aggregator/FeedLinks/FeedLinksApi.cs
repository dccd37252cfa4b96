using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using BalkanHub.Aggregator.Audit;
using BalkanHub.Aggregator.Measures;
using BalkanHub.Aggregator.Relay;
using BalkanHub.Api.Contracts;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Validation;
using BalkanHub.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BalkanHub.Aggregator.FeedLinks;

/// <summary>
/// Read-only feed links: a participant's officer makes one for a reader that cannot send a bearer token, and
/// the reader fetches the CAP-in-Atom feed of the measures relayed to that participant with the secret in the
/// address. The Commission's links serve the whole route, as its own feed does.
/// </summary>
public static class FeedLinksApi
{
    /// <summary>Bytes of randomness in a secret: 256 bits, written as 43 characters of base64url.</summary>
    const int SecretBytes = 32;

    /// <summary>Maps <c>/api/feed-links</c> (managed with a token) and <c>/feeds/links/{secret}/…</c> (read with the secret alone).</summary>
    public static IEndpointRouteBuilder MapFeedLinks(this IEndpointRouteBuilder app)
    {
        var manage = app.MapGroup("/api/feed-links").WithTags("Feed links").RequireAuthorization(AggregatorPolicies.Participant);
        manage.MapGet("/", ListAsync)
            .WithSummary("The feed links of the caller's participant (the Commission sees every participant's)")
            .WithDescription("Secrets are never listed: the hub keeps only their hash.");
        manage.MapPost("/", CreateAsync)
            .WithSummary("Makes a read-only feed link for the caller's participant")
            .WithDescription("An officer's (or the Commission's) action; a viewer gets 403. The answer holds the addresses with the secret, "
                + "shown this once. The link serves the CAP-in-Atom feed of the measures relayed to the participant, nothing relayed only to others.");
        manage.MapDelete("/{id:guid}", RevokeAsync)
            .WithSummary("Revokes a feed link of the caller's participant")
            .WithDescription("From then on its addresses answer 404. A link of another participant is 404 as well.");

        var read = app.MapGroup("/feeds/links/{secret}").WithTags("Standards").AllowAnonymous();
        read.MapGet("/measures.atom", AtomAsync)
            .WithSummary("The measures relayed to a feed link's participant, as an Atom feed of CAP 1.2 alerts")
            .WithDescription("For feed readers and alerting systems that cannot send a bearer token: the secret in the address is the credential. "
                + "Same entries, filters and paging as /feeds/measures.atom, limited to what was relayed to the participant. 404 for an unknown or revoked link. Every fetch is audited.")
            .ProducesText("application/atom+xml", "An Atom 1.0 feed; each entry carries a CAP 1.2 alert.", AggregatorOpenApi.AtomExample);
        read.MapGet("/measures/{id:guid}.cap", CapAsync)
            .WithSummary("One measure relayed to a feed link's participant, as a CAP 1.2 alert")
            .WithDescription("404 for an unknown or revoked link, or a measure not relayed to the participant.")
            .ProducesText(MeasureFeedsApi.CapMediaType, "The OASIS CAP 1.2 alert of the measure's latest revision.", AggregatorOpenApi.CapExample);
        return app;
    }

    static async Task<Ok<List<FeedLinkView>>> ListAsync(AggregatorDb db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var country = user.Country();
        var everyone = user.ReadsEverything();
        var links = await db.FeedLinks.AsNoTracking().Where(l => everyone || l.Participant == country)
            .OrderBy(l => l.Participant).ThenBy(l => l.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(links.Select(View).ToList());
    }

    static async Task<Results<Created<FeedLinkCreated>, ValidationProblem, ForbidHttpResult>> CreateAsync(
        [FromBody] NewFeedLink? request, HttpContext http, AggregatorDb db, AuditTrail audit, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!MayManage(user))
            return TypedResults.Forbid();
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request?.Label))
            errors.Add("label", "is required: say what the link is for, so it can be found to revoke.");
        else
            errors.Text(request.Label, "label", 200);
        if (!errors.IsEmpty)
            return TypedResults.ValidationProblem(errors.ToDictionary());

        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var now = clock.GetUtcNow();
        var link = new StoredFeedLink
        {
            Id = Guid.CreateVersion7(now),
            Participant = user.Country()!,
            Label = request!.Label!.Trim(),
            SecretHash = HashOf(secret),
            CreatedAt = now,
            CreatedBy = user.Subject(),
        };
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        db.FeedLinks.Add(link);
        await audit.AppendAsync(new AuditRecord(AuditTrail.Aggregator, user.Subject(), user.Country(), null, "feed-link.create", link.Id.ToString(), null, "stored", link.Label, now),
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);

        var root = $"{http.Request.Scheme}://{http.Request.Host}/feeds/links/{secret}";
        return TypedResults.Created($"/api/feed-links/{link.Id}", new FeedLinkCreated(View(link), new Uri($"{root}/measures.atom"), $"{root}/measures/{{id}}.cap"));
    }

    static async Task<Results<NoContent, NotFound, ForbidHttpResult>> RevokeAsync(
        Guid id, AggregatorDb db, AuditTrail audit, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        // Another participant's link is not found rather than forbidden: its existence is not ours to learn.
        var link = await db.FeedLinks.FirstOrDefaultAsync(l => l.Id == id && l.Participant == user.Country(), cancellationToken);
        if (link is null)
            return TypedResults.NotFound();
        if (!MayManage(user))
            return TypedResults.Forbid();
        if (link.RevokedAt is null)
        {
            var now = clock.GetUtcNow();
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            link.RevokedAt = now;
            await audit.AppendAsync(new AuditRecord(AuditTrail.Aggregator, user.Subject(), user.Country(), null, "feed-link.revoke", link.Id.ToString(), null, "revoked", link.Label, now),
                cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        return TypedResults.NoContent();
    }

    static async Task<Results<ContentHttpResult, ValidationProblem, NotFound>> AtomAsync(string secret, HttpContext http, AggregatorDb db, RouteMap route,
        AuditTrail audit, TimeProvider clock, string? country, MeasureStatus? status, bool? exercise, long? after, int? limit, CancellationToken cancellationToken)
    {
        if (await UseAsync(secret, http, db, audit, clock, "measures.atom", cancellationToken) is not { } link)
            return TypedResults.NotFound();
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        var scope = new MeasureFeedsApi.FeedScope(WholeRoute(route, link.Participant) ? $"of the {route.Name}" : $"relayed to {link.Participant}",
            $"urn:balkanhub:feeds:measures:{link.Participant}", RelayedTo(db, route, link.Participant), $"/feeds/links/{secret}/measures");
        return await MeasureFeedsApi.FeedAsync(http, db, route, clock, scope, country, status, exercise ?? false, after, take, cancellationToken);
    }

    static async Task<Results<ContentHttpResult, NotFound>> CapAsync(string secret, Guid id, HttpContext http, AggregatorDb db, RouteMap route,
        AuditTrail audit, TimeProvider clock, CancellationToken cancellationToken) =>
        await UseAsync(secret, http, db, audit, clock, $"measures/{id}.cap", cancellationToken) is { } link
            ? await MeasureFeedsApi.AlertAsync(id, RelayedTo(db, route, link.Participant), route, cancellationToken)
            : TypedResults.NotFound();

    /// <summary>An officer manages the country's links; the Commission and the agencies their own.</summary>
    static bool MayManage(ClaimsPrincipal user) => user.IsInRole(HubRoles.Officer) || user.ReadsEverything();

    /// <summary>Whether the participant reads the whole route (the Commission, an agency), by its role on the route.</summary>
    static bool WholeRoute(RouteMap route, string participant) => route.Find(participant)?.Role is ParticipantRole.Commission or ParticipantRole.Agency;

    /// <summary>The revisions a participant may read: every one for those who read the whole route, else those relayed to it.</summary>
    static IQueryable<StoredMeasureRevision> RelayedTo(AggregatorDb db, RouteMap route, string participant) =>
        WholeRoute(route, participant)
            ? db.MeasureRevisions
            : db.MeasureRevisions.Where(r => db.Relays.Any(x => x.Recipient == participant && x.Item.Kind == RelayedItemKind.Measure && x.Item.SourceMessageId == r.MessageId));

    /// <summary>The live link the secret opens, its use recorded and audited; null for an unknown or revoked one.</summary>
    static async Task<StoredFeedLink?> UseAsync(string secret, HttpContext http, AggregatorDb db, AuditTrail audit, TimeProvider clock, string what,
        CancellationToken cancellationToken)
    {
        if (secret.Length > 100)
            return null;
        var hash = HashOf(secret);
        var link = await db.FeedLinks.FirstOrDefaultAsync(l => l.SecretHash == hash && l.RevokedAt == null, cancellationToken);
        if (link is null)
            return null;
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        link.LastUsedAt = now;
        await audit.AppendAsync(new AuditRecord(AuditTrail.Aggregator, $"feed-link:{link.Id}", link.Participant, null, "feed-link.read", what,
            http.Connection.RemoteIpAddress?.ToString(), "served", link.Label, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return link;
    }

    static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    static FeedLinkView View(StoredFeedLink l) => new(l.Id, l.Participant, l.Label, l.CreatedAt, l.CreatedBy, l.LastUsedAt, l.RevokedAt);
}
