using Microsoft.AspNetCore.Authorization;

namespace BalkanHub.ContactPoint;

/// <summary>Who may do what at a contact point. Every endpoint and hub names one of these.</summary>
public static class ContactPointPolicies
{
    /// <summary>An officer of this contact point's country: posts reports and measures, acknowledges.</summary>
    public const string Officer = "country-officer";

    /// <summary>An officer or viewer of this country, or the Commission or an agency: reads.</summary>
    public const string Reader = "country-reader";

    /// <summary>An operator of this country's contact point: parked outbox rows and their replay.</summary>
    public const string Operator = "country-operator";

    /// <summary>Adds the policies for <paramref name="country"/>.</summary>
    public static void Add(AuthorizationBuilder authorization, string country)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        authorization.AddPolicy(Officer, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.IsInRole(HubRoles.Officer) && c.User.Country() == country));
        authorization.AddPolicy(Reader, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.BelongsTo(country) || c.User.ReadsEverything()));
        authorization.AddPolicy(Operator, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.IsInRole(HubRoles.Operator) && c.User.Country() == country));
    }
}
