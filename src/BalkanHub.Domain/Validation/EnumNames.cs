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
}
