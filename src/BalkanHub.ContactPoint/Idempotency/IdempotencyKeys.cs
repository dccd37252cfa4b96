using System.Text;
using Microsoft.OpenApi;

namespace BalkanHub.ContactPoint.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> header (IETF httpapi draft): a client that retries a POST with the same
/// key gets the first answer again, and nothing new is created. The record is written in the same
/// transaction as the item it created (<see cref="IdempotentPost"/>), so a crash cannot separate them.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The request header.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>Longest key accepted.</summary>
    public const int MaxLength = 255;

    /// <summary>Reads the header: null when absent, or a 400 naming it when empty, repeated or malformed.</summary>
    public static bool TryRead(HttpRequest request, out string? key, out ValidationProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        problem = null;
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            key = null;
            return true;
        }
        // Sent but empty (or sent twice) is a mistake, not "no key": the retry it was meant to make safe would not be.
        key = values.Count == 1 ? values.ToString() : "";
        if (key.Length is > 0 and <= MaxLength && key.All(c => c is > ' ' and < (char)127))
            return true;
        problem = TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            [Header] = [$"must be 1 to {MaxLength} visible ASCII characters."],
        });
        return false;
    }

    /// <summary>
    /// Declares the header in the endpoint's OpenAPI operation, with the 422 of a reused key. The handler
    /// reads it from the request itself (to answer a malformed key like any other bad field), so the API
    /// explorer cannot see it.
    /// </summary>
    public static RouteHandlerBuilder AcceptsIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status422UnprocessableEntity).AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Makes a retry safe: the same key with the same body gets the first answer again (with Idempotent-Replayed: true); " +
                    $"the same key with another body gets 422. 1 to {MaxLength} visible ASCII characters, such as mk-2015-11-20.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = MaxLength },
                Example = System.Text.Json.Nodes.JsonValue.Create("mk-2015-11-20"),
            });
            return Task.CompletedTask;
        });

    /// <summary>The first answer, given again, marked with <c>Idempotent-Replayed: true</c>.</summary>
    public sealed class ReplayedResult(int statusCode, string json, string? location) : IResult
    {
        /// <inheritdoc />
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (location is not null)
                httpContext.Response.Headers.Location = location;
            return httpContext.Response.WriteAsync(json, Encoding.UTF8);
        }
    }
}
