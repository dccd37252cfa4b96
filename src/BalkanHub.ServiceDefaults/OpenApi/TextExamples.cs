using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace BalkanHub.ServiceDefaults.OpenApi;

/// <summary>Documents a 200 that is not JSON (CSV, Atom, CAP), which results do not describe themselves, with an example.</summary>
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
        return builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            operation.Responses ??= [];
            var code = StatusCodes.Status200OK.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var response = operation.Responses.TryGetValue(code, out var existing) && existing is OpenApiResponse concrete ? concrete : new OpenApiResponse();
            response.Description = description;
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content.Clear();
            response.Content[contentType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = JsonValue.Create(example(context.ApplicationServices)),
            };
            operation.Responses[code] = response;
            return Task.CompletedTask;
        });
    }
}
