namespace BalkanHub.Contracts;

/// <summary>
/// A contact point recorded an action for the hub's audit trail: who did what, from where, and with
/// what outcome, including refused attempts. The aggregator appends it to the hash-chained trail the
/// Commission reads.
/// </summary>
public sealed record ActionAudited
{
    /// <summary>The contact point that saw the action.</summary>
    public required string Country { get; init; }

    /// <summary>The person (token subject), or <c>anonymous</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>The participant the person acts for, when signed in.</summary>
    public string? ActorCountry { get; init; }

    /// <summary>The person's role, when signed in.</summary>
    public string? Role { get; init; }

    /// <summary>What was attempted, such as <c>report.submit</c> or <c>measure.cancel</c>.</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to: a report id, a measure id, an inbox sequence, a path.</summary>
    public string? Target { get; init; }

    /// <summary>Where it came from: the client's address.</summary>
    public string? Origin { get; init; }

    /// <summary>How it ended: <c>accepted</c>, <c>refused</c>, <c>invalid</c>… with the HTTP status.</summary>
    public required string Outcome { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The contact point's signature over this record.</summary>
    public Signature? Signature { get; init; }
}
