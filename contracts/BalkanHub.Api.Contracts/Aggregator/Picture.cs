using BalkanHub.Contracts;

namespace BalkanHub.Api.Contracts.Aggregator;

/// <summary>Who arrived.</summary>
public sealed record CompositionView(int Men, int Women, int Children, int UnaccompaniedChildren, IReadOnlyList<NationalityCount> TopNationalities);

/// <summary>Reception places.</summary>
public sealed record CapacityView(int Total, int Occupied, int Free, double? OccupancyPercent);

/// <summary>A measure in force at some moment of the day, in its country's own time zone.</summary>
/// <param name="MeasureId">The measure.</param>
/// <param name="Type">What kind of measure.</param>
/// <param name="Title">Its title as it stood that day.</param>
/// <param name="EffectiveFrom">When it took effect (or takes effect, for a planned measure).</param>
/// <param name="EffectiveUntil">When it ended, if it ended by that day's end: lifted by hand or by its own end date; otherwise its planned end, if any.</param>
/// <param name="Lifted">Whether it had ended by the end of that day.</param>
public sealed record MeasureInForce(Guid MeasureId, MeasureType Type, string Title, DateTimeOffset EffectiveFrom, DateTimeOffset? EffectiveUntil, bool Lifted = false);

/// <summary>One participant's day: null figures when it has not reported.</summary>
public sealed record ParticipantDay(
    string Country, bool Reported, int? Version, DateTimeOffset? SubmittedAt, bool? OnTime,
    int? Arrivals, int? Departures, int? PeoplePresent, int? Registered, int? AsylumApplications,
    CompositionView? Composition, CapacityView? Capacity, IReadOnlyList<MeasureInForce> MeasuresInForce)
{
    /// <summary>Figures accepted but looking wrong.</summary>
    public IReadOnlyList<PlausibilityWarning> Warnings { get; init; } = [];
}

/// <summary>
/// The route's own figures for the day, each a sum that counts a person once. Arrivals are not summed
/// across countries: a person crossing seven countries is an arrival in each, so the route's headline is
/// who entered it and who left it, as the reports break their flows down by country or crossing point.
/// </summary>
/// <param name="CountriesReported">Countries whose report for the day came.</param>
/// <param name="CountriesExpected">Countries that report daily.</param>
/// <param name="EntriesIntoRoute">Arrivals from outside the route's countries, as the reports break them down.</param>
/// <param name="ExitsFromRoute">Departures to outside the route's countries, as the reports break them down.</param>
/// <param name="PeoplePresent">People in reception and transit at the end of the day, summed over the countries: each is in one place.</param>
/// <param name="AsylumApplications">Applications lodged, summed over the countries.</param>
/// <param name="Capacity">Reception places, summed over the countries.</param>
/// <param name="EntryNationalities">The most frequent nationalities among the entries, estimated from the entering countries' nationality counts in proportion to their entries.</param>
/// <param name="Method">How the figures were made, in words.</param>
public sealed record RouteTotals(
    int CountriesReported, int CountriesExpected, int EntriesIntoRoute, int ExitsFromRoute, int PeoplePresent, int AsylumApplications,
    CapacityView Capacity, IReadOnlyList<NationalityCount> EntryNationalities, string Method);

/// <summary>The flow on one edge A→B, as A counted it leaving and as B counted it arriving.</summary>
public sealed record EdgeFlow(string From, string To, int? ReportedByFrom, int? ReportedByTo, int? Gap);

/// <summary>The picture of one day.</summary>
/// <param name="Date">The day.</param>
/// <param name="AsOf">When the newest report of the day that counts was received: the data the picture rests on. Null when none came.</param>
/// <param name="Participants">Each reporting country's day.</param>
/// <param name="Totals">The route's own figures.</param>
/// <param name="Edges">Each border's flow as both sides counted it.</param>
public sealed record PictureView(DateOnly Date, DateTimeOffset? AsOf, IReadOnlyList<ParticipantDay> Participants, RouteTotals Totals, IReadOnlyList<EdgeFlow> Edges);
