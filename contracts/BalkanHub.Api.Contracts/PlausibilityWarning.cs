namespace BalkanHub.Api.Contracts;

/// <summary>A figure that is accepted but looks wrong: the field, as a 400 would name it, and why.</summary>
/// <param name="Field">The JSON path of the field, such as <c>capacity.occupied</c>.</param>
/// <param name="Message">What looks wrong, with the figures.</param>
public sealed record PlausibilityWarning(string Field, string Message);
