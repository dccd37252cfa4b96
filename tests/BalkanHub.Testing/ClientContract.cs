using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;

namespace BalkanHub.Testing;

/// <summary>
/// Whether the client library reads what a service documents: each 2xx JSON example of the service's
/// OpenAPI document, read as the client's type and written again, must keep every field it had, so a
/// field the server adds and the client's type lacks fails a test instead of vanishing silently.
/// </summary>
public static partial class ClientContract
{
    /// <summary>The JSON options the client library reads answers with (BalkanHubClient.JsonOptions: the web defaults).</summary>
    public static JsonSerializerOptions ClientJson { get; } = JsonSerializerOptions.Web;

    /// <summary>What the client method named <paramref name="method"/> answers with: <c>T</c> of its <c>Task&lt;T&gt;</c>.</summary>
    public static Type AnswerType(Type client, string method)
    {
        ArgumentNullException.ThrowIfNull(client);
        var returns = client.GetMethods().Where(m => m.Name == method).Select(m => m.ReturnType).Distinct().Single();
        return returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>) ? returns.GetGenericArguments()[0] : returns;
    }

    /// <summary>The example of an operation's first 2xx JSON answer.</summary>
    public static JsonNode? ResponseExample(JsonObject document, string method, string path)
    {
        ArgumentNullException.ThrowIfNull(document);
        var responses = document["paths"]?[path]?[method.ToLowerInvariant()]?["responses"]?.AsObject() ?? [];
        return responses.Where(r => r.Key.StartsWith('2')).Select(r => r.Value?["content"]?["application/json"]?["example"]).FirstOrDefault(e => e is not null)?.DeepClone();
    }

    /// <summary>
    /// The fields of the operation's answer example that do not survive a round trip through
    /// <paramref name="clientType"/>, one line each (a JSON path and what became of it); empty when all do.
    /// </summary>
    public static IReadOnlyList<string> DroppedFields(JsonObject document, string method, string path, Type clientType)
    {
        ArgumentNullException.ThrowIfNull(clientType);
        var name = $"{method.ToUpperInvariant()} {path}";
        if (ResponseExample(document, method, path) is not { } example)
            return [$"{name}: the document has no 2xx JSON example"];
        JsonNode? again;
        try
        {
            var read = example.Deserialize(clientType, ClientJson);
            again = JsonSerializer.SerializeToNode(read, clientType, ClientJson);
        }
        catch (JsonException e)
        {
            return [$"{name}: the example does not read as {clientType.Name}: {e.Message}"];
        }
        var problems = new List<string>();
        Compare(example, again, "$", problems);
        return problems.ConvertAll(p => $"{name} as {clientType.Name}: {p}");
    }

    /// <summary>
    /// Each operation whose OpenAPI document shows a 2xx JSON example, with the type the service declares
    /// for that answer (from the API explorer, as the document was made).
    /// </summary>
    public static IReadOnlyList<(string Method, string Path, Type ServerType)> DocumentedAnswers(JsonObject document, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var found = new List<(string, string, Type)>();
        var descriptions = services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items.SelectMany(g => g.Items);
        foreach (var description in descriptions)
        {
            var path = "/" + Parameter().Replace(description.RelativePath ?? "", m => $"{{{m.Groups["name"].Value}}}").TrimEnd('/');
            var method = description.HttpMethod!.ToLowerInvariant();
            if (ResponseExample(document, method, path) is null)
                continue;
            var answer = description.SupportedResponseTypes
                .Where(r => r.StatusCode is >= 200 and <= 299 && r.Type is not null && r.Type != typeof(void))
                .OrderBy(r => r.StatusCode).Select(r => r.Type!).FirstOrDefault();
            if (answer is not null)
                found.Add((method, path, answer));
        }
        return found;
    }

    /// <summary>
    /// Whether a client can read <paramref name="type"/> as it is: a record of the shared contracts
    /// (<c>BalkanHub.Api.Contracts</c>, <c>BalkanHub.Contracts</c>), a .NET type, or a list or array of those.
    /// A type of the service's own cannot be, so its answer has no client type.
    /// </summary>
    public static bool IsShared(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsArray)
            return IsShared(type.GetElementType()!);
        if (type.IsGenericType && !type.GetGenericArguments().All(IsShared))
            return false;
        var assembly = type.Assembly.GetName().Name ?? "";
        return assembly is "BalkanHub.Api.Contracts" or "BalkanHub.Contracts" || (type.Namespace ?? "").StartsWith("System", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{(?<name>[^}:=?*]+)(?<constraint>[^}]*)\}")]
    private static partial Regex Parameter();

    // Every field of the example must be there again with the same value; fields the client adds are its own business.
    static void Compare(JsonNode? expected, JsonNode? actual, string at, List<string> problems)
    {
        switch (expected)
        {
            case JsonObject o when actual is JsonObject a:
                foreach (var (key, value) in o)
                {
                    if (!a.ContainsKey(key))
                        problems.Add($"{at}.{key} is dropped");
                    else
                        Compare(value, a[key], $"{at}.{key}", problems);
                }
                break;
            case JsonArray o when actual is JsonArray a:
                if (o.Count != a.Count)
                    problems.Add($"{at} has {a.Count} items instead of {o.Count}");
                for (var i = 0; i < Math.Min(o.Count, a.Count); i++)
                    Compare(o[i], a[i], string.Create(CultureInfo.InvariantCulture, $"{at}[{i}]"), problems);
                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                    problems.Add($"{at} was {expected?.ToJsonString() ?? "null"} and is {actual?.ToJsonString() ?? "null"}");
                break;
        }
    }
}
