using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using BalkanHub.ServiceDefaults.Security;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BalkanHub.RehearsalIdentity;

/// <summary>
/// The authorization endpoint shows who one can be (each participant of the route in each role it may
/// take) and signs the chosen identity in; the userinfo endpoint tells a service who holds a token.
/// </summary>
public static class SignInEndpoints
{
    /// <summary>The form field that carries the chosen identity, such as <c>GR officer</c>.</summary>
    public const string IdentityField = "rehearsal_identity";

    /// <summary>Maps <c>/connect/authorize</c> (GET shows the page, POST signs in) and <c>/connect/userinfo</c>.</summary>
    public static WebApplication MapSignInEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], Authorize);
        app.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], (Delegate)UserInfo);
        return app;
    }

    static async Task<IResult> Authorize(HttpContext context, DevelopmentParticipants participants, IOptions<RehearsalOptions> options)
    {
        // OpenIddict has already refused a request that is not a valid one from a registered client.
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be read.");
        var chosen = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(context.RequestAborted))[IdentityField].ToString() : "";
        if (chosen.Length == 0)
            return Results.Content(Page(request, participants), "text/html; charset=utf-8");

        if (chosen.Split(' ') is not [var code, var role]
            || participants.All.FirstOrDefault(p => string.Equals(p.Code, code, StringComparison.Ordinal)) is not { } participant
            || !HubRoles.Of(participant.Role).Contains(role))
            return Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = $"'{chosen}' is not a participant of the route in a role it may take.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, $"rehearsal-{code.ToLowerInvariant()}-{role}")
            .SetClaim(Claims.Name, $"{role} of {participant.Name} (rehearsal)")
            .SetClaim(HubRoles.CountryClaimType, code)
            .SetClaim(Claims.Role, role);
        identity.SetScopes(request.GetScopes());
        // The audience the services check (Auth:Audience).
        identity.SetResources(options.Value.Audience);
        // Who the person is goes in both tokens: the access token for the API and hubs, the identity token for sign-in.
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    static async Task<IResult> UserInfo(HttpContext context)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { } principal)
            return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        return Results.Json(new Dictionary<string, string?>
        {
            [Claims.Subject] = principal.GetClaim(Claims.Subject),
            [Claims.Name] = principal.GetClaim(Claims.Name),
            [HubRoles.CountryClaimType] = principal.GetClaim(HubRoles.CountryClaimType),
            [Claims.Role] = principal.GetClaim(Claims.Role),
        });
    }

    /// <summary>
    /// One button per identity, in a form that posts the authorization request back with the choice: the
    /// page keeps no session of its own, so a rehearsal needs no cookie here.
    /// </summary>
    static string Page(OpenIddictRequest request, DevelopmentParticipants participants)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in (rehearsal)</title>");
        html.Append("<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}li{list-style:none;margin:.25rem 0}button{min-width:22rem;text-align:left;padding:.4rem .6rem}</style></head><body>");
        html.Append("<main><h1>Sign in to BalkanHub</h1><p><strong>Rehearsal identity provider.</strong> Anyone may be anyone here: never use it for real data.</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Signing in to <code>{E(request.ClientId)}</code>.</p>");
        html.Append("<form method=\"post\" action=\"/connect/authorize\">");
        foreach (var (name, value) in request.GetParameters())
            html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value.ToString())}\">");
        html.Append("<ul>");
        foreach (var participant in participants.All)
        {
            foreach (var role in HubRoles.Of(participant.Role))
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><button type=\"submit\" name=\"{IdentityField}\" value=\"{E(participant.Code)} {E(role)}\">");
                html.Append(CultureInfo.InvariantCulture, $"{E(participant.Name)} ({E(participant.Code)}): {E(role)}</button></li>");
            }
        }
        html.Append("</ul></form></main></body></html>");
        return html.ToString();
    }
}
