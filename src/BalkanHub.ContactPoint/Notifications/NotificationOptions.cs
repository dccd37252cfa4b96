using System.ComponentModel.DataAnnotations;
using ValidationResult = System.ComponentModel.DataAnnotations.ValidationResult;

namespace BalkanHub.ContactPoint.Notifications;

/// <summary>
/// Where this contact point sends urgent items so that officers notice them when no one is watching a
/// screen: new measures that land on the country, overdue acknowledgement reminders, chain-reaction
/// warnings. Section <c>Notifications</c>.
/// </summary>
public sealed class NotificationOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notifications";

    /// <summary>Webhooks: <c>Notifications:Webhooks:0:Url</c> and <c>…:Secret</c> (the Standard Webhooks secret the receiver verifies with).</summary>
    public IList<WebhookTarget> Webhooks { get; } = [];

    /// <summary>Email over SMTP.</summary>
    public EmailTarget? Email { get; set; }

    /// <summary>
    /// The officer console's address as officers open it (behind the ingress, say), for the link to the item
    /// in every email; unset, the service's own first address.
    /// </summary>
    public Uri? ConsoleUrl { get; set; }

    /// <summary>How many attempts one delivery round makes before the notification waits for the next round (default 4).</summary>
    [Range(1, 20)]
    public int AttemptsPerRound { get; set; } = 4;

    /// <summary>First pause between attempts; it doubles, with jitter (default 1 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to keep trying before a notification is marked failed (default 1 day).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Webhooks.Count; i++)
        {
            var hook = Webhooks[i];
            if (hook.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
                yield return new ValidationResult($"Notifications:Webhooks:{i}:Url is '{hook.Url}', not an http(s) address to POST to.", [nameof(Webhooks)]);
            if (!WebhookTarget.IsStandardSecret(hook.Secret))
                yield return new ValidationResult($"Notifications:Webhooks:{i}:Secret is missing or not a Standard Webhooks secret: 'whsec_' and the base64 of 24 to 64 random bytes "
                    + "(for example 'whsec_' followed by the output of 'openssl rand -base64 32'). A webhook is never sent unsigned.", [nameof(Webhooks)]);
        }
        if (ConsoleUrl is { } console && (!console.IsAbsoluteUri || (console.Scheme != Uri.UriSchemeHttps && console.Scheme != Uri.UriSchemeHttp)))
            yield return new ValidationResult($"Notifications:ConsoleUrl is '{console}', not the http(s) address officers open the console at.", [nameof(ConsoleUrl)]);
        if (Email is { } email)
        {
            if (string.IsNullOrWhiteSpace(email.Host) || email.Port is < 1 or > 65535)
                yield return new ValidationResult($"Notifications:Email:Host and :Port ('{email.Host}', {email.Port}) do not name an SMTP server.", [nameof(Email)]);
            if (email.To.Count == 0)
                yield return new ValidationResult("Notifications:Email has no recipient: set Notifications:Email:To:0.", [nameof(Email)]);
            foreach (var address in email.To.Append(email.From).Where(a => !System.Net.Mail.MailAddress.TryCreate(a, out _)))
                yield return new ValidationResult($"Notifications:Email has '{address}', which is not an email address.", [nameof(Email)]);
        }
    }
}

/// <summary>One webhook.</summary>
public sealed class WebhookTarget
{
    /// <summary>Where to POST.</summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// The Standard Webhooks secret (<c>whsec_</c> and base64) that each delivery is signed with: HMAC-SHA256
    /// over <c>webhook-id.webhook-timestamp.body</c>, sent as <c>webhook-signature: v1,…</c>.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Whether <paramref name="secret"/> is <c>whsec_</c> and the base64 of 24 to 64 bytes, as the standard recommends.</summary>
    public static bool IsStandardSecret(string? secret)
    {
        const string Prefix = "whsec_";
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var key = new byte[64];
        return Convert.TryFromBase64String(secret[Prefix.Length..], key, out var length) && length >= 24;
    }
}

/// <summary>The SMTP server and the addresses to write to.</summary>
public sealed class EmailTarget
{
    /// <summary>SMTP host.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>SMTP port.</summary>
    public int Port { get; set; } = 25;

    /// <summary>Whether to require STARTTLS.</summary>
    public bool UseStartTls { get; set; }

    /// <summary>Optional login.</summary>
    public string? Username { get; set; }

    /// <summary>Optional password.</summary>
    public string? Password { get; set; }

    /// <summary>Sender address.</summary>
    public string From { get; set; } = "balkanhub@localhost";

    /// <summary>Recipients.</summary>
    public IList<string> To { get; } = [];
}
