using System.Text.Json;
using System.Text.Json.Nodes;

namespace BalkanHub.Cli;

/// <summary>Input files that hold one JSON body, as the API takes it; comments and trailing commas are allowed.</summary>
internal static class JsonInput
{
    /// <summary>The object in <paramref name="file"/>; an <see cref="InputException"/> naming <paramref name="what"/> when it is not one.</summary>
    public static async Task<JsonObject> ReadObjectAsync(FileInfo file, string what, CancellationToken cancellationToken)
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken),
            documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        return json as JsonObject ?? throw new InputException($"{file.Name} should hold one {what}, a JSON object.");
    }

    /// <summary>An enumeration value as the API writes it (<c>inForce</c>, <c>accepted</c>).</summary>
    public static string Wire<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

/// <summary>How every command marks exercise traffic, so that practice is never read as real.</summary>
internal static class Exercise
{
    /// <summary>The marker, a tab-separated field of its own after the others.</summary>
    public const string Marker = "EXERCISE";

    /// <summary>A tab and the marker for exercise traffic, nothing otherwise.</summary>
    public static string Mark(bool exercise) => exercise ? "\t" + Marker : "";
}
