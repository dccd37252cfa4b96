namespace BalkanHub.Domain.Validation;

/// <summary>
/// Collects every problem found in one input, keyed by the JSON path of the field in camelCase
/// (<c>composition.children</c>, <c>arrivals.byCrossingPoint[2].crossingPoint</c>), so a 400 answer
/// names each bad field rather than the first one.
/// </summary>
public sealed class ValidationErrors
{
    readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>Whether nothing was found.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>The fields with problems.</summary>
    public IEnumerable<string> Fields => _errors.Keys;

    /// <summary>Records a problem with a field.</summary>
    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
            _errors[field] = messages = [];
        messages.Add(message);
    }

    /// <summary>The shape ASP.NET Core's validation problem details expect.</summary>
    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>One line per field, for logs and for rejections on the bus.</summary>
    public override string ToString() =>
        string.Join("; ", _errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));

    /// <summary>Checks a required count: present, and not negative.</summary>
    public int Count(int? value, string field)
    {
        if (value is null)
            Add(field, "is required.");
        else if (value < 0)
            Add(field, "must not be negative.");
        return value ?? 0;
    }

    /// <summary>Checks a required value of any kind.</summary>
    public T Required<T>(T? value, string field) where T : class
    {
        if (value is null)
            Add(field, "is required.");
        return value!;
    }

    /// <summary>Checks a required value of any value type.</summary>
    public T Required<T>(T? value, string field) where T : struct
    {
        if (value is null)
            Add(field, "is required.");
        return value ?? default;
    }

    /// <summary>
    /// Checks an optional free text (notes, a description, a reason): its length, and that it holds no
    /// control characters but line breaks and tabs (<see cref="TextRules"/>).
    /// </summary>
    public string? Text(string? value, string field, int maxLength) => Checked(value, field, maxLength, freeText: true);

    /// <summary>Checks an optional one-line text (a title, an item's name, a unit): its length, and no control characters at all.</summary>
    public string? Line(string? value, string field, int maxLength) => Checked(value, field, maxLength, freeText: false);

    string? Checked(string? value, string field, int maxLength, bool freeText)
    {
        if (value is null)
            return null;
        if (value.Length > maxLength)
            Add(field, $"must be at most {maxLength} characters.");
        if (TextRules.Problem(value, freeText) is { } problem)
            Add(field, problem);
        return value;
    }

    /// <summary>
    /// Checks a required value of an enumeration: present, and one of its listed values. A JSON reader
    /// may take a number for an enumeration (<c>"severity": 100</c>); this refuses whatever is not listed.
    /// </summary>
    public T Listed<T>(T? value, string field) where T : struct, Enum
    {
        if (value is null)
            Add(field, "is required.");
        else if (!Enum.IsDefined(value.Value))
            Add(field, $"must be one of {string.Join(", ", EnumNames.Of<T>())}.");
        return value ?? default;
    }
}
