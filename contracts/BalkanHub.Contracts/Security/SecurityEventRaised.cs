namespace BalkanHub.Contracts;

/// <summary>
/// The hub refused something as a matter of security: a message whose sender the broker did not vouch
/// for, one that claims another country's identity, or one whose signature does not verify. It goes to
/// the Commission's feed, so that nobody can probe the hub unnoticed.
/// </summary>
public sealed record SecurityEventRaised
{
    /// <summary>What was wrong, in words an analyst can act on.</summary>
    public required string Reason { get; init; }

    /// <summary>The participant the refused item claimed to come from.</summary>
    public string? ClaimedCountry { get; init; }

    /// <summary>The broker user that published it, as the broker validated it; null when it carried none.</summary>
    public string? BrokerUser { get; init; }

    /// <summary>The contract name of the refused message.</summary>
    public required string MessageType { get; init; }

    /// <summary>The refused message's id.</summary>
    public Guid? MessageId { get; init; }

    /// <summary>When the hub refused it.</summary>
    public required DateTimeOffset DetectedAt { get; init; }
}
