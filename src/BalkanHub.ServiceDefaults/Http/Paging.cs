using BalkanHub.Api.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BalkanHub.ServiceDefaults.Http;

/// <summary>The shared rules of every list: <c>limit</c> between 1 and 1000, 100 when absent.</summary>
public static class Paging
{
    /// <summary>Items per page when no limit is asked for.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page served.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The limit to use, or a 400 naming <c>limit</c>.</summary>
    public static bool TryLimit(int? limit, out int value, out ValidationProblem? problem)
    {
        value = limit ?? DefaultLimit;
        problem = null;
        if (value is >= 1 and <= MaxLimit)
            return true;
        problem = TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["limit"] = [$"must be between 1 and {MaxLimit}."],
        });
        return false;
    }

    /// <summary>Makes a page from one more item than asked for: the extra one only says there is more.</summary>
    public static Page<T> Of<T>(IReadOnlyList<T> fetched, int limit, Func<T, string> cursor)
    {
        ArgumentNullException.ThrowIfNull(fetched);
        ArgumentNullException.ThrowIfNull(cursor);
        if (fetched.Count <= limit)
            return new Page<T>(fetched, null);
        var items = fetched.Take(limit).ToList();
        return new Page<T>(items, cursor(items[^1]));
    }
}
