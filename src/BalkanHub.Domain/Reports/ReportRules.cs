using BalkanHub.Contracts;
using BalkanHub.Domain.Route;
using BalkanHub.Domain.Validation;

namespace BalkanHub.Domain.Reports;

/// <summary>
/// The one place that decides whether a daily report is acceptable. Both the contact point (before it
/// answers 202) and the aggregator (before it stores what arrived on the bus) apply it.
/// </summary>
public static class ReportRules
{
    /// <summary>Longest notes accepted.</summary>
    public const int MaxNotesLength = 4000;

    /// <summary>
    /// Most entries in one breakdown: more than there are countries or crossing points. A bigger list
    /// is refused before it is read entry by entry.
    /// </summary>
    public const int MaxBreakdownEntries = 300;

    /// <summary>
    /// Checks a draft for <paramref name="country"/> and, when it is valid, returns the report.
    /// <paramref name="today"/> is the current day in the country's time zone: reports for later days
    /// are refused.
    /// </summary>
    public static (DailyFlowReport? Report, ValidationErrors Errors) Validate(
        DailyReportDraft draft, string country, DateOnly today, RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(route);
        var errors = new ValidationErrors();

        if (draft.Country is not null && draft.Country != country)
            errors.Add("country", $"must be {country}: a contact point reports for its own country only.");

        var date = errors.Required(draft.ReportDate, "reportDate");
        if (draft.ReportDate is not null && date > today)
            errors.Add("reportDate", $"must not be in the future: it is {today:yyyy-MM-dd} in {country}.");
        else if (draft.ReportDate is not null && date < route.FirstReportingDay)
            errors.Add("reportDate", $"must not be before {route.FirstReportingDay:yyyy-MM-dd}, the first reporting day of the route.");

        var arrivals = Flow(draft.Arrivals, "arrivals", country, route, errors, origin: true);
        var departures = Flow(draft.Departures, "departures", country, route, errors, origin: false);
        var present = errors.Count(draft.PeoplePresent, "peoplePresent");
        var registered = errors.Count(draft.Registered, "registered");
        var asylum = errors.Count(draft.AsylumApplications, "asylumApplications");
        var composition = Composition(draft.Composition, draft.Arrivals?.Total, errors);
        var capacity = Capacity(draft.Capacity, errors);

        if (draft.ExpectedArrivalsNext24h is < 0)
            errors.Add("expectedArrivalsNext24h", "must not be negative.");
        errors.Text(draft.Notes, "notes", MaxNotesLength);
        Assistance.AssistanceRules.ValidatePlanPoints(draft.PlanPoints, errors, route);

        if (!errors.IsEmpty)
            return (null, errors);

        return (new DailyFlowReport
        {
            Country = country,
            ReportDate = date,
            Arrivals = new Arrivals
            {
                Total = arrivals.Total,
                ByCrossingPoint = arrivals.ByCrossingPoint,
                ByOriginCountry = arrivals.ByCountry,
            },
            Departures = new Departures
            {
                Total = departures.Total,
                ByCrossingPoint = departures.ByCrossingPoint,
                ByDestinationCountry = departures.ByCountry,
            },
            PeoplePresent = present,
            Registered = registered,
            AsylumApplications = asylum,
            Composition = composition,
            Capacity = capacity,
            ExpectedArrivalsNext24h = draft.ExpectedArrivalsNext24h,
            Notes = draft.Notes,
            PlanPoints = draft.PlanPoints is { Count: > 0 } points ? [.. points.Distinct().Order()] : null,
            Exercise = draft.Exercise == true,
        }, errors);
    }

    sealed record CheckedFlow(int Total, IReadOnlyList<CrossingPointCount> ByCrossingPoint, IReadOnlyList<CountryCount> ByCountry);

