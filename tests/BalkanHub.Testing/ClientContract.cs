using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BalkanHub.Testing;

/// <summary>
/// Whether the client library reads what a service documents: each 2xx JSON example of the service's
/// OpenAPI document, read as the client's type and written again, must keep every field it had, so a
/// field the server adds and the client's type lacks fails a test instead of vanishing silently.
/// </summary>
public static class ClientContract
{
    /// <summary>The JSON options the client library reads answers with.</summary>
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
