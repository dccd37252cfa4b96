using System.Globalization;
using System.Text.Json.Nodes;

namespace BalkanHub.Cli.Simulation;

/// <summary>
/// Turns the scenario's parameters into each country's daily report. People enter the route in Greece
/// (and Bulgaria) and move along the day's corridor: each day a country passes on its onward share of the
/// people in it, except on the days a source gives the number that crossed a border, when that number
/// crosses. People stay behind only for a closure or a nationality filter on the next border; Slovenia's
/// request of 2,500 a day is announced but is no dam. Each morning a country's settle share of the people
/// present leaves reception without crossing a border, so no stock grows without bound. A border's two
/// countries report the same count, except where the file plants a disagreement. The same seed gives the
/// same figures.
/// </summary>
public sealed class FlowModel(Scenario scenario, int seed)
{
    readonly Dictionary<string, int> _present = [];

    /// <summary>Each country's report for <paramref name="day"/>, as the contact point's API takes it. Days must be taken in order.</summary>
    public IReadOnlyDictionary<string, JsonObject> Day(DateOnly day)
    {
        var corridor = scenario.Corridors.Where(c => c.From <= day).OrderBy(c => c.From).Last().Countries;
        var edges = new List<(string From, string To, SideRoute? Side)>();
        for (var i = 0; i + 1 < corridor.Count; i++)
            edges.Add((corridor[i], corridor[i + 1], null));
        edges.AddRange(scenario.SideRoutes.Select(s => (s.From, s.To, (SideRoute?)s)));

        var arrivals = scenario.CountryCodes.ToDictionary(c => c, _ => new Dictionary<string, int>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var entry in scenario.Entries)
        {
            var perDay = entry.Periods.Where(p => p.From <= day).OrderBy(p => p.From).LastOrDefault()?.PerDay ?? 0;
            arrivals[entry.Country][entry.From] = (int)Math.Round(perDay * Vary(day, entry.Country));
        }

        var reports = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var country in Order(edges))
        {
            var parameters = scenario.CountryOf(country);
            var morning = Present(country);
            var available = morning - (int)Math.Round(morning * (parameters.SettleShare ?? 0)) + arrivals[country].Values.Sum();
            var departures = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (_, to, side) in edges.Where(e => e.From == country).OrderBy(e => e.Side is null ? 1 : 0))
            {
                int moving;
                if (side?.PerDay is { } fixedPerDay)
                    moving = (int)Math.Round(fixedPerDay * Vary(day, country + to));
                else if (scenario.BorderDays.FirstOrDefault(b => b.From == country && b.To == to && b.Day == day) is { } counted)
                    moving = counted.Count;
                else
                    moving = (int)Math.Round(available * (side?.Share ?? parameters.OnwardShare ?? 0));
                moving = Math.Clamp((int)Math.Floor(moving * Admitted(to, country, day)), 0, available);
                available -= moving;
                departures[to] = moving;
                arrivals[to][country] = moving;
            }
            _present[country] = available;
            reports[country] = Report(country, day, arrivals[country], departures);
        }
        return reports;
    }

    /// <summary>
    /// Countries in an order where each comes after those it receives from today; a country off today's
    /// flows (Hungary after the closure, Slovenia before it) keeps its place and reports a quiet day.
    /// </summary>
    IEnumerable<string> Order(List<(string From, string To, SideRoute? Side)> edges)
    {
        var pending = scenario.CountryCodes.ToList();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(c => edges.Where(e => e.To == c).All(e => done.Contains(e.From) || !pending.Contains(e.From)))
                ?? throw new InvalidDataException("The scenario's flows go round in a circle.");
            pending.Remove(next);
            done.Add(next);
            yield return next;
        }
    }

    int Present(string country) => _present.TryGetValue(country, out var present) ? present : scenario.CountryOf(country).Present;

    /// <summary>The share of the people moving from <paramref name="from"/> that <paramref name="to"/> lets in, by the closures and filters in force.</summary>
    double Admitted(string to, string from, DateOnly day)
    {
        var admitted = 1.0;
        var noon = new DateTimeOffset(day, new TimeOnly(12, 0), TimeSpan.Zero);
        foreach (var measure in scenario.Measures.Where(m => m.Country == to && m.EffectiveFrom <= noon && noon < m.EffectiveUntil))
        {
            var notice = measure.Notice;
            var crossings = notice["affectedCrossingPoints"]!.AsArray().Select(c => (string)c!).ToList();
            if (crossings.Count > 0 && !crossings.Any(c => c.Split('-').Take(2).Contains(from)))
                continue;
            switch ((string?)notice["type"])
            {
                case "borderClosure":
                    admitted = 0;
                    break;
                // A sender that filters the same way already sends only those it admits.
                case "nationalityRestriction" when FilterActive(from, day) is null:
                    var allowed = notice["parameters"]!["nationalities"]!.AsArray().Select(n => (string)n!).ToHashSet(StringComparer.Ordinal);
                    admitted = Math.Min(admitted, scenario.Nationalities.Where(n => allowed.Contains(n.Code)).Sum(n => n.Share));
                    break;
                // A daily cap is a request to the neighbour; in 2015 the transfers did not follow it, so it limits nothing here.
            }
        }
        return admitted;
    }

    JsonObject Report(string country, DateOnly day, Dictionary<string, int> arrivalsByOrigin, Dictionary<string, int> departuresByDestination)
    {
        var parameters = scenario.CountryOf(country);
        var reportedDepartures = departuresByDestination.ToDictionary(d => d.Key, d =>
            scenario.PlantedDisagreements.FirstOrDefault(p => p.From == country && p.To == d.Key && p.Day == day) is { } planted
                ? (int)Math.Round(d.Value * planted.ReportedShare)
                : d.Value, StringComparer.Ordinal);
        var origins = arrivalsByOrigin.Count > 0 ? arrivalsByOrigin : UsualOrigins(country);
        var arrivals = arrivalsByOrigin.Values.Sum();
        var children = (int)Math.Round(arrivals * scenario.Composition.Children);
        var women = (int)Math.Round(arrivals * scenario.Composition.Women);
        var present = Present(country);
        var filtered = FilterActive(country, day);
        var shares = scenario.Nationalities.Where(n => filtered is null || filtered.Contains(n.Code)).ToList();
        var total = shares.Sum(n => n.Share);
        var nationalities = new JsonArray(shares.Select(n => (JsonNode)Count("nationality", n.Code, (int)Math.Floor(arrivals * n.Share / total))).ToArray());
        return new JsonObject
        {
            ["reportDate"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["arrivals"] = new JsonObject
            {
                ["total"] = arrivals,
                ["byOriginCountry"] = new JsonArray(origins.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => (JsonNode)Count("country", o.Key, o.Value)).ToArray()),
            },
            ["departures"] = new JsonObject
            {
                ["total"] = reportedDepartures.Values.Sum(),
                ["byDestinationCountry"] = new JsonArray(reportedDepartures.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => (JsonNode)Count("country", d.Key, d.Value)).ToArray()),
            },
            ["peoplePresent"] = present,
            ["registered"] = (int)Math.Round(arrivals * 0.97),
            ["asylumApplications"] = (int)Math.Round(arrivals * parameters.AsylumShare),
            ["composition"] = new JsonObject
            {
                ["men"] = arrivals - children - women,
                ["women"] = women,
                ["children"] = children,
                ["unaccompaniedChildren"] = (int)Math.Round(children * scenario.Composition.UnaccompaniedShareOfChildren),
                ["byNationality"] = nationalities,
            },
            ["capacity"] = new JsonObject { ["total"] = parameters.Capacity, ["occupied"] = Math.Min(parameters.Capacity, present) },
            ["notes"] = "Simulated: autumn-2015 scenario replay, not an official figure.",
        };
    }

    /// <summary>A country nobody reaches today names, with zero, the neighbour people used to come from, so the picture shows the flow stopping.</summary>
    Dictionary<string, int> UsualOrigins(string country) =>
        scenario.Corridors.Select(c => c.Countries.ToList()).Where(c => c.IndexOf(country) > 0)
            .Select(c => c[c.IndexOf(country) - 1]).Distinct().ToDictionary(c => c, _ => 0, StringComparer.Ordinal);

    /// <summary>The nationalities <paramref name="country"/> admits on the day, or null when it filters none.</summary>
    HashSet<string>? FilterActive(string country, DateOnly day)
    {
        var noon = new DateTimeOffset(day, new TimeOnly(12, 0), TimeSpan.Zero);
        return scenario.Measures.Where(m => m.Country == country && (string?)m.Notice["type"] == "nationalityRestriction" && m.EffectiveFrom <= noon && noon < m.EffectiveUntil)
            .Select(m => m.Notice["parameters"]!["nationalities"]!.AsArray().Select(n => (string)n!).ToHashSet(StringComparer.Ordinal))
            .FirstOrDefault();
    }

    /// <summary>A deterministic variation around 1 for the day and key.</summary>
    double Vary(DateOnly day, string key)
    {
        var random = new Random(unchecked((seed * 397) ^ (day.DayNumber * 7919) ^ StableHash(key)));
        return 1 + (random.NextDouble() * 2 - 1) * scenario.Variation.DailyPercent / 100;
    }

    /// <summary>string.GetHashCode and HashCode differ between runs; this does not, so a seed means the same figures every time.</summary>
    static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + c));

    static JsonObject Count(string field, string code, int count) => new() { [field] = code, ["count"] = count };
}
