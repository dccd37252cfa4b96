using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BalkanHub.ServiceDefaults.OpenApi;

/// <summary>
/// The error answers every operation shares, described once from the endpoint's own metadata rather
/// than repeated on each endpoint: 401, 403 and 429 wherever a policy applies (the fallback policy
/// closes every endpoint that is not anonymous), 400 and 413 wherever a body or query is read, and
/// problem details (RFC 9457) as the body of every 4xx, which is what the problem details service and
/// the status code pages write. Endpoints declare only what differs: a 404 by id, a 409, a 422.
/// </summary>
sealed class ProblemResponses : IOpenApiOperationTransformer
{
    /// <summary>The media type of every error body.</summary>
    public const string ProblemJson = "application/problem+json";

    /// <summary>The security scheme operations name (a bearer JWT; browsers send a cookie instead).</summary>
    public const string BearerScheme = "Bearer";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var options = context.ApplicationServices.GetRequiredService<IOptions<HubOpenApiOptions>>().Value;
        var authorization = context.ApplicationServices.GetRequiredService<IOptions<AuthorizationOptions>>().Value;
        operation.Responses ??= [];

        var readsInput = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body || p.Source == BindingSource.Query);
        if (readsInput)
            Ensure(operation, StatusCodes.Status400BadRequest);
        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body))
            Ensure(operation, StatusCodes.Status413PayloadTooLarge);

        if (!metadata.OfType<IAllowAnonymous>().Any() && (metadata.OfType<IAuthorizeData>().Any() || authorization.FallbackPolicy is not null))
        {
            var access = Access(metadata.OfType<IAuthorizeData>(), options);
            Ensure(operation, StatusCodes.Status401Unauthorized);
            Ensure(operation, StatusCodes.Status403Forbidden, $"Signed in, but not allowed. Access: {access}");
            Ensure(operation, StatusCodes.Status429TooManyRequests);
            operation.Description = string.IsNullOrWhiteSpace(operation.Description)
                ? $"Access: {access}"
                : $"{operation.Description}\n\nAccess: {access}";
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
        }

        foreach (var (code, response) in operation.Responses)
        {
            if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 400 || status >= 500 || response is not OpenApiResponse concrete)
                continue;
            // A 4xx declared without a body (TypedResults.NotFound) still gets one: the status code
            // pages write problem details into every empty error answer, and no endpoint here answers an
            // error with plain JSON.
            concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
            if (concrete.Content.Count == 0 || concrete.Content.ContainsKey("application/json"))
            {
                concrete.Content.Clear();
                concrete.Content[ProblemJson] = new OpenApiMediaType
                {
                    Schema = await SchemaAsync(status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), context, cancellationToken),
                };
            }
            if (string.IsNullOrEmpty(concrete.Description) || concrete.Description == ReasonPhrase(status))
                concrete.Description = Meaning(status);
        }

        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { Description: null or "" } p && Paging.TryGetValue(p.Name ?? "", out var text))
                p.Description = text;
        }
    }

    static void Ensure(OpenApiOperation operation, int status, string? text = null)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        if (!operation.Responses!.ContainsKey(code))
            operation.Responses[code] = new OpenApiResponse { Description = text ?? Meaning(status) };
        else if (text is not null && operation.Responses[code] is OpenApiResponse existing)
            existing.Description = text;
    }

    static async Task<IOpenApiSchema> SchemaAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        return new OpenApiSchemaReference(type.Name, document);
    }

    static string Access(IEnumerable<IAuthorizeData> policies, HubOpenApiOptions options)
    {
        // Every policy on the endpoint and its groups must pass; the most specific (the endpoint's, last) says the most.
        var named = policies.Select(p => p.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (named.Count == 0)
            return "anyone signed in.";
        var policy = named[^1];
        return options.Policies.TryGetValue(policy, out var who) ? who : $"the '{policy}' policy.";
    }

    static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    static string Meaning(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The body or query could not be read or breaks a rule. `errors` names every bad field (such as `composition.children` or `arrivals.byCrossingPoint[2].crossingPoint`); nothing was stored or sent.",
        StatusCodes.Status401Unauthorized => "No valid bearer token (or browser sign-in) came with the request.",
        StatusCodes.Status403Forbidden => "Signed in, but this role or country may not do this.",
        StatusCodes.Status404NotFound => "There is no such item here, or it was not relayed to the caller's country: both read the same.",
        StatusCodes.Status409Conflict => "The item's state does not allow this now (for example it was already cancelled, lifted or closed); `detail` says why. Nothing changed.",
        StatusCodes.Status413PayloadTooLarge => "The body is larger than Limits:MaxRequestBodyBytes; it was not read.",
        StatusCodes.Status422UnprocessableEntity => "The Idempotency-Key was already used for a different request. Use a new key for a new request.",
        StatusCodes.Status429TooManyRequests => "Too many requests from this participant (Limits:PerSecond, burst Limits:Burst). Nothing was done; retry after a second.",
        _ => ReasonPhrase(status),
    };

    static readonly Dictionary<string, string> Paging = new(StringComparer.Ordinal)
    {
        ["limit"] = $"Items per page: 1 to {Http.Paging.MaxLimit}, default {Http.Paging.DefaultLimit}. Anything else is a 400 naming `limit`.",
        ["after"] = "Cursor: the `next` of the previous page (for a sequence, the last one seen). Omit it for the first page.",
    };
}
