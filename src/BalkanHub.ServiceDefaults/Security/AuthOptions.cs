using System.ComponentModel.DataAnnotations;

namespace BalkanHub.ServiceDefaults.Security;

/// <summary>Who the services trust to say who a caller is. Section <c>Auth</c>.</summary>
public sealed class AuthOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Auth";

    /// <summary>
    /// The identity provider (OpenID Connect issuer). Its signing keys are read from its published
    /// JWKS, so keys rotate without a redeploy. <c>Auth:Authority</c>.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for. <c>Auth:Audience</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Audience { get; set; } = "balkanhub";

    /// <summary>Whether the authority's metadata must come over HTTPS. Only a local test turns it off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// A symmetric key (base64) that ./run.sh generates for one local network. It is refused outside
    /// the Development environment. <c>Auth:DevelopmentKey</c>.
    /// </summary>
    public string? DevelopmentKey { get; set; }

    /// <summary>The claim that names the caller's participant (GR, EU, UNHCR…). <c>Auth:CountryClaim</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string CountryClaim { get; set; } = "country";

    /// <summary>The claim that names the caller's role. <c>Auth:RoleClaim</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string RoleClaim { get; set; } = "role";

    /// <summary>The OpenID Connect client for browser sign-in in production. <c>Auth:ClientId</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Its secret. <c>Auth:ClientSecret</c>.</summary>
    public string? ClientSecret { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(Authority))
        {
            if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
                yield return new ValidationResult($"Auth:Authority is '{Authority}', not the address of an OpenID Connect issuer (https://…).", [nameof(Authority)]);
            else if (RequireHttpsMetadata && authority.Scheme != Uri.UriSchemeHttps)
                yield return new ValidationResult($"Auth:Authority is '{Authority}': an identity provider is reached over https (Auth:RequireHttpsMetadata).", [nameof(Authority)]);
        }
        if (!string.IsNullOrEmpty(DevelopmentKey) && !IsKey(DevelopmentKey))
            yield return new ValidationResult("Auth:DevelopmentKey is not a base64 key of at least 32 bytes (./run.sh generates one).", [nameof(DevelopmentKey)]);
        if (!string.IsNullOrEmpty(ClientId) && string.IsNullOrEmpty(Authority))
            yield return new ValidationResult("Auth:ClientId is set without Auth:Authority, the identity provider it belongs to.", [nameof(ClientId)]);
    }

    static bool IsKey(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var length) && length >= 32;
    }
}
