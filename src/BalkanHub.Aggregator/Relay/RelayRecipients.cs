namespace BalkanHub.Aggregator.Relay;

/// <summary>
/// The one place that decides who receives what. Every list ends with the Commission's <see cref="Feed"/>:
/// the Commission and the agencies see everything the hub relays, and a country only what concerns it.
/// </summary>
public sealed class RelayRecipients(RouteMap route)
{
    /// <summary>The consolidated feed the Commission and the agencies read.</summary>
    public const string Feed = "FEED";

    /// <summary>
    /// A country's reports and measures: its neighbours, whom the agreement obliges to receive them, the
    /// participants that subscribed to them (<see cref="Subscriptions.StoredSubscription.SubscribersAsync"/>), and the feed.
    /// </summary>
    public IReadOnlyList<string> ForCountryItem(string source, IEnumerable<string> subscribers) =>
        [.. route.NeighboursOf(source).Union(subscribers.Where(c => route.Find(c) is { RunsContactPoint: true }))
            .Where(c => c != source).Order(StringComparer.Ordinal), Feed];

    /// <summary>Whether <paramref name="subscriber"/> receives <paramref name="source"/>'s items whatever it subscribes: they are neighbours.</summary>
    public bool Obliges(string subscriber, string source) => route.NeighboursOf(source).Contains(subscriber);

    /// <summary>An acknowledgement: the country whose item was acknowledged, and the feed.</summary>
    public IReadOnlyList<string> ForAcknowledgement(string itemSource, string acknowledgedBy) =>
        route.Find(itemSource) is { RunsContactPoint: true } && itemSource != acknowledgedBy ? [itemSource, Feed] : [Feed];

    /// <summary>
    /// What the route shares as a whole (needs analyses, assistance requests and offers): every participant
    /// with a contact point but <paramref name="sender"/>, and the feed.
    /// </summary>
    public IReadOnlyList<string> ForEveryoneBut(string sender) =>
        [.. ContactPoints.Where(c => c != sender).Order(StringComparer.Ordinal), Feed];

    /// <summary>What the hub tells the whole route, the requester included (an assistance request's end), and the feed.</summary>
    public IReadOnlyList<string> ForEveryone() => [.. ContactPoints.Order(StringComparer.Ordinal), Feed];

    /// <summary>
    /// What concerns one country alone: an alert about its overdue acknowledgement or needs analysis, an
    /// estimate of what a neighbour's measure means for it, a step of an offer it made or received. And the feed.
    /// </summary>
    public static IReadOnlyList<string> ForOneCountry(string country) => [country, Feed];

    /// <summary>
    /// A missed acknowledgement: the late country (a reminder), the country that announced the item (it has to
    /// know its neighbour may not be ready), and the feed. The hub's own items have no announcer to tell.
    /// </summary>
    public IReadOnlyList<string> ForOverdueAcknowledgement(string late, string announcer) =>
        route.Find(announcer) is { RunsContactPoint: true } && announcer != late ? [late, announcer, Feed] : [late, Feed];

    /// <summary>What concerns a border (a reconciliation gap and its resolution): the countries on both sides, and the feed.</summary>
    public static IReadOnlyList<string> ForBorder(string from, string to) => [from, to, Feed];

    /// <summary>What the Commission watches alone: missing reports and refused messages.</summary>
    public static IReadOnlyList<string> ForFeedOnly() => [Feed];

    /// <summary>Every recipient with its own queue: the contact points on the route.</summary>
    public IEnumerable<string> ContactPoints => route.ContactPoints.Select(p => p.Code);
}
