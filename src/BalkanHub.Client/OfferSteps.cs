namespace BalkanHub.Client;

/// <summary>
/// The steps an offer takes at a contact point: the requester accepts or declines it; the offerer
/// commits, dispatches and delivers it, or withdraws it.
/// </summary>
public enum OfferStep
{
    /// <summary>The requester accepts the offer.</summary>
    Accept,

    /// <summary>The requester declines the offer.</summary>
    Decline,

    /// <summary>The offerer commits to an accepted offer.</summary>
    Commit,

    /// <summary>The offerer has sent the items.</summary>
    Dispatch,

    /// <summary>The items arrived.</summary>
    Deliver,

    /// <summary>The offerer takes the offer back.</summary>
    Withdraw,
}

/// <summary>Each <see cref="OfferStep"/> as the last segment of <c>POST /api/offers/{id}/…</c>.</summary>
public static class OfferSteps
{
    /// <summary>The path segment of <paramref name="step"/>, such as <c>accept</c>.</summary>
    public static string PathOf(OfferStep step) => step switch
    {
        OfferStep.Accept => "accept",
        OfferStep.Decline => "decline",
        OfferStep.Commit => "commit",
        OfferStep.Dispatch => "dispatch",
        OfferStep.Deliver => "deliver",
        OfferStep.Withdraw => "withdraw",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "not a step of an offer"),
    };
}
