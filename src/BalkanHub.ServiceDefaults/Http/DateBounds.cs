using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BalkanHub.ServiceDefaults.Http;

/// <summary>
/// The days a query may name. Anything the hub serves lies far inside them, and a year or more of
/// arithmetic either side of them stays within <see cref="DateOnly"/>, so a day near 0001-01-01 or
/// 9999-12-31 is a 400 naming the parameter instead of an overflow and a 500.
/// </summary>
public static class DateBounds
{
    /// <summary>The earliest day a query may name.</summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>The latest day a query may name.</summary>
    public static readonly DateOnly Latest = new(2999, 12, 31);

    /// <summary>A 400 naming each given day outside the bounds, or null when all are inside.</summary>
    public static ValidationProblem? Check(params (string Name, DateOnly? Value)[] days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var errors = days.Where(d => d.Value is { } day && (day < Earliest || day > Latest))
            .ToDictionary(d => d.Name, _ => new[] { $"must be between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}." });
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }
}
