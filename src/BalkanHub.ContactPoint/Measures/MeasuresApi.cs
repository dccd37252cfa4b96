using System.Text.Json.Serialization;
using BalkanHub.ContactPoint.Idempotency;
using BalkanHub.Domain.Measures;

namespace BalkanHub.ContactPoint.Measures;

/// <summary>The country's measure notices: announce, update, cancel, lift, list and read.</summary>
public static class MeasuresApi
{
    /// <summary>Maps <c>/api/measures</c>.</summary>
    public static RouteGroupBuilder MapMeasuresApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/measures").WithTags("Measures").RequireAuthorization(ContactPointPolicies.Reader);
        group.MapPost("/", AnnounceAsync)
            .RequireAuthorization(ContactPointPolicies.Officer)
            .WithSummary("Announces a planned measure to the neighbours it lands on")
            .WithDescription("The hub stamps announcedAt, and flags the notice short notice when it takes effect less than Measures:MinimumNotice (24 h) later. " +
                "Relayed to the neighbours across the affected crossing points, the affected countries and the Commission; each must acknowledge within Measures:AcknowledgementWindow (6 h). " +
                "Send an Idempotency-Key header to make a retry safe. 403 when the body names another country, or for an observer.")
            .AcceptsIdempotencyKey();
        group.MapGet("/", ListAsync)
            .WithSummary("Lists this country's measures")
            .WithDescription("Each with its status now and lead time. Page with limit and after (the `next` of the previous page).");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("Reads a measure as it stands now");
        group.MapGet("/{id:guid}/revisions", RevisionsAsync).WithSummary("Reads every revision of a measure");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(ContactPointPolicies.Officer).WithSummary("Updates a planned or in-force measure")
            .WithDescription("The body is the whole notice as it should now read, with a reason. A new revision is relayed, linked to the one before. 409 for a cancelled or lifted measure.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/cancel", (Guid id, MeasureTransitionDraft? body, MeasureChanges changes, CancellationToken ct) =>
                changes.TransitionAsync(id, MeasureStatus.Cancelled, body?.Reason, ct))
            .RequireAuthorization(ContactPointPolicies.Officer)
            .WithSummary("Cancels a measure before it takes effect")
            .WithDescription("The body (a reason) is optional. 409 once the measure is in force, lifted or cancelled.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/lift", (Guid id, MeasureTransitionDraft? body, MeasureChanges changes, CancellationToken ct) =>
                changes.TransitionAsync(id, MeasureStatus.Lifted, body?.Reason, ct))
            .RequireAuthorization(ContactPointPolicies.Officer)
            .WithSummary("Lifts a measure in force")
            .WithDescription("The body (a reason) is optional. 409 unless the measure is in force.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    static async Task<Results<Accepted<MeasureView>, ValidationProblem, ProblemHttpResult, IdempotencyKeys.ReplayedResult>> AnnounceAsync(
        MeasureDraft draft, HttpRequest request, ContactPointDb db, RouteMap route, TimeProvider clock,
        IOptions<ContactPointOptions> options, IOptions<MeasureOptions> measureOptions, IOptions<PlausibilityOptions> plausibility, OriginSigner signer,
        CancellationToken cancellationToken)
    {
        if (!IdempotencyKeys.TryRead(request, out var key, out var badKey))
            return badKey!;

        if (draft.Country is not null && draft.Country != options.Value.Country)
            return HubResults.Forbidden($"This contact point announces {options.Value.Country}'s measures only.");
        if (route.Get(options.Value.Country).Role != ParticipantRole.Country)
            return HubResults.Forbidden($"{options.Value.Country} takes part as an observer, with no borders on the route: it announces no border measures.");
        var now = clock.GetUtcNow();
        var (notice, errors) = MeasureRules.Validate(draft, options.Value.Country, route,
            Guid.NewGuid(), revision: 1, MeasureStatus.Planned, announcedAt: now);
        if (notice is null)
        {
            HubTelemetry.ItemsRejected.Add(1, new("type", nameof(MeasureAnnounced)), new("country", options.Value.Country), new("reason", "invalid"));
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The measure notice is not valid. Nothing was stored or sent.");
        }

        await using var post = await IdempotentPost.BeginAsync(db, key, "POST /api/measures", draft, cancellationToken);
        if (post.Replay is not null)
            return post.Replay;
        if (post.Conflict is not null)
            return post.Conflict;

        notice = notice with { Status = MeasureLifecycle.StatusAt(notice, now) };
        MeasureChanges.Store(db, notice, "announced", reason: null, now, isNew: true);
        db.Publish(signer.Sign(new MeasureAnnounced { Measure = notice }), stream: notice.Country, now);

        var view = View(notice, now, measureOptions.Value) with { Warnings = Plausibility.OfMeasure(draft, now, plausibility.Value) };
        var location = $"/api/measures/{notice.MeasureId}";
        await post.AcceptAsync(view, location, now, cancellationToken);
        HubTelemetry.ItemsAccepted.Add(1, new("type", nameof(MeasureAnnounced)), new("country", notice.Country));
        return TypedResults.Accepted(location, view);
    }

    static Task<Results<Accepted<MeasureView>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateAsync(
        Guid id, MeasureDraft draft, MeasureChanges changes, CancellationToken cancellationToken) =>
        changes.UpdateAsync(id, draft, cancellationToken);

    static async Task<Results<Ok<Page<MeasureView>>, ValidationProblem>> ListAsync(
        ContactPointDb db, TimeProvider clock, IOptions<MeasureOptions> measureOptions, int? limit, long? after, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        var rows = await db.Measures.AsNoTracking()
            .Where(m => after == null || m.Number > after)
            .OrderBy(m => m.Number).Take(take + 1).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var numbers = rows.ToDictionary(r => r.MeasureId, r => r.Number);
        return TypedResults.Ok(Paging.Of(rows.Select(r => View(Notice(r.Notice), now, measureOptions.Value)).ToList(), take,
            v => numbers[v.Measure.MeasureId].ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    static async Task<Results<Ok<MeasureView>, NotFound>> GetAsync(
        Guid id, ContactPointDb db, TimeProvider clock, IOptions<MeasureOptions> measureOptions, CancellationToken cancellationToken)
    {
        var row = await db.Measures.AsNoTracking().FirstOrDefaultAsync(m => m.MeasureId == id, cancellationToken);
        return row is null ? TypedResults.NotFound() : TypedResults.Ok(View(Notice(row.Notice), clock.GetUtcNow(), measureOptions.Value));
    }

    static async Task<Results<Ok<List<RevisionView>>, NotFound>> RevisionsAsync(Guid id, ContactPointDb db, CancellationToken cancellationToken)
    {
        var rows = await db.MeasureRevisions.AsNoTracking().Where(r => r.MeasureId == id).OrderBy(r => r.Revision).ToListAsync(cancellationToken);
        return rows.Count == 0
            ? TypedResults.NotFound()
            : TypedResults.Ok(rows.Select(r => new RevisionView(r.Revision, r.Transition, r.At, r.Reason, Notice(r.Notice))).ToList());
    }

    internal static MeasureView View(MeasureNotice notice, DateTimeOffset now, MeasureOptions options)
    {
        var lead = Domain.Measures.LeadTime.Of(notice);
        return new(notice, MeasureLifecycle.StatusAt(notice, now), lead.Hours, lead.IsShortNotice(options), lead.IsRetroactive, lead.Describe());
    }

    internal static MeasureNotice Notice(string json) => JsonSerializer.Deserialize<MeasureNotice>(json, JsonSerializerOptions.Web)!;
}
