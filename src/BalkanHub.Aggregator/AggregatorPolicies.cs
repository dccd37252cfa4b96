using Microsoft.AspNetCore.Authorization;

namespace BalkanHub.Aggregator;

/// <summary>Who may do what at the aggregator. Every endpoint and hub names one of these.</summary>
public static class AggregatorPolicies
{
    /// <summary>The Commission, the agencies and operators: read everything.</summary>
    public const string Reader = "hub-reader";

    /// <summary>Any signed-in participant: reads what was relayed to it (checked per item).</summary>
    public const string Participant = "participant";

    /// <summary>Operators: dead letters and replay.</summary>
    public const string Operator = "operator";

    /// <summary>Adds the policies.</summary>
    public static void Add(AuthorizationBuilder authorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        authorization.AddPolicy(Reader, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.ReadsEverything() || c.User.IsInRole(HubRoles.Operator)));
        authorization.AddPolicy(Participant, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.Country() is not null && HubRoles.All.Any(c.User.IsInRole)));
        authorization.AddPolicy(Operator, p => p.RequireAuthenticatedUser().RequireRole(HubRoles.Operator));
    }
}
