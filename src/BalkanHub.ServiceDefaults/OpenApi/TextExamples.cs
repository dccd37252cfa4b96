using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace BalkanHub.ServiceDefaults.OpenApi;

/// <summary>Documents a 200 that is not JSON (CSV, Atom, CAP, a workbook), which results do not describe themselves, with an example where one can be shown.</summary>
public static class TextExamples
{
    /// <summary>
    /// Says the endpoint answers 200 with <paramref name="contentType"/>, as text, and shows
    /// <paramref name="example"/>, made when the document is (from the application's services, so that it
    /// can be written by the same code as the real answer).
    /// </summary>
    public static TBuilder ProducesText<TBuilder>(this TBuilder builder, string contentType, string description, Func<IServiceProvider, string> example)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(example);
        return builder.Produces200(contentType, description, new OpenApiSchema { Type = JsonSchemaType.String }, services => JsonValue.Create(example(services)));
    }

    /// <summary>
    /// Says the endpoint answers 200 with a file in <paramref name="contentType"/> (a workbook, say), a binary
    /// string in OpenAPI's terms, which no example in a JSON document could show.
    /// </summary>
    public static TBuilder ProducesFile<TBuilder>(this TBuilder builder, string contentType, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.Produces200(contentType, description, new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" }, example: null);

    static TBuilder Produces200<TBuilder>(this TBuilder builder, string contentType, string description, OpenApiSchema schema, Func<IServiceProvider, JsonNode?>? example)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            operation.Responses ??= [];
            var code = StatusCodes.Status200OK.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var response = operation.Responses.TryGetValue(code, out var existing) && existing is OpenApiResponse concrete ? concrete : new OpenApiResponse();
            response.Description = description;
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content.Clear();
            response.Content[contentType] = new OpenApiMediaType
            {
                Schema = schema,
                Example = example?.Invoke(context.ApplicationServices),
            };
            operation.Responses[code] = response;
            return Task.CompletedTask;
        });
}
