using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using RabbitMQ.Client;

namespace BalkanHub.Aggregator.Admin;

/// <summary>Operators list parked messages with their reason and headers, replay them after a fix, or discard them.</summary>
public static class DeadLettersApi
{
    /// <summary>Maps <c>/api/admin/dead-letters</c>.</summary>
    public static RouteGroupBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/dead-letters").WithTags("Operations").RequireAuthorization(AggregatorPolicies.Operator);
        group.MapGet("/", ListAsync).WithSummary("Lists parked messages with their reason and headers")
            .WithDescription("Filter by status and queue; page with limit and after (the `next` of the previous page).");
        group.MapGet("/{id:long}", GetAsync).WithSummary("Reads one parked message");
        group.MapPost("/{id:long}/replay", ReplayAsync)
            .WithSummary("Sends a parked message back to its queue, after the cause was fixed")
            .WithDescription("It keeps its message id, so the receiver processes it once even if it is replayed again. 409 when it is no longer parked.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/replay", ReplayAllAsync).WithSummary("Replays every parked message, or every one of a queue")
            .WithDescription("Pass queue to replay only that queue's messages. Answers with the messages replayed.");
        group.MapPost("/{id:long}/discard", DiscardAsync).WithSummary("Sets a parked message aside for good, with a reason")
            .WithDescription("The reason is required and kept with the message. 409 when it is no longer parked.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    static async Task<Results<Ok<DeadLetterPage>, ValidationProblem>> ListAsync(
        AggregatorDb db, string? status, string? queue, long? after, int? limit, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        var query = db.DeadLetters.AsNoTracking().Where(d => d.Id > (after ?? 0));
        if (status is not null)
            query = query.Where(d => d.Status == status);
        if (queue is not null)
            query = query.Where(d => d.Queue == queue);
        var rows = await query.OrderBy(d => d.Id).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(new DeadLetterPage(rows.ConvertAll(View), rows.Count > 0 ? rows[^1].Id : after ?? 0));
    }

    static async Task<Results<Ok<DeadLetterView>, NotFound>> GetAsync(long id, AggregatorDb db, CancellationToken cancellationToken) =>
        await db.DeadLetters.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken) is { } row
            ? TypedResults.Ok(View(row))
            : TypedResults.NotFound();

    static async Task<Results<Ok<DeadLetterView>, NotFound, ProblemHttpResult>> ReplayAsync(
        long id, ClaimsPrincipal user, AggregatorDb db, IOptions<RabbitMqOptions> rabbit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var row = await db.DeadLetters.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (row is null)
            return TypedResults.NotFound();
        if (row.Status != DeadLetterStatus.Parked)
            return TypedResults.Problem(detail: $"It was {row.Status} already.", statusCode: StatusCodes.Status409Conflict, title: "Not parked");
        await RepublishAsync([row], rabbit.Value, cancellationToken);
        Resolve(row, DeadLetterStatus.Replayed, user, null, clock);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(row));
    }

    static async Task<Ok<DeadLetterPage>> ReplayAllAsync(
        string? queue, ClaimsPrincipal user, AggregatorDb db, IOptions<RabbitMqOptions> rabbit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var rows = await db.DeadLetters.Where(d => d.Status == DeadLetterStatus.Parked && (queue == null || d.Queue == queue))
            .OrderBy(d => d.Id).ToListAsync(cancellationToken);
        await RepublishAsync(rows, rabbit.Value, cancellationToken);
        foreach (var row in rows)
            Resolve(row, DeadLetterStatus.Replayed, user, null, clock);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new DeadLetterPage(rows.ConvertAll(View), rows.Count > 0 ? rows[^1].Id : 0));
    }

    static async Task<Results<Ok<DeadLetterView>, NotFound, ValidationProblem, ProblemHttpResult>> DiscardAsync(
        long id, Discard body, ClaimsPrincipal user, AggregatorDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.Reason) || body.Reason.Length > 2000)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["is required (at most 2000 characters): say why the message is set aside."] });
        var errors = new ValidationErrors();
        errors.Text(body.Reason, "reason", 2000);
        if (!errors.IsEmpty)
            return TypedResults.ValidationProblem(errors.ToDictionary());
        var row = await db.DeadLetters.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (row is null)
            return TypedResults.NotFound();
        if (row.Status != DeadLetterStatus.Parked)
            return TypedResults.Problem(detail: $"It was {row.Status} already.", statusCode: StatusCodes.Status409Conflict, title: "Not parked");
        Resolve(row, DeadLetterStatus.Discarded, user, body.Reason, clock);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(row));
    }

    /// <summary>
    /// Publishes the messages to their queues' exchanges with their original properties, so they keep
    /// their message id (receivers deduplicate). The broker lets a connection stamp only its own user id,
    /// and the aggregator's user has no <c>impersonator</c> tag: the replay carries the aggregator's, and
    /// the user the broker validated on the way in goes into <see cref="HubTopology.OriginalUserHeader"/>,
    /// which receivers honour from the aggregator alone (<see cref="HubTopology.SenderOf(IReadOnlyBasicProperties, string)"/>).
    /// </summary>
    static async Task RepublishAsync(List<StoredDeadLetter> rows, RabbitMqOptions rabbit, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return;
        await using var connection = await rabbit.ConnectAsync("aggregator replay", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        foreach (var row in rows)
        {
            var original = JsonNode.Parse(row.Headers)!;
            var properties = new BasicProperties
            {
                ContentType = (string?)original["contentType"],
                MessageId = (string?)original["messageId"],
                UserId = rabbit.Username,
                CorrelationId = (string?)original["correlationId"],
                Persistent = true,
                Headers = original["headers"]!.AsObject()
                    .Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && !h.Key.StartsWith("x-", StringComparison.Ordinal) && h.Key != "MT-Reason" && h.Key != HubTopology.OriginalUserHeader)
                    .ToDictionary(h => h.Key, h => (object?)(string?)h.Value),
            };
            if ((string?)original["userId"] is { Length: > 0 } sender)
                properties.Headers[HubTopology.OriginalUserHeader] = sender;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(rabbit.PublishTimeout);
            await channel.BasicPublishAsync(row.Queue, "", mandatory: true, properties, row.Body, timeout.Token);
        }
    }

    static void Resolve(StoredDeadLetter row, string status, ClaimsPrincipal user, string? resolution, TimeProvider clock)
    {
        row.Status = status;
        row.ResolvedAt = clock.GetUtcNow();
        row.ResolvedBy = user.Subject();
        row.Resolution = resolution;
    }

    static DeadLetterView View(StoredDeadLetter row)
    {
        using var headers = JsonDocument.Parse(row.Headers);
        return new(row.Id, row.Queue, row.MessageId, row.MessageType, row.Reason, row.ExceptionType, row.Retries, headers.RootElement.Clone(),
            System.Text.Encoding.UTF8.GetString(row.Body), row.ParkedAt, row.Status, row.ResolvedAt, row.ResolvedBy, row.Resolution);
    }
}
