using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using BalkanHub.Api.Contracts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace BalkanHub.ServiceDefaults.Security;

/// <summary>
/// Browser sign-in. In production <c>/signin</c> hands over to the national identity provider (OpenID
/// Connect). In Development it lists the local network's identities, one button each, so a developer
/// can look at the pages as any officer, viewer, the Commission, an agency or an operator.
/// </summary>
public static class DevelopmentSignIn
{
    /// <summary>Maps <c>/signin</c> and <c>/signout</c>.</summary>
    public static WebApplication MapSignIn(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Environment.IsDevelopment())
        {
            app.MapGet("/signin", (HttpContext context, [FromServices] DevelopmentParticipants participants, IAntiforgery antiforgery, string? returnUrl) =>
                    Results.Content(Page(participants, antiforgery.GetAndStoreTokens(context), LocalOnly(returnUrl)), "text/html; charset=utf-8"))
                .AllowAnonymous().ExcludeFromDescription();
            app.MapPost("/signin", async (HttpContext context, [FromServices] DevelopmentParticipants participants, [FromForm] string identity, [FromForm] string? returnUrl) =>
                {
                    // A return address that is not a path on this site is refused, not followed: "/\evil.example" reads as another host to browsers.
                    if (returnUrl is { Length: > 0 } && !IsLocal(returnUrl))
                        return Results.ValidationProblem(new Dictionary<string, string[]> { ["returnUrl"] = ["must be a path on this site, such as /inbox."] });
                    var parts = identity.Split(' ');
                    if (parts is not [var country, var role] || !participants.Contains(country) || !HubRoles.All.Contains(role))
                        return Results.BadRequest();
                    var claims = new ClaimsIdentity(
                        [new Claim("sub", $"dev-{country.ToLowerInvariant()}-{role}"), new Claim("name", $"{role} of {country} (development)"),
                         new Claim(HubRoles.CountryClaimType, country), new Claim(HubRoles.RoleClaimType, role)],
                        CookieAuthenticationDefaults.AuthenticationScheme, "name", HubRoles.RoleClaimType);
                    await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(claims));
                    return Results.LocalRedirect(LocalOnly(returnUrl));
                })
                .AllowAnonymous().ExcludeFromDescription();
        }
        else
        {
            app.MapGet("/signin", (string? returnUrl) =>
                    Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
                .AllowAnonymous().ExcludeFromDescription();
        }
        app.MapPost("/signout", async (HttpContext context) =>
            {
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return Results.LocalRedirect("/");
            })
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    static string LocalOnly(string? returnUrl) => returnUrl is { Length: > 0 } && IsLocal(returnUrl) ? returnUrl : "/";

    /// <summary>A path on this site, as LocalRedirect accepts it: not "//host" nor "/\host", and no control characters.</summary>
    static bool IsLocal(string url) =>
        url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    static string Page(DevelopmentParticipants participants, AntiforgeryTokenSet tokens, string returnUrl)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in (development)</title><link rel=\"stylesheet\" href=\"/hub.css\"></head><body>");
        html.Append("<main><h1>Sign in to BalkanHub</h1><p><strong>Development only.</strong> Choose an identity of the local network.</p>");
        html.Append("<form method=\"post\" action=\"/signin\">");
        html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">");
        html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"returnUrl\" value=\"{E(returnUrl)}\">");
        html.Append("<ul>");
        foreach (var participant in participants.All)
        {
            foreach (var role in HubRoles.Of(participant.Role))
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><button type=\"submit\" name=\"identity\" value=\"{E(participant.Code)} {E(role)}\">");
                html.Append(CultureInfo.InvariantCulture, $"{E(participant.Name)} ({E(participant.Code)}): {E(role)}</button></li>");
            }
        }
        html.Append("</ul></form></main></body></html>");
        return html.ToString();
    }
}

/// <summary>
/// The participants the development sign-in page offers, each with the roles its kind may take: those of
/// the network's route, which the network registers (BalkanHub.Messaging's <c>AddRoute</c>), since only
/// it reads the route.
/// </summary>
/// <param name="All">The participants, in the route's order.</param>
public sealed record DevelopmentParticipants(IReadOnlyList<DevelopmentParticipant> All)
{
    /// <summary>Whether <paramref name="code"/> names a participant (exactly: codes are upper case).</summary>
    public bool Contains(string code) => All.Any(p => string.Equals(p.Code, code, StringComparison.Ordinal));
}

/// <summary>A participant a developer may sign in as.</summary>
/// <param name="Code">Its code, such as <c>MK</c>.</param>
/// <param name="Name">Its name, such as <c>North Macedonia</c>.</param>
/// <param name="Role">What it is on the route, which decides the roles the page offers for it.</param>
public sealed record DevelopmentParticipant(string Code, string Name, ParticipantRole Role);
