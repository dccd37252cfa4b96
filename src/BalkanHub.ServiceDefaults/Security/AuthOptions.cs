namespace BalkanHub.ServiceDefaults.Security;

/// <summary>Who the services trust to say who a caller is. Section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Auth";

    /// <summary>
    /// The identity provider (OpenID Connect issuer). Its signing keys are read from its published
    /// JWKS, so keys rotate without a redeploy. <c>Auth:Authority</c>.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for. <c>Auth:Audience</c>.</summary>
    public string Audience { get; set; } = "balkanhub";

    /// <summary>Whether the authority's metadata must come over HTTPS. Only a local test turns it off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// A symmetric key (base64) that ./run.sh generates for one local network. It is refused outside
    /// the Development environment. <c>Auth:DevelopmentKey</c>.
    /// </summary>
    public string? DevelopmentKey { get; set; }

    /// <summary>The claim that names the caller's participant (GR, EU, UNHCR…). <c>Auth:CountryClaim</c>.</summary>
    public string CountryClaim { get; set; } = "country";

    /// <summary>The claim that names the caller's role. <c>Auth:RoleClaim</c>.</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>The OpenID Connect client for browser sign-in in production. <c>Auth:ClientId</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Its secret. <c>Auth:ClientSecret</c>.</summary>
    public string? ClientSecret { get; set; }
}
