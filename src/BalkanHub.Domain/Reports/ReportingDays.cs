namespace BalkanHub.Domain.Reports;

/// <summary>
/// The day the pages open on. Not the single highest date anyone reported: one country's typing error
/// (2022-02-12 in a 2015 replay) would make every page open on an empty day. It is the latest day that
/// enough of the reporting countries have reported (<see cref="Route.RouteMap.DefaultDayQuorum"/>).
/// The aggregator applies it to the whole route; a contact point to itself and its neighbours, the
/// countries whose reports it holds.
/// </summary>
public static class ReportingDays
{
    /// <summary>How many of <paramref name="reportingCountries"/> make a quorum of <paramref name="quorum"/>: at least one.</summary>
    public static int Needed(int reportingCountries, double quorum) =>
        Math.Max(1, (int)Math.Ceiling(Math.Round(quorum * reportingCountries, 9)));

    /// <summary>
    /// The latest day reported by at least the quorum of <paramref name="reportingCountries"/>. While no
    /// day has that many (a network's first days, or one with few contact points running), the day the
    /// most countries reported, the latest of those. Null when nothing was reported.
    /// </summary>
    /// <param name="reported">Each day with the number of countries that reported it (real reports, latest versions).</param>
    /// <param name="reportingCountries">How many countries could have reported.</param>
    /// <param name="quorum">The share that must have, more than 0 and at most 1.</param>
    public static DateOnly? DefaultDay(IEnumerable<(DateOnly Day, int Countries)> reported, int reportingCountries, double quorum)
    {
        ArgumentNullException.ThrowIfNull(reported);
        var needed = Needed(reportingCountries, quorum);
        DateOnly? quorate = null;
        (DateOnly Day, int Countries)? best = null;
        foreach (var (day, countries) in reported)
        {
            if (countries <= 0)
                continue;
            if (countries >= needed && (quorate is null || day > quorate))
                quorate = day;
            if (best is not { } b || countries > b.Countries || countries == b.Countries && day > b.Day)
                best = (day, countries);
        }
        return quorate ?? best?.Day;
    }
}
