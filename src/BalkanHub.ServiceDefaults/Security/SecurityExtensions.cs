using System.Security.Claims;
using BalkanHub.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace BalkanHub.ServiceDefaults.Security;

/// <summary>
/// Authentication for every service: JWT bearer tokens from the national identity provider for APIs,
/// SignalR and national systems; cookies with OpenID Connect for browsers; and, in Development only, a
/// per-network key minted by ./run.sh and a sign-in page listing the local identities.
/// </summary>
public static class SecurityExtensions
{
    /// <summary>The issuer of tokens signed with the development key.</summary>
    public const string DevelopmentIssuer = "balkanhub-development";

    const string Selector = "bearer-or-cookie";

    /// <summary>
    /// Adds the schemes and an authorization fallback that requires a signed-in caller, so an endpoint
    /// that forgets its policy is closed, not open. <paramref name="policies"/> adds the service's own.
    /// </summary>
    public static IHostApplicationBuilder AddHubSecurity(this IHostApplicationBuilder builder, Action<AuthorizationBuilder> policies)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(policies);
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var development = builder.Environment.IsDevelopment();
        if (!development && !string.IsNullOrEmpty(auth.DevelopmentKey))
            throw new InvalidOperationException(
                "Auth:DevelopmentKey is set, but this is the " + builder.Environment.EnvironmentName + " environment. " +
                "The development key is refused outside Development: remove it and set Auth:Authority to your identity provider.");
        if (string.IsNullOrEmpty(auth.Authority) && string.IsNullOrEmpty(auth.DevelopmentKey))
            throw new InvalidOperationException(
                "No identity provider is configured. Set Auth:Authority (and Auth:Audience) to the OpenID Connect issuer, " +
                "or, in Development only, Auth:DevelopmentKey (./run.sh generates one).");

        // Read once here, where the schemes are built, so checked here too: a wrong key stops the start.
        ValidatedOptions.Check(auth);

