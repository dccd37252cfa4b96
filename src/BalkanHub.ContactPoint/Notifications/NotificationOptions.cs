namespace BalkanHub.ContactPoint.Notifications;

/// <summary>
/// Where this contact point sends urgent items so that officers notice them when no one is watching a
/// screen: new measures that land on the country, overdue acknowledgement reminders, chain-reaction
/// warnings. Section <c>Notifications</c>.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notifications";

    /// <summary>Webhooks: <c>Notifications:Webhooks:0:Url</c> and <c>…:Secret</c> (the HMAC key the receiver checks).</summary>
    public IList<WebhookTarget> Webhooks { get; } = [];

    /// <summary>Email over SMTP.</summary>
    public EmailTarget? Email { get; set; }

    /// <summary>How many attempts one delivery round makes before the notification waits for the next round (default 4).</summary>
    public int AttemptsPerRound { get; set; } = 4;

    /// <summary>First pause between attempts; it doubles, with jitter (default 1 s).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to keep trying before a notification is marked failed (default 1 day).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>One webhook.</summary>
public sealed class WebhookTarget
{
    /// <summary>Where to POST.</summary>
    public Uri? Url { get; set; }

    /// <summary>The shared secret the body is signed with (HMAC-SHA256).</summary>
    public string? Secret { get; set; }
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
