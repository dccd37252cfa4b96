using System.Globalization;
using System.Text.Json;
using BalkanHub.Contracts;
using BalkanHub.Domain.Route;

namespace BalkanHub.Messaging.Relay;

/// <summary>
/// Reads the filters of the inbox and the feed. A value that names nothing (an unknown kind, a source
/// that is no participant) is a 400 naming the parameter, never a silent "everything".
/// </summary>
public sealed class ItemFilters
{
    /// <summary>The source of items the hub raises itself.</summary>
    public const string HubSource = "HUB";

    /// <summary>The longest text search accepted.</summary>
    public const int MaxQueryLength = 200;

    readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    /// <summary>What is wrong, by parameter; empty when every filter read.</summary>
    public IReadOnlyDictionary<string, string[]> Errors => _errors;

    /// <summary>The kind asked for, such as <c>dailyReport</c>, or null for every kind.</summary>
    public RelayedItemKind? Kind(string? value, string name = "kind")
    {
        if (value is null)
            return null;
        try
        {
            if (value.Length > 0 && value.All(char.IsAsciiLetter))
                return JsonSerializer.Deserialize<RelayedItemKind>($"\"{value}\"");
        }
        catch (JsonException)
        {
        }
        _errors[name] = [$"'{value}' is not a kind; use one of: {string.Join(", ", Enum.GetValues<RelayedItemKind>().Select(k => JsonSerializer.Serialize(k).Trim('"')))}."];
        return null;
    }

    /// <summary>The source asked for: a participant on the route, or <see cref="HubSource"/>; null for every source.</summary>
    public string? Source(string? value, RouteMap route, string name = "source")
    {
        ArgumentNullException.ThrowIfNull(route);
        if (value is null)
            return null;
        if (value == HubSource || route.Find(value) is not null)
            return value;
        _errors[name] = [$"'{value}' is not a participant of the route '{route.Name}' nor {HubSource}."];
        return null;
    }

    /// <summary>A true/false filter, or null when absent.</summary>
    public bool? Flag(string? value, string name)
    {
        if (value is null)
            return null;
        if (bool.TryParse(value, out var flag))
            return flag;
        _errors[name] = ["must be true or false."];
        return null;
    }

    /// <summary>A day (YYYY-MM-DD), or null when absent.</summary>
    public DateOnly? Day(string? value, string name)
    {
        if (value is null)
            return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;
        _errors[name] = ["must be a date as YYYY-MM-DD."];
        return null;
    }

    /// <summary>A text to search for, or null when absent.</summary>
    public string? Text(string? value, string name = "q")
    {
        if (value is null)
            return null;
        if (value.Trim().Length is > 0 and <= MaxQueryLength)
            return value.Trim();
        _errors[name] = [$"must be 1 to {MaxQueryLength} characters."];
        return null;
    }

    /// <summary>Checks that <paramref name="from"/> is not after <paramref name="to"/>.</summary>
    public void Range(DateOnly? from, DateOnly? to)
    {
        if (from > to)
            _errors["from"] = ["must not be after to."];
    }
}
