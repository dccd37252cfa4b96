using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using BalkanHub.Contracts;

namespace BalkanHub.SchemaGen;

/// <summary>
/// The JSON Schema of each bus message, made from its record with <see cref="JsonSchemaExporter"/>, and
/// the comparison the drift test uses. Nested records are inlined by the exporter.
/// </summary>
public static partial class ContractSchemas
{
    /// <summary>The one command that rewrites the committed schemas, from the repository root.</summary>
    public const string RegenerateCommand = "dotnet run --project tools/BalkanHub.SchemaGen";

    /// <summary>The dialect the exporter writes.</summary>
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>
    /// The web defaults the bus and the API serialize with (camelCase members; enums by their
    /// <c>JsonStringEnumMemberName</c>). Nullable annotations are respected for the schema only, so that
    /// it tells which members may be null or absent; the records say the same.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerOptions.Web) { RespectNullableAnnotations = true };

    static readonly JsonSerializerOptions FileOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        // Keep descriptions readable: "Bregana–Obrežje", not "Bregana\u2013Obre\u017Eje".
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    static readonly Lazy<IReadOnlyDictionary<string, string>> Docs = new(LoadDocs);

    /// <summary>The schema's file name: <c>DailyReportSubmitted.schema.json</c>.</summary>
    public static string FileName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return $"{type.Name}.schema.json";
    }

    /// <summary>The schema's <c>$id</c>.</summary>
    public static string Id(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return $"urn:balkanhub:contracts:schemas:{type.Name}";
    }

    /// <summary>The schema of <paramref name="type"/>, with <c>$schema</c>, <c>$id</c>, a title and the record's documentation.</summary>
    public static JsonObject Generate(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var exported = JsonSchemaExporter.GetJsonSchemaAsNode(Options, type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Describe,
        }).AsObject();
        var schema = new JsonObject
        {
            ["$schema"] = Dialect,
            ["$id"] = Id(type),
            ["title"] = type.Name,
        };
        foreach (var (key, value) in exported.ToList())
        {
            exported.Remove(key);
            schema[key] = value;
        }
        return schema;
    }

    /// <summary>The schema as the committed file holds it: two-space indents, LF line ends, a final newline.</summary>
    public static string Serialize(JsonNode schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.ToJsonString(FileOptions).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Where the committed schemas live: <c>contracts/schemas</c> in the clone.</summary>
    public static string Folder(string repositoryRoot) => Path.Combine(repositoryRoot, "contracts", "schemas");

    /// <summary>The clone's root: the first folder above <paramref name="start"/> holding BalkanHub.sln.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "BalkanHub.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No BalkanHub.sln above {start}.");
    }

    /// <summary>
    /// Where two schemas differ, as JSON paths with what each side holds; empty when they are the same
    /// JSON (member order and formatting do not count).
    /// </summary>
    public static IReadOnlyList<string> Differences(JsonNode? committed, JsonNode? generated)
    {
        var found = new List<string>();
        Compare("$", committed, generated, found);
        return found;
    }

    static void Compare(string path, JsonNode? committed, JsonNode? generated, List<string> found)
    {
        switch (committed, generated)
        {
            case (JsonObject left, JsonObject right):
                foreach (var (key, value) in left)
                {
                    if (right.TryGetPropertyValue(key, out var other))
                        Compare($"{path}.{key}", value, other, found);
                    else
                        found.Add($"{path}.{key}: in the committed schema, not in the record");
                }
                foreach (var (key, _) in right.Where(p => !left.ContainsKey(p.Key)))
                    found.Add($"{path}.{key}: in the record, not in the committed schema");
                break;
            case (JsonArray left, JsonArray right):
                if (left.Count != right.Count)
                    found.Add($"{path}: {left.ToJsonString()} committed, {right.ToJsonString()} generated");
                else
                    for (var i = 0; i < left.Count; i++)
                        Compare($"{path}[{i}]", left[i], right[i], found);
                break;
            default:
                if (!JsonNode.DeepEquals(committed, generated))
                    found.Add($"{path}: {committed?.ToJsonString() ?? "nothing"} committed, {generated?.ToJsonString() ?? "nothing"} generated");
                break;
        }
    }

    /// <summary>Adds each record's and member's XML documentation as the schema's <c>description</c>.</summary>
    static JsonNode Describe(JsonSchemaExporterContext context, JsonNode schema)
    {
        // "Any JSON" (a JsonElement, such as RelayItem.payload) comes as the schema `true`: an empty object
        // means the same and can carry a description.
        var node = schema switch
        {
            JsonObject o => o,
            JsonValue v when v.GetValueKind() == JsonValueKind.True => [],
            _ => null,
        };
        if (node is null)
            return schema;
        var member = context.PropertyInfo?.AttributeProvider as MemberInfo;
        var text = member is PropertyInfo property
            ? Doc($"P:{Name(property.DeclaringType!)}.{property.Name}")
            : context.PropertyInfo is null && !context.Path.IsEmpty ? null : Doc($"T:{Name(context.TypeInfo.Type)}");
        if (text is not null)
            node.Insert(0, "description", text);
        return node;
    }

    static string Name(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    static string? Doc(string key) => Docs.Value.TryGetValue(key, out var text) ? text : null;

    static Dictionary<string, string> LoadDocs()
    {
        var assembly = typeof(RelayItem).Assembly;
        var file = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(file))
            throw new FileNotFoundException($"The contracts' XML documentation is missing beside {assembly.Location}; build BalkanHub.Contracts (it sets GenerateDocumentationFile).", file);
        return XDocument.Load(file).Descendants("member")
            .Select(m => (Key: (string?)m.Attribute("name"), Summary: m.Element("summary")))
            .Where(m => m.Key is not null && m.Summary is not null)
            .ToDictionary(m => m.Key!, m => Flatten(m.Summary!), StringComparer.Ordinal);
    }

    /// <summary>The summary as plain text: <c>see cref</c> becomes the member's name, whitespace collapses.</summary>
    static string Flatten(XElement summary)
    {
        var text = string.Concat(summary.Nodes().Select(n => n switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" } see => Short((string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? see.Value),
            XElement e => e.Value,
            _ => "",
        }));
        return Whitespace().Replace(text, " ").Trim();
    }

    static string Short(string cref) => cref[(cref.LastIndexOf('.') + 1)..];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
