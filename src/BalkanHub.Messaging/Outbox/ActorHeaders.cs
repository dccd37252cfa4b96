using System.Text.Json;
using BalkanHub.ServiceDefaults.Security;
using MassTransit;
using Microsoft.AspNetCore.Http;

namespace BalkanHub.Messaging.Outbox;

/// <summary>Who caused a message, carried in its headers for the audit trail.</summary>
public static class ActorHeaders
{
    /// <summary>The person (token subject).</summary>
    public const string Actor = "BalkanHub-Actor";

    /// <summary>The person's role.</summary>
    public const string Role = "BalkanHub-Actor-Role";

    /// <summary>The client's address.</summary>
    public const string Origin = "BalkanHub-Origin";

    /// <summary>The headers for the request in progress, as JSON.</summary>
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var signedIn = context.User.Identity?.IsAuthenticated == true;
        return JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            [Actor] = signedIn ? context.User.Subject() : "anonymous",
            [Role] = signedIn ? context.User.FindFirst(HubRoles.RoleClaimType)?.Value : null,
            [Origin] = context.Connection.RemoteIpAddress?.ToString(),
        });
    }

    /// <summary>Reads the headers of a received message: actor, role and origin, or nulls.</summary>
    public static (string? Actor, string? Role, string? Origin) From(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (context.Headers.Get<string>(Actor), context.Headers.Get<string>(Role), context.Headers.Get<string>(Origin));
    }
}
