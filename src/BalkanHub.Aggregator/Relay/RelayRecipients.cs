using BalkanHub.Domain.Route;

namespace BalkanHub.Aggregator.Relay;

/// <summary>The one place that decides who receives what. Everything also goes to the Commission's feed.</summary>
public sealed class RelayRecipients(RouteMap route)
{
    /// <summary>The consolidated feed the Commission and the agencies read.</summary>
    public const string Feed = "FEED";

    /// <summary>A country's reports and measures: its neighbours, any extra subscriber, and the feed.</summary>
    public IReadOnlyList<string> ForCountryItem(string source) =>
        [.. route.NeighboursOf(source).Union(route.ExtraSubscribersOf(source)).Where(c => c != source).Order(StringComparer.Ordinal), Feed];

    /// <summary>An acknowledgement: the country whose item was acknowledged, and the feed.</summary>
    public IReadOnlyList<string> ForAcknowledgement(string itemSource, string acknowledgedBy) =>
        route.Find(itemSource) is { RunsContactPoint: true } && itemSource != acknowledgedBy ? [itemSource, Feed] : [Feed];

    /// <summary>Every recipient with its own queue: the contact points on the route.</summary>
    public IEnumerable<string> ContactPoints => route.ContactPoints.Select(p => p.Code);
}
