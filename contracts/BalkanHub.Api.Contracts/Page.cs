namespace BalkanHub.Api.Contracts;

/// <summary>A page of a list, and the cursor to pass as <c>after</c> for the next one (null at the end).</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items, in list order.</param>
/// <param name="Next">The <c>after</c> value for the next page, or null when this page is the last.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
