namespace BalkanHub.Api.Contracts;

/// <summary>Who is signed in, with which country and roles, as pages show it.</summary>
/// <param name="Name">The person's display name.</param>
/// <param name="Country">The participant they act for, or null for the Commission and agencies without one.</param>
/// <param name="Roles">Their roles.</param>
public sealed record Caller(string Name, string? Country, IReadOnlyList<string> Roles);
