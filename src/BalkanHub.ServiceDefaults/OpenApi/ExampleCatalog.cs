using System.Text.Json;
using System.Text.Json.Nodes;
using BalkanHub.Api.Contracts;
using BalkanHub.ServiceDefaults.Http;

namespace BalkanHub.ServiceDefaults.OpenApi;

/// <summary>
/// One realistic example per wire type, written as C# values so that a renamed or retyped field breaks
/// the build instead of leaving a stale example in the OpenAPI document. Lists and pages of a type
/// with an example get one too, made of that example.
/// </summary>
public sealed class ExampleCatalog
{
    readonly Dictionary<Type, object> _examples = [];

    /// <summary>Registers <paramref name="example"/> as the example of <typeparamref name="T"/>.</summary>
    public ExampleCatalog Add<T>(T example) where T : notnull
    {
        _examples[typeof(T)] = example;
        return this;
    }

    /// <summary>
    /// Registers an object with the JSON shape of <typeparamref name="T"/>, for a type whose instances
    /// cannot be serialized up front (one that streams its rows).
    /// </summary>
    public ExampleCatalog AddShape<T>(object shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        _examples[typeof(T)] = shape;
        return this;
    }

    /// <summary>The example of <paramref name="type"/> as JSON written with <paramref name="options"/>, or null when there is none.</summary>
    public JsonNode? Find(Type type, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Value(type) is { } value ? JsonSerializer.SerializeToNode(value, value.GetType(), options) : null;
    }

    object? Value(Type type)
    {
        if (_examples.TryGetValue(type, out var example))
            return example;
        if (type.IsArray)
            return One(type.GetElementType()!);
        if (!type.IsGenericType)
            return null;
        var definition = type.GetGenericTypeDefinition();
        var argument = type.GetGenericArguments()[0];
        if (definition == typeof(Page<>))
            return One(argument) is { } items ? Activator.CreateInstance(type, items, null) : null;
        return ListTypes.Contains(definition) ? One(argument) : null;
    }

    // A one-item array serializes as the list would, and is assignable to every read-only list type.
    Array? One(Type item)
    {
        if (Value(item) is not { } value)
            return null;
        var array = Array.CreateInstance(item, 1);
        array.SetValue(value, 0);
        return array;
    }

    static readonly HashSet<Type> ListTypes =
    [
        typeof(List<>), typeof(IList<>), typeof(IReadOnlyList<>), typeof(IEnumerable<>), typeof(ICollection<>),
        typeof(IReadOnlyCollection<>), typeof(IAsyncEnumerable<>),
    ];
}
