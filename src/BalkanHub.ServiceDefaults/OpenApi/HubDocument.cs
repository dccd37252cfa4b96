using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BalkanHub.ServiceDefaults.OpenApi;

/// <summary>
/// What the document says once for the whole service: how to sign in (a bearer token), and the health
/// probes, which are middleware endpoints that the API explorer does not see.
/// </summary>
sealed class HubDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Description = "Every call but the health probes needs a bearer token carrying a `country` and a `role` claim " +
            "(`./run.sh token COUNTRY ROLE` prints one for a local network); browsers sign in at `/signin` instead. " +
            "Errors are RFC 9457 problem details. Lists take `limit` (1–1000, default 100) and page with `after`.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ProblemResponses.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token from the identity provider in Auth:Authority (in Development, signed with Auth:DevelopmentKey).",
        };

        document.Paths ??= [];
        document.Paths["/health/live"] = Probe(
            "Says whether the process runs",
            "For liveness probes: no database or broker is asked. Anonymous and never rate-limited.",
            new OpenApiResponse
            {
                Description = "The process runs.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create("Healthy") },
                },
            },
            null);
        var ready = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("Healthy"), JsonValue.Create("Degraded"), JsonValue.Create("Unhealthy")] },
                ["checks"] = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Object } },
            },
        };
        document.Paths["/health/ready"] = Probe(
            "Says whether the service can take requests (its database answers), and how the broker and the outbox fare",
            "For readiness probes and load balancers. Ready means the service can accept and store requests: the database answers. "
            + "The broker and the outbox backlog are reported, not required: with the broker down a contact point keeps taking reports "
            + "into its outbox, so it stays ready and says Degraded, naming the broker. Each check is listed with its status and reason. "
            + "Anonymous and never rate-limited.",
            new OpenApiResponse
            {
                Description = "Ready: Healthy, or Degraded when the broker is unreachable or the outbox holds more than Outbox:MaxBacklog messages.",
                Content = Json(ready, Readiness("Degraded", "Degraded", "Not ready: not started")),
            },
            new OpenApiResponse
            {
                Description = "Not ready: the database does not answer.",
                Content = Json(ready, Readiness("Unhealthy", "Healthy", "Ready", database: "Unhealthy")),
            });
        return Task.CompletedTask;
    }

    static OpenApiPathItem Probe(string summary, string description, OpenApiResponse ok, OpenApiResponse? unavailable)
    {
        var responses = new OpenApiResponses { ["200"] = ok };
        if (unavailable is not null)
            responses["503"] = unavailable;
        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    Tags = new HashSet<OpenApiTagReference> { new("Health") },
                    Summary = summary,
                    Description = description,
                    Responses = responses,
                },
            },
        };
    }

    static Dictionary<string, OpenApiMediaType> Json(OpenApiSchema schema, JsonNode example) =>
        new() { ["application/json"] = new() { Schema = schema, Example = example } };

    static JsonObject Readiness(string status, string broker, string? reason, string database = "Healthy") => new()
    {
        ["status"] = status,
        ["checks"] = new JsonObject
        {
            ["database"] = new JsonObject { ["status"] = database, ["description"] = null, ["data"] = null },
            ["outbox"] = new JsonObject { ["status"] = "Healthy", ["description"] = "12 messages wait to be published.", ["data"] = new JsonObject { ["backlog"] = 12, ["oldestAgeSeconds"] = 0.4 } },
            ["masstransit-bus"] = new JsonObject { ["status"] = broker, ["description"] = reason, ["data"] = null },
        },
    };
}