    static CheckedFlow Flow(FlowDraft? flow, string field, string country, RouteMap route, ValidationErrors errors, bool origin)
    {
        if (flow is null)
        {
            errors.Add(field, "is required.");
            return new CheckedFlow(0, [], []);
        }

        var total = errors.Count(flow.Total, $"{field}.total");
        var crossings = new List<CrossingPointCount>();
        var seenCrossings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, i) in Bounded(flow.ByCrossingPoint, $"{field}.byCrossingPoint", errors).Select((x, i) => (x, i)))
        {
            var path = $"{field}.byCrossingPoint[{i}]";
            if (item is null)
            {
                errors.Add(path, "must not be null.");
                continue;
            }
            var code = errors.Required(item.CrossingPoint, $"{path}.crossingPoint");
            var count = errors.Count(item.Count, $"{path}.count");
            if (code is null)
                continue;
            if (route.FindCrossingPoint(code) is not { } crossing)
                errors.Add($"{path}.crossingPoint", $"'{code}' is not a configured crossing point.");
            else if (!crossing.Involves(country))
                errors.Add($"{path}.crossingPoint", $"'{code}' is not on a border of {country}.");
            else if (!seenCrossings.Add(code))
                errors.Add($"{path}.crossingPoint", $"'{code}' appears more than once.");
            crossings.Add(new CrossingPointCount { CrossingPoint = code, Count = count });
        }
        PartOfTotal(crossings.Sum(c => (long)c.Count), flow.Total, $"{field}.byCrossingPoint", $"{field}.total", errors);

        var countryField = origin ? "byOriginCountry" : "byDestinationCountry";
        var wrongSide = origin ? flow.ByDestinationCountry : flow.ByOriginCountry;
        if (wrongSide is not null)
            errors.Add($"{field}.{(origin ? "byDestinationCountry" : "byOriginCountry")}", $"does not apply to {field}; use {field}.{countryField}.");

        var countries = new List<CountryCount>();
        var seenCountries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, i) in Bounded(origin ? flow.ByOriginCountry : flow.ByDestinationCountry, $"{field}.{countryField}", errors).Select((x, i) => (x, i)))
        {
            var path = $"{field}.{countryField}[{i}]";
            if (item is null)
            {
                errors.Add(path, "must not be null.");
                continue;
            }
            var code = errors.Required(item.Country, $"{path}.country");
            var count = errors.Count(item.Count, $"{path}.count");
            if (code is null)
                continue;
            if (!CountryCodes.IsCountry(code))
                errors.Add($"{path}.country", $"'{code}' is not an ISO 3166-1 alpha-2 country code.");
            else if (code == country)
                errors.Add($"{path}.country", $"must be another country than {country}.");
            else if (!seenCountries.Add(code))
                errors.Add($"{path}.country", $"'{code}' appears more than once.");
            countries.Add(new CountryCount { Country = code, Count = count });
        }
        PartOfTotal(countries.Sum(c => (long)c.Count), flow.Total, $"{field}.{countryField}", $"{field}.total", errors);

        return new CheckedFlow(total, crossings, countries);
    }

    static Composition Composition(CompositionDraft? draft, int? arrivals, ValidationErrors errors)
    {
        if (draft is null)
        {
            errors.Add("composition", "is required.");
            return new Composition { Men = 0, Women = 0, Children = 0, UnaccompaniedChildren = 0, ByNationality = [] };
        }

        var men = errors.Count(draft.Men, "composition.men");
        var women = errors.Count(draft.Women, "composition.women");
        var children = errors.Count(draft.Children, "composition.children");
        var unaccompanied = errors.Count(draft.UnaccompaniedChildren, "composition.unaccompaniedChildren");

        if (arrivals is >= 0)
        {
            if (draft.Men > arrivals)
                errors.Add("composition.men", $"must not exceed the arrivals total ({arrivals}).");
            if (draft.Women > arrivals)
                errors.Add("composition.women", $"must not exceed the arrivals total ({arrivals}).");
            if (draft.Children > arrivals)
                errors.Add("composition.children", $"must not exceed the arrivals total ({arrivals}).");
            else if (draft is { Men: >= 0, Women: >= 0, Children: >= 0 } && (long)men + women + children > arrivals)
                errors.Add("composition", $"men, women and children add up to {(long)men + women + children}, more than the arrivals total ({arrivals}).");
        }
        if (draft.UnaccompaniedChildren > draft.Children)
            errors.Add("composition.unaccompaniedChildren", $"must not exceed the children ({draft.Children}); they are counted inside them.");

        var nationalities = new List<NationalityCount>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, i) in Bounded(draft.ByNationality, "composition.byNationality", errors).Select((x, i) => (x, i)))
        {
            var path = $"composition.byNationality[{i}]";
            if (item is null)
            {
                errors.Add(path, "must not be null.");
                continue;
            }
            var code = errors.Required(item.Nationality, $"{path}.nationality");
            var count = errors.Count(item.Count, $"{path}.count");
            if (code is null)
                continue;
            if (!CountryCodes.IsNationality(code))
                errors.Add($"{path}.nationality", $"'{code}' is not an ISO 3166-1 alpha-2 code (use XX for unknown or stateless).");
            else if (!seen.Add(code))
                errors.Add($"{path}.nationality", $"'{code}' appears more than once.");
            nationalities.Add(new NationalityCount { Nationality = code, Count = count });
        }
        PartOfTotal(nationalities.Sum(n => (long)n.Count), arrivals, "composition.byNationality", "arrivals.total", errors);

        return new Composition
        {
            Men = men,
            Women = women,
            Children = children,
            UnaccompaniedChildren = unaccompanied,
            ByNationality = nationalities,
        };
    }

    static ReceptionCapacity Capacity(CapacityDraft? draft, ValidationErrors errors)
    {
        if (draft is null)
        {
            errors.Add("capacity", "is required.");
            return new ReceptionCapacity { Total = 0, Occupied = 0 };
        }
        // Occupancy above capacity is allowed on purpose: overcrowded camps are exactly what neighbours need to see.
        return new ReceptionCapacity
        {
            Total = errors.Count(draft.Total, "capacity.total"),
            Occupied = errors.Count(draft.Occupied, "capacity.occupied"),
        };
    }

    static IReadOnlyList<T> Bounded<T>(IReadOnlyList<T>? list, string field, ValidationErrors errors)
    {
        if (list is null)
            return [];
        if (list.Count <= MaxBreakdownEntries)
            return list;
        errors.Add(field, $"must have at most {MaxBreakdownEntries} entries.");
        return [];
    }

    static void PartOfTotal(long sum, int? total, string field, string totalField, ValidationErrors errors)
    {
        if (total is >= 0 && sum > total)
            errors.Add(field, $"adds up to {sum}, more than {totalField} ({total}).");
    }
}
