using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BalkanHub.Domain.Validation;

/// <summary>The names an enumeration has on the wire, to tell a caller what it may send.</summary>
public static class EnumNames
{
    /// <summary>Each listed value's <c>JsonStringEnumMemberName</c>, or its camelCase name, in declaration order.</summary>
    public static IReadOnlyList<string> Of<T>() where T : struct, Enum =>
        [.. typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(f.Name))];

    /// <summary>One value's name on the wire, as <see cref="Of{T}"/> lists it.</summary>
    public static string NameOf<T>(T value) where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>The value with this wire name; stored names are written by <see cref="NameOf{T}"/>, so an unknown one is a broken store.</summary>
    public static T Parse<T>(string name) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            if (NameOf(value) == name)
                return value;
        }
        throw new ArgumentException($"'{name}' is not a {typeof(T).Name}.", nameof(name));
    }
}
