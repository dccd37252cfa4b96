using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BalkanHub.ServiceDefaults.OpenApi;

/// <summary>
/// Puts the catalog's example on each JSON request body and each JSON 2xx answer, written with the
/// service's own JSON options, so that the example reads exactly as the wire does.
/// </summary>
sealed class OperationExamples : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var catalog = context.ApplicationServices.GetRequiredService<IOptions<HubOpenApiOptions>>().Value.Examples;
        var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        var body = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body);
        if (body is not null && operation.RequestBody?.Content is { } requestContent)
        {
            foreach (var media in Json(requestContent))
                media.Example ??= WithoutNulls(catalog.Find(body.Type, json));
        }

        foreach (var answer in context.Description.SupportedResponseTypes)
        {
            if (answer.StatusCode is < 200 or > 299 || answer.Type is null || answer.Type == typeof(void))
                continue;
            if (operation.Responses?.TryGetValue(answer.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true && response.Content is { } content)
            {
                foreach (var media in Json(content))
                    media.Example ??= catalog.Find(answer.Type, json);
            }
        }
        return Task.CompletedTask;
    }

    // A client leaves out what it does not send; the answers keep their nulls, as the wire does.
    static JsonNode? WithoutNulls(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            foreach (var name in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
                o.Remove(name);
            foreach (var (_, value) in o)
                WithoutNulls(value);
        }
        else if (node is JsonArray a)
        {
            foreach (var item in a)
                WithoutNulls(item);
        }
        return node;
    }

    static IEnumerable<OpenApiMediaType> Json(IDictionary<string, OpenApiMediaType> content) =>
        content.Where(c => c.Key.Contains("json", StringComparison.OrdinalIgnoreCase)).Select(c => c.Value);
}
