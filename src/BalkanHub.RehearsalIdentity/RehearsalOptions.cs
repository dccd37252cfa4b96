using System.ComponentModel.DataAnnotations;

namespace BalkanHub.RehearsalIdentity;

/// <summary>The applications that may sign people in here. Section <c>Rehearsal</c>.</summary>
public sealed class RehearsalOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Rehearsal";

    /// <summary>
    /// Each service's sign-in client (<c>Rehearsal:Clients:N:ClientId</c>, <c>…:ClientSecret</c>,
    /// <c>…:RedirectUris:N</c>). One without a secret is a public client (a command line, a script), which
    /// PKCE protects instead.
    /// </summary>
    public IList<RehearsalClient> Clients { get; } = [];

    /// <summary>The audience of the access tokens, as the services expect it (<c>Auth:Audience</c>, default <c>balkanhub</c>).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Audience { get; set; } = "balkanhub";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Clients.Count == 0)
            yield return new ValidationResult("Rehearsal:Clients is empty: name at least one service's client (ClientId and RedirectUris).", [nameof(Clients)]);
        for (var i = 0; i < Clients.Count; i++)
        {
            var client = Clients[i];
            if (string.IsNullOrWhiteSpace(client.ClientId))
                yield return new ValidationResult($"Rehearsal:Clients:{i}:ClientId is empty.", [nameof(Clients)]);
            if (client.RedirectUris.Count == 0)
                yield return new ValidationResult($"Rehearsal:Clients:{i}:RedirectUris is empty: where does {client.ClientId} take its sign-ins back?", [nameof(Clients)]);
            foreach (var uri in client.RedirectUris.Where(u => !Uri.TryCreate(u, UriKind.Absolute, out _)))
                yield return new ValidationResult($"Rehearsal:Clients:{i}:RedirectUris has '{uri}', which is not an absolute address.", [nameof(Clients)]);
        }
        foreach (var twice in Clients.GroupBy(c => c.ClientId, StringComparer.Ordinal).Where(g => g.Count() > 1))
            yield return new ValidationResult($"Rehearsal:Clients names {twice.Key} {twice.Count()} times.", [nameof(Clients)]);
    }
}

/// <summary>One application that signs people in here.</summary>
public sealed class RehearsalClient
{
    /// <summary>Its client id, such as <c>contact-point-gr</c>.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Its secret; none for a public client.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Where it takes sign-ins back, such as <c>https://gr.example/signin-oidc</c>.</summary>
    public IList<string> RedirectUris { get; } = [];

    /// <summary>Where it may send people after they signed out.</summary>
    public IList<string> PostLogoutRedirectUris { get; } = [];
}
