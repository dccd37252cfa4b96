using System.Text.Json.Serialization;

namespace BalkanHub.Contracts;

/// <summary>
/// Reads and writes an enumeration as the names its <see cref="JsonStringEnumMemberNameAttribute"/>s give,
/// and nothing else. The framework's <see cref="JsonStringEnumConverter{TEnum}"/> also takes numbers by
/// default, so <c>"severity": 100</c> or <c>"type": 999</c> became values no list has; this one refuses
/// them, so a reader reports the field instead of storing a value nobody can show.
/// </summary>
/// <typeparam name="TEnum">The enumeration.</typeparam>
public sealed class StrictEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
