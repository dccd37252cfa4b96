using BalkanHub.Contracts;

namespace BalkanHub.Domain.Assistance;

/// <summary>
/// What every stored copy of an assistance request holds, at the aggregator and at a contact point
/// alike: the two programs keep their own tables (and their own keys, plan-point formats and
/// bookkeeping), but a request is the same thing in both.
/// </summary>
public abstract class StoredRequestFacts
{
    /// <summary>The country asking.</summary>
    public required string Country { get; set; }

    /// <summary>Its title.</summary>
    public required string Title { get; set; }

    /// <summary>What is asked for, as JSON.</summary>
    public required string Items { get; set; }

    /// <summary>Where it stands, as far as this program has heard.</summary>
    public RequestStatus Status { get; set; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The needs analysis it came from.</summary>
    public Guid? NeedsAnalysisId { get; set; }

    /// <summary>Exercise traffic: relayed and shown marked, kept out of commitments and compliance.</summary>
    public bool Exercise { get; set; }
}

/// <summary>What every stored copy of an offer against a request holds (see <see cref="StoredRequestFacts"/>).</summary>
public abstract class StoredOfferFacts
{
    /// <summary>The request.</summary>
    public Guid RequestId { get; set; }

    /// <summary>The country that asked.</summary>
    public required string Requester { get; set; }

    /// <summary>The participant offering.</summary>
    public required string Offerer { get; set; }

    /// <summary>What is offered, as JSON.</summary>
    public required string Items { get; set; }

    /// <summary>Where it stands, as far as this program has heard.</summary>
    public OfferStatus Status { get; set; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset OfferedAt { get; set; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>Exercise traffic: relayed and shown marked, kept out of commitments and compliance.</summary>
    public bool Exercise { get; set; }
}
