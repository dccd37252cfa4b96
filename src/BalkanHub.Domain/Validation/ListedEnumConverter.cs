using System.Text.Json.Serialization;

namespace BalkanHub.Domain.Validation;

/// <summary>
/// Reads an enumeration from the names its <see cref="JsonStringEnumMemberNameAttribute"/>s list, and
/// nothing else. The contracts' <see cref="JsonStringEnumConverter{TEnum}"/> also reads numbers, so
/// <c>"severity": 100</c> or <c>"type": 999</c> became values no list has. The drafts put this one on
/// their enumerations, so a request is answered with a 400 naming the field; the contracts keep theirs,
/// so whatever was stored earlier stays readable. The bus has its own (see the services' bus set-up),
/// and the rules check <see cref="Enum.IsDefined{TEnum}(TEnum)"/> as well (<see cref="ValidationErrors.Listed"/>).
/// </summary>
/// <typeparam name="TEnum">The enumeration.</typeparam>
public sealed class ListedEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
