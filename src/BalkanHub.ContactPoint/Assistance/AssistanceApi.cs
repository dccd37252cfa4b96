using System.Text.Json.Serialization;
using BalkanHub.Domain.Assistance;

namespace BalkanHub.ContactPoint.Assistance;

/// <summary>
/// Needs analyses, assistance requests and offers, as this country (or observer) takes part in them:
/// it opens analyses and turns them into requests, offers against others' requests, accepts or declines
/// offers to its own, and moves its own offers through committed, dispatched and delivered. Every check
/// is made against what the hub has relayed here, and nothing is sent when a check fails.
/// </summary>
public static class AssistanceApi
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>Maps <c>/api/needs</c>, <c>/api/requests</c> and <c>/api/offers</c>.</summary>
    public static IEndpointRouteBuilder MapAssistanceApi(this IEndpointRouteBuilder app)
    {
        var needs = app.MapGroup("/api/needs").WithTags("Assistance").RequireAuthorization(ContactPointPolicies.Reader);
        needs.MapPost("/", OpenAsync).RequireAuthorization(ContactPointPolicies.Officer)
            .WithSummary("Opens a needs analysis; it is due within 24 hours")
            .WithDescription("Items list what is needed with quantities and units. Relayed to every participant and the Commission. "
                + "With exercise=true it is practice: the analysis, its request and every offer against it are relayed marked as exercise and count in no commitment or compliance figure.");
        needs.MapGet("/", ListNeedsAsync).WithSummary("This country's needs analyses");
        needs.MapPost("/{id:guid}/request", RequestFromNeedsAsync).RequireAuthorization(ContactPointPolicies.Officer)
            .WithSummary("Turns a needs analysis into an assistance request, in one call")
            .WithDescription("The request asks for the analysis's items and is relayed to every participant. 409 unless the analysis is open.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        needs.MapPost("/{id:guid}/close", CloseNeedsAsync).RequireAuthorization(ContactPointPolicies.Officer)
            .WithSummary("Closes a needs analysis without a request")
            .WithDescription("The body (a note) is optional. 409 unless the analysis is open.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        var requests = app.MapGroup("/api/requests").WithTags("Assistance").RequireAuthorization(ContactPointPolicies.Reader);
        requests.MapGet("/", ListRequestsAsync).WithSummary("Requests known here: this country's own, with coverage, and those relayed to it");
        requests.MapGet("/{id:guid}", GetRequestAsync).WithSummary("One request; this country's own with its offers and coverage per item");
        requests.MapPost("/{id:guid}/offers", OfferAsync).RequireAuthorization(ContactPointPolicies.Officer)
            .WithSummary("Offers items against another participant's open request")
            .WithDescription("Each item must be one the request asked for, in its unit, with a positive quantity. " +
                "An item offered more than Plausibility:OfferToRequestRatio (10) times over what was asked is accepted, with a warning in the answer.");
        requests.MapPost("/{id:guid}/withdraw", WithdrawAsync).RequireAuthorization(ContactPointPolicies.Officer)
            .WithSummary("Withdraws this country's open request")
            .WithDescription("The body (a note) is optional. 409 unless the request is open.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        var offers = app.MapGroup("/api/offers").WithTags("Assistance").RequireAuthorization(ContactPointPolicies.Reader);
        offers.MapGet("/", ListOffersAsync).WithSummary("Offers known here: this participant's own, and those against its requests");
        foreach (var (action, status) in new[]
        {
            ("accept", OfferStatus.Accepted), ("decline", OfferStatus.Declined), ("commit", OfferStatus.Committed),
            ("dispatch", OfferStatus.Dispatched), ("deliver", OfferStatus.Delivered), ("withdraw", OfferStatus.Withdrawn),
        })
        {
            offers.MapPost($"/{{id:guid}}/{action}", (Guid id, ChangeNote? body, ContactPointDb db, TimeProvider clock, IOptions<ContactPointOptions> options,
                    OriginSigner signer, CancellationToken ct) => ChangeOfferAsync(id, status, body?.Note, db, clock, options.Value.Country, signer, ct))
                .RequireAuthorization(ContactPointPolicies.Officer)
                .WithSummary(status is OfferStatus.Accepted or OfferStatus.Declined
                    ? $"The requester {action}s an offer"
                    : $"The offering participant marks its offer {AssistanceRules.Name(status)}")
                .WithDescription("The body (a note of at most 2000 characters) is optional. An offer moves offered → accepted or declined (by the requester), then committed → dispatched → delivered (by the offerer), or is withdrawn; 409 for a step out of order or taken by the wrong side.")
                .ProducesProblem(StatusCodes.Status409Conflict);
        }
        return app;
    }

    static ValidationProblem Invalid(BalkanHub.Domain.Validation.ValidationErrors errors, string title) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: $"{title} Nothing was stored or sent.");

    static ValidationProblem Invalid(string field, string message, string title) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: $"{title} Nothing was stored or sent.");

    static async Task<Results<Accepted<NeedsView>, ValidationProblem>> OpenAsync(AssistanceDraft? draft, ContactPointDb db, TimeProvider clock, RouteMap route,
        IOptions<ContactPointOptions> options, IOptions<AssistanceOptions> assistance, OriginSigner signer, CancellationToken cancellationToken)
    {
        var (items, errors) = AssistanceRules.ValidateNeeds(draft, route);
        if (!errors.IsEmpty)
            return Invalid(errors, "The needs analysis is not valid.");
        var now = clock.GetUtcNow();
        var row = new StoredNeedsAnalysis
        {
            Id = Guid.NewGuid(), Title = draft!.Title!.Trim(), Items = JsonSerializer.Serialize(items, Json), Status = NeedsAnalysisStatus.Open, OpenedAt = now,
            DueAt = now + assistance.Value.NeedsAnalysisWindow, PlanPoints = draft.PlanPoints is null ? null : JsonSerializer.Serialize(draft.PlanPoints, Json),
            Exercise = draft.Exercise,
        };
        db.NeedsAnalyses.Add(row);
        db.Publish(signer.Sign(new NeedsAnalysisOpened
        {
            NeedsAnalysisId = row.Id, Country = options.Value.Country, Title = row.Title, Items = items, OpenedAt = now, PlanPoints = draft.PlanPoints,
            Exercise = row.Exercise,
        }), stream: options.Value.Country, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/needs/{row.Id}", View(row, now));
    }

    static async Task<Ok<List<NeedsView>>> ListNeedsAsync(ContactPointDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await db.NeedsAnalyses.AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.OrderBy(n => n.OpenedAt).Select(n => View(n, now)).ToList());
    }

    static async Task<Results<Accepted<RequestView>, NotFound, ProblemHttpResult>> RequestFromNeedsAsync(Guid id, ContactPointDb db, TimeProvider clock,
        IOptions<ContactPointOptions> options, OriginSigner signer, CancellationToken cancellationToken)
    {
        if (await db.NeedsAnalyses.FirstOrDefaultAsync(n => n.Id == id, cancellationToken) is not { } needs)
            return TypedResults.NotFound();
        if (needs.Status != NeedsAnalysisStatus.Open)
            return TypedResults.Problem($"The needs analysis is {needs.Status}.", statusCode: StatusCodes.Status409Conflict);
        var now = clock.GetUtcNow();
        var message = new AssistanceRequested
        {
            RequestId = Guid.NewGuid(), Country = options.Value.Country, NeedsAnalysisId = needs.Id, Title = needs.Title,
            Items = AssistanceProjection.Items(needs.Items), RequestedAt = now, PlanPoints = AssistanceProjection.Points(needs.PlanPoints),
            Exercise = needs.Exercise,
        };
        needs.Status = NeedsAnalysisStatus.Requested;
        needs.RequestId = message.RequestId;
        var row = AssistanceProjection.Row(message);
        db.AssistanceRequests.Add(row);
        db.Publish(signer.Sign(message), stream: options.Value.Country, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/requests/{row.Id}", await ViewAsync(db, row, options.Value.Country, cancellationToken));
    }

    static async Task<Results<Accepted<NeedsView>, ValidationProblem, NotFound, ProblemHttpResult>> CloseNeedsAsync(Guid id, ChangeNote? body, ContactPointDb db, TimeProvider clock,
        IOptions<ContactPointOptions> options, OriginSigner signer, CancellationToken cancellationToken)
    {
        if (AssistanceRules.ValidateNote(body?.Note) is { IsEmpty: false } errors)
            return Invalid(errors, "The note is not valid.");
        if (await db.NeedsAnalyses.FirstOrDefaultAsync(n => n.Id == id, cancellationToken) is not { } needs)
            return TypedResults.NotFound();
        if (needs.Status != NeedsAnalysisStatus.Open)
            return TypedResults.Problem($"The needs analysis is {needs.Status}.", statusCode: StatusCodes.Status409Conflict);
        var now = clock.GetUtcNow();
        needs.Status = NeedsAnalysisStatus.Closed;
        db.Publish(signer.Sign(new NeedsAnalysisClosed { NeedsAnalysisId = id, Country = options.Value.Country, ClosedAt = now, Reason = body?.Note }),
            stream: options.Value.Country, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/needs/{id}", View(needs, now));
    }

    static async Task<Ok<List<RequestView>>> ListRequestsAsync(ContactPointDb db, IOptions<ContactPointOptions> options, RequestStatus? status,
        CancellationToken cancellationToken)
    {
        var rows = await db.AssistanceRequests.AsNoTracking().Where(r => status == null || r.Status == status).ToListAsync(cancellationToken);
        var views = new List<RequestView>();
        foreach (var row in rows.OrderBy(r => r.RequestedAt))
            views.Add(await ViewAsync(db, row, options.Value.Country, cancellationToken));
        return TypedResults.Ok(views);
    }

    static async Task<Results<Ok<RequestView>, NotFound>> GetRequestAsync(Guid id, ContactPointDb db, IOptions<ContactPointOptions> options,
        CancellationToken cancellationToken) =>
        await db.AssistanceRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } row
            ? TypedResults.Ok(await ViewAsync(db, row, options.Value.Country, cancellationToken))
            : TypedResults.NotFound();

    static async Task<Results<Accepted<OfferView>, NotFound, ValidationProblem>> OfferAsync(Guid id, AssistanceDraft? draft, ContactPointDb db, RouteMap route,
        TimeProvider clock, IOptions<ContactPointOptions> options, IOptions<PlausibilityOptions> plausibility, OriginSigner signer, CancellationToken cancellationToken)
    {
        const string title = "The offer is not valid.";
        var country = options.Value.Country;
        if (await db.AssistanceRequests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
            return TypedResults.NotFound();
        if (request.Country == country)
            return Invalid("requestId", "is this country's own request; offers come from other participants.", title);
        if (request.Status != RequestStatus.Open)
            return Invalid("requestId", $"the request is {request.Status.ToString().ToLowerInvariant()} and takes no more offers.", title);
        var requested = AssistanceProjection.Items(request.Items);
        var (items, errors) = AssistanceRules.ValidateOffer(draft, requested, route);
        if (!errors.IsEmpty)
            return Invalid(errors, title);
        var now = clock.GetUtcNow();
        var message = new AssistanceOffered
        {
            OfferId = Guid.NewGuid(), RequestId = id, Requester = request.Country, Country = country, Items = items, OfferedAt = now,
            Note = draft!.Note, PlanPoints = draft.PlanPoints,
            // An offer follows the request: practice answers practice, and a real request gets a real offer.
            Exercise = request.Exercise,
        };
        var row = AssistanceProjection.Row(message);
        db.AssistanceOffers.Add(row);
        db.Publish(signer.Sign(message), stream: country, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/offers/{row.Id}", View(row) with { Warnings = Plausibility.OfOffer(items, requested, plausibility.Value) });
    }

    static async Task<Results<Accepted<RequestView>, ValidationProblem, NotFound, ProblemHttpResult>> WithdrawAsync(Guid id, ChangeNote? body, ContactPointDb db, TimeProvider clock,
        IOptions<ContactPointOptions> options, OriginSigner signer, CancellationToken cancellationToken)
    {
        var country = options.Value.Country;
        if (AssistanceRules.ValidateNote(body?.Note) is { IsEmpty: false } errors)
            return Invalid(errors, "The note is not valid.");
        if (await db.AssistanceRequests.FirstOrDefaultAsync(r => r.Id == id && r.Country == country, cancellationToken) is not { } request)
            return TypedResults.NotFound();
        if (request.Status != RequestStatus.Open)
            return TypedResults.Problem($"The request is {request.Status.ToString().ToLowerInvariant()}.", statusCode: StatusCodes.Status409Conflict);
        var now = clock.GetUtcNow();
        request.Status = RequestStatus.Withdrawn;
        db.Publish(signer.Sign(new AssistanceRequestWithdrawn { RequestId = id, Country = country, WithdrawnAt = now, Reason = body?.Note }), stream: country, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/requests/{id}", await ViewAsync(db, request, country, cancellationToken));
    }

    static async Task<Ok<List<OfferView>>> ListOffersAsync(ContactPointDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.AssistanceOffers.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(o => o.OfferedAt).Select(View).ToList());

    static async Task<Results<Accepted<OfferView>, ValidationProblem, NotFound, ProblemHttpResult>> ChangeOfferAsync(Guid id, OfferStatus status, string? note, ContactPointDb db,
        TimeProvider clock, string country, OriginSigner signer, CancellationToken cancellationToken)
    {
        if (AssistanceRules.ValidateNote(note) is { IsEmpty: false } errors)
            return Invalid(errors, "The note is not valid.");
        if (await db.AssistanceOffers.FirstOrDefaultAsync(o => o.Id == id && (o.Requester == country || o.Offerer == country), cancellationToken) is not { } offer)
            return TypedResults.NotFound();
        if (AssistanceRules.CheckTransition(offer.Status, status, offer.Requester == country, offer.Offerer == country) is { } refused)
            return TypedResults.Problem(refused, statusCode: StatusCodes.Status409Conflict, title: "Not possible now");
        var now = clock.GetUtcNow();
        offer.Status = status;
        offer.ChangedAt = now;
        db.Publish(signer.Sign(new OfferStatusChanged
        {
            OfferId = id, RequestId = offer.RequestId, Requester = offer.Requester, Offerer = offer.Offerer, Country = country, Status = status, ChangedAt = now, Note = note,
        }), stream: country, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/offers/{id}", View(offer));
    }

    static NeedsView View(StoredNeedsAnalysis n, DateTimeOffset now) =>
        new(n.Id, n.Title, EnumNames.NameOf(n.Status), n.OpenedAt, n.DueAt, n.Status == NeedsAnalysisStatus.Open && n.DueAt <= now, n.RequestId, AssistanceProjection.Items(n.Items), AssistanceProjection.Points(n.PlanPoints), n.Exercise);

    static OfferView View(StoredOffer o) => new(o.Id, o.RequestId, o.Requester, o.Offerer, o.Status, AssistanceProjection.Items(o.Items), o.OfferedAt, o.ChangedAt, o.Exercise);

    static async Task<RequestView> ViewAsync(ContactPointDb db, StoredRequest r, string country, CancellationToken cancellationToken)
    {
        var items = AssistanceProjection.Items(r.Items);
        List<OfferView>? offers = null;
        if (r.Country == country)
            offers = [.. (await db.AssistanceOffers.AsNoTracking().Where(o => o.RequestId == r.Id).ToListAsync(cancellationToken)).OrderBy(o => o.OfferedAt).Select(View)];
        return new RequestView(r.Id, r.Country, r.Title, r.Status, r.RequestedAt, r.NeedsAnalysisId, items, AssistanceProjection.Points(r.PlanPoints),
            offers is null ? null : AssistanceRules.Coverage(items, offers.Select(o => (o.Status, o.Items))), offers, r.Exercise);
    }
}
