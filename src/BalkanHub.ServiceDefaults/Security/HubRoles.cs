using System.Security.Claims;

namespace BalkanHub.ServiceDefaults.Security;

/// <summary>The roles a caller can hold.</summary>
public static class HubRoles
{
    /// <summary>Writes and reads for its own country only.</summary>
    public const string Officer = "officer";

    /// <summary>Reads only what was relayed to its country.</summary>
    public const string Viewer = "viewer";

    /// <summary>The Commission: reads everything, writes nothing national.</summary>
    public const string Commission = "commission";

    /// <summary>Frontex, EASO, UNHCR: read everything; report progress on their own commitments.</summary>
    public const string Agency = "agency";

    /// <summary>Runs the hub: dead letters and replay.</summary>
    public const string Operator = "operator";

    /// <summary>Every role.</summary>
    public static readonly IReadOnlyList<string> All = [Officer, Viewer, Commission, Agency, Operator];

    /// <summary>The roles a person of a participant of this kind may hold: sign-in pages offer these.</summary>
    public static IReadOnlyList<string> Of(BalkanHub.Api.Contracts.ParticipantRole participant) => participant switch
    {
        BalkanHub.Api.Contracts.ParticipantRole.Country or BalkanHub.Api.Contracts.ParticipantRole.Observer => [Officer, Viewer],
        BalkanHub.Api.Contracts.ParticipantRole.Commission => [Commission, Operator],
        _ => [Agency],
    };

    /// <summary>Claim types as the services see them, whatever the identity provider calls them.</summary>
    public const string CountryClaimType = "country";

    /// <summary>The role claim type.</summary>
    public const string RoleClaimType = "role";
}

/// <summary>Reading a caller's identity.</summary>
public static class CallerExtensions
{
    /// <summary>The caller's participant code, or null.</summary>
    public static string? Country(this ClaimsPrincipal user) => user?.FindFirst(HubRoles.CountryClaimType)?.Value;

    /// <summary>The person (subject), for the audit trail.</summary>
    public static string Subject(this ClaimsPrincipal user) =>
        user?.FindFirst("sub")?.Value ?? user?.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "anonymous";

    /// <summary>Whether the caller reads everything: the Commission or an agency.</summary>
    public static bool ReadsEverything(this ClaimsPrincipal user) =>
        user is not null && (user.IsInRole(HubRoles.Commission) || user.IsInRole(HubRoles.Agency));

    /// <summary>Whether the caller is an officer or viewer of this participant.</summary>
    public static bool BelongsTo(this ClaimsPrincipal user, string country) =>
        user is not null && user.Country() == country && (user.IsInRole(HubRoles.Officer) || user.IsInRole(HubRoles.Viewer));
}