        builder.Services.AddSingleton<IClaimsTransformation>(new HubClaims(auth));
        builder.Services.AddAntiforgery();
        var authentication = builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = Selector;
                o.DefaultChallengeScheme = Selector;
            })
            .AddPolicyScheme(Selector, "Bearer token or browser cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 || context.Request.Query.ContainsKey("access_token")
                    ? JwtBearerDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Audience = auth.Audience;
                o.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                if (!string.IsNullOrEmpty(auth.Authority))
                    o.Authority = auth.Authority;
                o.TokenValidationParameters.NameClaimType = "name";
                o.TokenValidationParameters.RoleClaimType = HubRoles.RoleClaimType;
                o.TokenValidationParameters.ValidAudience = auth.Audience;
                if (development && !string.IsNullOrEmpty(auth.DevelopmentKey))
                {
                    o.TokenValidationParameters.IssuerSigningKeys = [new SymmetricSecurityKey(Convert.FromBase64String(auth.DevelopmentKey)) { KeyId = "development" }];
                    o.TokenValidationParameters.ValidIssuers = [DevelopmentIssuer];
                }
                // Browsers cannot set headers on WebSockets, so SignalR sends the token in the query.
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal)
                            && context.Request.Query["access_token"].ToString() is { Length: > 0 } token)
                            context.Token = token;
                        return Task.CompletedTask;
                    },
                    // A token naming two countries or two roles has no one meaning: acting on the first
                    // would let whoever orders the claims choose who the caller is.
                    OnTokenValidated = context =>
                    {
                        if (AmbiguousClaim(context.Principal, auth) is { } ambiguous)
                            context.Fail(new AmbiguousIdentityException(ambiguous));
                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        if (context.AuthenticateFailure is not AmbiguousIdentityException ambiguous)
                            return;
                        context.HandleResponse();
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{ambiguous.Message}\"";
                        await TypedResults.Problem(
                            ambiguous.Message, statusCode: StatusCodes.Status401Unauthorized, title: "Ambiguous identity",
                            extensions: new Dictionary<string, object?> { ["claim"] = ambiguous.Claim }).ExecuteAsync(context.HttpContext);
                    },
                };
            })
            .AddCookie(o =>
            {
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.Cookie.Name = "balkanhub";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                // APIs and hubs answer 401/403; only pages redirect to sign-in.
                o.Events.OnRedirectToLogin = context => Status(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Status(context, StatusCodes.Status403Forbidden);
                if (!string.IsNullOrEmpty(auth.Authority) && !string.IsNullOrEmpty(auth.ClientId))
                    o.ForwardChallenge = OpenIdConnectDefaults.AuthenticationScheme;
            });

        if (!string.IsNullOrEmpty(auth.Authority) && !string.IsNullOrEmpty(auth.ClientId))
        {
            authentication.AddOpenIdConnect(o =>
            {
                o.Authority = auth.Authority;
                o.ClientId = auth.ClientId;
                o.ClientSecret = auth.ClientSecret;
                o.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.TokenValidationParameters.NameClaimType = "name";
                o.TokenValidationParameters.RoleClaimType = HubRoles.RoleClaimType;
                // The cookie scheme forwards its challenge here: a call to the API or a hub without a session
                // answers 401, as it does in Development, instead of a redirect to the provider's sign-in page.
                o.Events.OnRedirectToIdentityProvider = context =>
                {
                    if (IsApi(context.Request.Path))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.HandleResponse();
                    }
                    return Task.CompletedTask;
                };
            });
        }

        // Token and cookie lifetimes guard access, so they run on real time even where the hub's clock
        // replays 2015 (RealClock): a replayed day of five seconds must not expire a sign-in.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IServiceProvider>((o, services) => o.TimeProvider = RealClock.Of(services));
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme).Configure<IServiceProvider>((o, services) => o.TimeProvider = RealClock.Of(services));
        builder.Services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme).Configure<IServiceProvider>((o, services) => o.TimeProvider = RealClock.Of(services));

        var authorization = builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        policies(authorization);
        return builder;
    }

    /// <summary>The name of the country or role claim that carries more than one value, if one does.</summary>
    static string? AmbiguousClaim(ClaimsPrincipal? principal, AuthOptions auth)
    {
        if (principal is null)
            return null;
        foreach (var name in new[] { auth.CountryClaim, auth.RoleClaim })
        {
            if (principal.FindAll(name).Select(c => c.Value).Distinct(StringComparer.Ordinal).Skip(1).Any())
                return name;
        }
        return null;
    }

    /// <summary>A token that names more than one country or role.</summary>
    sealed class AmbiguousIdentityException(string claim)
        : Exception($"The token carries more than one '{claim}' value; exactly one is accepted.")
    {
        public string Claim { get; } = claim;
    }

    /// <summary>Whether <paramref name="path"/> is called by programs (API, hubs, feeds), which get a status, never a sign-in page.</summary>
    static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.Ordinal) || path.StartsWithSegments("/hubs", StringComparison.Ordinal)
        || path.StartsWithSegments("/feeds", StringComparison.Ordinal);

    static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.Request.Path))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Copies the identity provider's country and role claims, whatever their names, to the names the
    /// services read.
    /// </summary>
    sealed class HubClaims(AuthOptions auth) : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity)
                return Task.FromResult(principal);
            Copy(identity, auth.CountryClaim, HubRoles.CountryClaimType);
            Copy(identity, auth.RoleClaim, HubRoles.RoleClaimType);
            return Task.FromResult(principal);
        }

        static void Copy(ClaimsIdentity identity, string from, string to)
        {
            if (from == to)
                return;
            foreach (var claim in identity.FindAll(from).ToList())
            {
                if (!identity.HasClaim(to, claim.Value))
                    identity.AddClaim(new Claim(to, claim.Value));
            }
        }
    }
}
