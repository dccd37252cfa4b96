namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>
/// A read-only feed link of one participant, as its officers list it: never its secret, which is shown
/// once, when the link is made.
/// </summary>
/// <param name="Id">The link's id, to revoke it.</param>
/// <param name="Participant">Whose items the link serves: a country's, or the whole route's for the Commission (EU).</param>
/// <param name="Label">What the link is for, such as "national alerting system".</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="CreatedBy">Who made it.</param>
/// <param name="LastUsedAt">When a reader last fetched it, if ever.</param>
/// <param name="RevokedAt">When it was revoked; a revoked link answers 404.</param>
public sealed record FeedLinkView(Guid Id, string Participant, string Label, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>A feed link to make.</summary>
/// <param name="Label">What it is for (required, up to 200 characters), so a colleague knows which one to revoke.</param>
public sealed record NewFeedLink(string? Label);

/// <summary>
/// A feed link just made. The secret is in the addresses and is never shown again: the hub keeps only its hash.
/// </summary>
/// <param name="Link">The link as it will be listed.</param>
/// <param name="MeasuresAtom">The Atom feed of CAP alerts of the measures relayed to the participant.</param>
/// <param name="MeasureCap">The address of one measure's CAP alert, with <c>{id}</c> for the measure's id.</param>
public sealed record FeedLinkCreated(FeedLinkView Link, Uri MeasuresAtom, string MeasureCap);
