using System.Globalization;
using System.Text.Json.Nodes;

namespace BalkanHub.Cli.Simulation;

/// <summary>
/// Turns the scenario's parameters into each country's daily report. People arrive in Greece and move
/// along the day's corridor; each transit country passes on most of what it holds, unless a closure, a
/// cap or a nationality filter on the next border holds them back, and then they wait (people present
/// grows). The same seed gives the same figures.
/// </summary>
public sealed class FlowModel(Scenario scenario, int seed)
{
    readonly Dictionary<string, int> _present = [];

    /// <summary>Each country's report for <paramref name="day"/>, as the contact point's API takes it. Days must be taken in order.</summary>
    public IReadOnlyDictionary<string, JsonObject> Day(DateOnly day)
    {
        var corridor = scenario.Corridors.Where(c => c.From <= day).OrderBy(c => c.From).Last().Countries;
        var greek = (int)Math.Round(scenario.GreekArrivals.Where(p => p.From <= day).OrderBy(p => p.From).Last().PerDay * Vary(day, "GR"));
        var reports = new Dictionary<string, JsonObject>(StringComparer.Ordinal);

        var inflow = greek;
        for (var i = 0; i < corridor.Count; i++)
        {
            var country = corridor[i];
            var origin = i == 0 ? "TR" : corridor[i - 1];
            var next = i + 1 < corridor.Count ? corridor[i + 1] : null;
            var available = Present(country) + inflow;
            var onward = next is null ? 0 : (int)Math.Round(available * scenario.OnwardShare.Value);
            if (next is not null)
                onward = Math.Min(onward, Limit(next, country, day, available));
            _present[country] = available - onward;
            reports[country] = Report(country, day, inflow, origin, onward, next);
            inflow = onward;
        }
        foreach (var minor in scenario.MinorFlows)
        {
            var arrivals = (int)Math.Round(minor.ArrivalsPerDay * Vary(day, minor.Country));
            _present[minor.Country] = Present(minor.Country) + arrivals;
            reports[minor.Country] = Report(minor.Country, day, arrivals, minor.From, 0, null);
        }
        // Countries off today's corridor (Hungary after the closure, Slovenia before it) report a quiet day,
        // with a zero from the neighbour people used to come from, so the picture shows the flow stopping.
        foreach (var country in scenario.Countries.Select(c => c.Key).Where(c => c != "basis" && !reports.ContainsKey(c)))
        {
            var usual = scenario.Corridors.Select(c => c.Countries.ToList()).FirstOrDefault(c => c.IndexOf(country) > 0);
            reports[country] = Report(country, day, 0, usual?[usual.IndexOf(country) - 1], 0, null);
        }
        return reports;
    }

    int Present(string country) => _present.TryGetValue(country, out var present) ? present : scenario.CountryOf(country).Present;

    /// <summary>How many of <paramref name="from"/>'s people <paramref name="to"/> lets in on the day, by the measures in force.</summary>
    int Limit(string to, string from, DateOnly day, int available)
    {
        var limit = int.MaxValue;
        var noon = new DateTimeOffset(day, new TimeOnly(12, 0), TimeSpan.Zero);
        foreach (var measure in scenario.Measures.Where(m => m.Announcers.Contains(to)))
        {
            var notice = measure.Notice;
            var effectiveFrom = DateTimeOffset.Parse((string)notice["effectiveFrom"]!, CultureInfo.InvariantCulture);
            var effectiveUntil = notice["effectiveUntil"] is { } until ? DateTimeOffset.Parse((string)until!, CultureInfo.InvariantCulture) : DateTimeOffset.MaxValue;
            if (noon < effectiveFrom || noon >= effectiveUntil)
                continue;
            var crossings = notice["affectedCrossingPoints"]!.AsArray().Select(c => (string)c!).ToList();
            var onThisBorder = crossings.Count == 0 || crossings.Any(c => c.Contains(from, StringComparison.Ordinal));
            if (!onThisBorder)
                continue;
            switch ((string?)notice["type"])
            {
                case "borderClosure":
                    limit = 0;
                    break;
                case "dailyCap":
                    limit = Math.Min(limit, (int)notice["parameters"]!["dailyCap"]!);
                    break;
                case "nationalityRestriction":
                    var admitted = notice["parameters"]!["nationalities"]!.AsArray().Select(n => (string)n!).ToHashSet(StringComparer.Ordinal);
                    var share = scenario.Nationalities.Where(n => admitted.Contains(n.Code)).Sum(n => n.Share);
                    limit = Math.Min(limit, (int)Math.Floor(available * share * scenario.OnwardShare.Value));
                    break;
            }
        }
        return limit;
    }

    JsonObject Report(string country, DateOnly day, int arrivals, string? origin, int departures, string? destination)
    {
        var parameters = scenario.CountryOf(country);
        var children = (int)Math.Round(arrivals * scenario.Composition.Children);
        var women = (int)Math.Round(arrivals * scenario.Composition.Women);
        var present = Present(country);
        var filtered = FilterActive(country, day);
        var shares = scenario.Nationalities.Where(n => !filtered || n.Code is "SY" or "IQ" or "AF").ToList();
        var total = shares.Sum(n => n.Share);
        var nationalities = new JsonArray(shares.Select(n => (JsonNode)Count("nationality", n.Code, (int)Math.Floor(arrivals * n.Share / total))).ToArray());
        return new JsonObject
        {
            ["reportDate"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["arrivals"] = new JsonObject
            {
                ["total"] = arrivals,
                ["byOriginCountry"] = origin is null ? new JsonArray() : new JsonArray(Count("country", origin, arrivals)),
            },
            ["departures"] = new JsonObject
            {
                ["total"] = departures,
                ["byDestinationCountry"] = destination is null ? new JsonArray() : new JsonArray(Count("country", destination, departures)),
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

    bool FilterActive(string country, DateOnly day) =>
        scenario.Measures.Any(m => m.Announcers.Contains(country) && (string?)m.Notice["type"] == "nationalityRestriction"
            && DateTimeOffset.Parse((string)m.Notice["effectiveFrom"]!, CultureInfo.InvariantCulture) <= new DateTimeOffset(day, new TimeOnly(12, 0), TimeSpan.Zero));

    /// <summary>A deterministic variation around 1 for the day and country.</summary>
    double Vary(DateOnly day, string country)
    {
        var random = new Random(unchecked((seed * 397) ^ (day.DayNumber * 7919) ^ StableHash(country)));
        return 1 + (random.NextDouble() * 2 - 1) * scenario.Variation.DailyPercent / 100;
    }

    /// <summary>string.GetHashCode and HashCode differ between runs; this does not, so a seed means the same figures every time.</summary>
    static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + c));

    static JsonObject Count(string field, string code, int count) => new() { [field] = code, ["count"] = count };
}
