using BalkanHub.Messaging.Hosting;
using BalkanHub.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BalkanHub.RehearsalIdentity;

/// <summary>The rehearsal identity provider's parts: OpenIddict's server, its store and the sign-in page.</summary>
public static class RehearsalIdentityExtensions
{
    /// <summary>
    /// OpenIddict's server for the authorization code flow with PKCE, on a store in memory: a rehearsal
    /// keeps nothing, and its signing keys are new at each start (services read them from its JWKS).
    /// </summary>
    public static IHostApplicationBuilder AddRehearsalIdentity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<RehearsalOptions>(RehearsalOptions.Section);
        // The route's participants and the roles each may take are who can sign in.
        builder.AddRoute();

        // One connection held open for the process's life keeps the in-memory database alive.
        var store = new SqliteConnection($"Data Source=rehearsal-identity-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");
        store.Open();
        builder.Services.AddSingleton(store);
        builder.Services.AddDbContext<RehearsalStore>(o =>
        {
            o.UseSqlite(store.ConnectionString);
            o.UseOpenIddict();
        });

        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<RehearsalStore>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Roles);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                // The services validate access tokens themselves, from the JWKS: signed, not encrypted.
                o.DisableAccessTokenEncryption();
                var aspNetCore = o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough();
                // A rehearsal on one machine may run over plain HTTP (the services then set
                // Auth:RequireHttpsMetadata=false); anywhere else it sits behind TLS like the rest.
                if (builder.Configuration.GetValue("Rehearsal:AllowHttp", false))
                    aspNetCore.DisableTransportSecurityRequirement();
            });

        builder.Services.AddHealthChecks().AddDbContextCheck<RehearsalStore>("store", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>Creates the store, registers the configured clients, and maps the endpoints.</summary>
    public static async Task<WebApplication> MapRehearsalIdentityAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RehearsalStore>().Database.EnsureCreatedAsync();
            await RegisterClientsAsync(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(),
                scope.ServiceProvider.GetRequiredService<IOptions<RehearsalOptions>>().Value);
        }

        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ServiceDefaultsExtensions.ReadyTag),
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(new { status = report.Status.ToString() }),
        });
        app.MapSignInEndpoints();
        return app;
    }

    static async Task RegisterClientsAsync(IOpenIddictApplicationManager applications, RehearsalOptions options)
    {
        foreach (var client in options.Clients)
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = string.IsNullOrEmpty(client.ClientSecret) ? null : client.ClientSecret,
                ClientType = string.IsNullOrEmpty(client.ClientSecret) ? ClientTypes.Public : ClientTypes.Confidential,
                DisplayName = client.ClientId,
                // A rehearsal signs people in without asking them to consent to what they came for.
                ConsentType = ConsentTypes.Implicit,
                Permissions =
                {
                    Permissions.Endpoints.Authorization,
                    Permissions.Endpoints.Token,
                    Permissions.GrantTypes.AuthorizationCode,
                    Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Profile,
                    Permissions.Scopes.Roles,
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            };
            foreach (var uri in client.RedirectUris)
                descriptor.RedirectUris.Add(new Uri(uri));
            foreach (var uri in client.PostLogoutRedirectUris)
                descriptor.PostLogoutRedirectUris.Add(new Uri(uri));
            await applications.CreateAsync(descriptor);
        }
    }
}

/// <summary>OpenIddict's applications, authorizations, scopes and tokens, in memory.</summary>
public sealed class RehearsalStore(DbContextOptions<RehearsalStore> options) : DbContext(options);
