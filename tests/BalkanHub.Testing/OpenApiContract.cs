using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BalkanHub.Testing;

/// <summary>
/// What a service's OpenAPI document (<c>/openapi/v1.json</c>) promises integrators, checked against the
/// endpoints the service really maps and the way they really answer, so that an endpoint added without
/// a summary, an example or its error answers fails a test.
/// </summary>
public static partial class OpenApiContract
{
    /// <summary>The document as the service serves it.</summary>
    public static async Task<JsonObject> ReadAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return (await client.GetFromJsonAsync<JsonObject>(new Uri("/openapi/v1.json", UriKind.Relative)))!;
    }

    /// <summary>The example of an operation's JSON request body.</summary>
    public static JsonNode? RequestExample(JsonObject document, string method, string path)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document["paths"]?[path]?[method.ToLowerInvariant()]?["requestBody"]?["content"]?["application/json"]?["example"]?.DeepClone();
    }

    /// <summary>
    /// Every endpoint the service maps under <c>/api</c>, <c>/feeds</c> and <c>/health</c> (pages, sign-in
    /// and hubs are not part of the API), as its method, its OpenAPI path and a URL that reaches it.
    /// </summary>
    public static IReadOnlyList<(string Method, string Path, string Url)> Endpoints(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var found = new List<(string, string, string)>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true)
                continue;
            var raw = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (!new[] { "/api/", "/feeds/", "/health/" }.Any(p => raw.StartsWith(p, StringComparison.Ordinal)))
                continue;
            var path = Parameter().Replace(raw, m => $"{{{m.Groups["name"].Value}}}");
            // A value each constraint accepts, so that the request reaches the endpoint and not a 404 of routing.
            var url = Parameter().Replace(raw, m => m.Groups["constraint"].Value switch
            {
                var c when c.Contains(":guid", StringComparison.Ordinal) => Guid.Empty.ToString(),
                var c when c.Contains(":long", StringComparison.Ordinal) || c.Contains(":int", StringComparison.Ordinal) => "1",
                _ => "x",
            });
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                found.Add((method, path, url));
        }
        return found;
    }

    /// <summary>
    /// Everything the document gets wrong, one line each: an endpoint missing from it; an operation
    /// without a summary, a documented 2xx, an example on a 2xx JSON answer or on its request body; a body
    /// without a 400 problem answer; a 4xx that is not problem details; and 401 and 403 documented exactly
    /// where the endpoint answers a caller without a token with a 401 problem.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(HttpClient anonymous, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(anonymous);
        var document = await ReadAsync(anonymous);
        var paths = document["paths"]!.AsObject();
        var problems = new List<string>();
        var endpoints = Endpoints(services);
        if (endpoints.Count == 0)
            problems.Add("no endpoint was found to check");
        TestContext.Out.WriteLine($"Checking {endpoints.Count} operations of /openapi/v1.json");
        foreach (var (method, path, url) in endpoints)
        {
            var name = $"{method} {path}";
            if (paths[path]?[method.ToLowerInvariant()] is not JsonObject operation)
            {
                problems.Add($"{name}: not in the document");
                continue;
            }
            if (string.IsNullOrWhiteSpace((string?)operation["summary"]))
                problems.Add($"{name}: no summary");

            var responses = operation["responses"]?.AsObject() ?? [];
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (success.Count == 0)
                problems.Add($"{name}: no 2xx answer");
            foreach (var (code, response) in success)
            {
                var content = response?["content"]?.AsObject() ?? [];
                if (content.Count == 0 && code != "204")
                    problems.Add($"{name}: {code} has no content");
                foreach (var (type, media) in content.Where(c => c.Key.Contains("json", StringComparison.Ordinal)))
                {
                    if (media?["example"] is null)
                        problems.Add($"{name}: {code} {type} has no example");
                }
            }

            if (operation["requestBody"] is JsonObject body)
            {
                foreach (var (type, media) in body["content"]?.AsObject() ?? [])
                {
                    if (media?["example"] is null)
                        problems.Add($"{name}: request body {type} has no example");
                }
                if (responses["400"]?["content"]?["application/problem+json"] is null)
                    problems.Add($"{name}: takes a body but documents no 400 problem");
            }

            foreach (var (code, response) in responses.Where(r => r.Key.StartsWith('4')))
            {
                if (response?["content"]?["application/problem+json"]?["schema"] is null)
                    problems.Add($"{name}: {code} is not documented as application/problem+json");
            }

            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
            using var answer = await anonymous.SendAsync(request);
            var closed = answer.StatusCode == HttpStatusCode.Unauthorized;
            if (closed && answer.Content.Headers.ContentType?.MediaType != "application/problem+json")
                problems.Add($"{name}: answers 401 with {answer.Content.Headers.ContentType?.MediaType ?? "no body"}, not problem details");
            foreach (var code in new[] { "401", "403" })
            {
                if (closed && responses[code] is null)
                    problems.Add($"{name}: requires authorization but documents no {code}");
                if (!closed && responses[code] is not null)
                    problems.Add($"{name}: documents {code} but answers {(int)answer.StatusCode} without a token");
            }
        }
        return problems;
    }

    /// <summary>
    /// Each request body example, read as the endpoint reads it (its parameter type, the service's JSON
    /// options, unknown fields refused): the operations whose example does not deserialize, with why.
    /// </summary>
    public static async Task<IReadOnlyList<string>> UnreadableRequestExamplesAsync(HttpClient anonymous, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var document = await ReadAsync(anonymous);
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var problems = new List<string>();
        var bodies = services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items.SelectMany(g => g.Items)
            .SelectMany(d => d.ParameterDescriptions.Where(p => p.Source == BindingSource.Body).Select(p => (Description: d, p.Type)));
        var checkedBodies = 0;
        foreach (var (description, type) in bodies)
        {
            var path = "/" + Parameter().Replace(description.RelativePath ?? "", m => $"{{{m.Groups["name"].Value}}}").TrimEnd('/');
            var name = $"{description.HttpMethod} {path}";
            if (RequestExample(document, description.HttpMethod!, path) is not { } example)
            {
                problems.Add($"{name}: no request example");
                continue;
            }
            try
            {
                if (example.Deserialize(type, json) is null)
                    problems.Add($"{name}: the example reads as null");
                checkedBodies++;
            }
            catch (JsonException e)
            {
                problems.Add($"{name}: the example is not a {type.Name}: {e.Message}");
            }
        }
        if (checkedBodies == 0)
            problems.Add("no request body was found to check");
        return problems;
    }

    [GeneratedRegex(@"\{(?<name>[^}:=?*]+)(?<constraint>[^}]*)\}")]
    private static partial Regex Parameter();
}
