using System.Text.Json;
using System.Text.Json.Nodes;

namespace BalkanHub.Cli.Simulation;

/// <summary>The scenario file: parameters of the replay, each with its basis. See <c>deploy/scenario/autumn-2015.json</c>.</summary>
public sealed record Scenario
{
    /// <summary>Its name.</summary>
    public required string Name { get; init; }

    /// <summary>The first day.</summary>
    public required DateOnly From { get; init; }

    /// <summary>The last day.</summary>
    public required DateOnly To { get; init; }

    /// <summary>Where the replay's clock starts and ends.</summary>
    public required ClockSettings Clock { get; init; }

    /// <summary>The sources the figures rest on, by id.</summary>
    public required IReadOnlyList<JsonObject> Sources { get; init; }

    /// <summary>People entering the route from outside it, by country and period.</summary>
    public required IReadOnlyList<Entry> Entries { get; init; }

    /// <summary>Day-to-day variation of the entries.</summary>
    public required Variation Variation { get; init; }

    /// <summary>Nationality shares of arrivals.</summary>
    public required IReadOnlyList<NationalityShare> Nationalities { get; init; }

    /// <summary>Who arrives.</summary>
    public required CompositionShares Composition { get; init; }

    /// <summary>The corridor, by period.</summary>
    public required IReadOnlyList<Corridor> Corridors { get; init; }

    /// <summary>Small flows beside the corridor.</summary>
    public required IReadOnlyList<SideRoute> SideRoutes { get; init; }

    /// <summary>Capacity, starting occupancy, asylum, onward and settle shares per country (and a <c>basis</c> entry).</summary>
    public required JsonObject Countries { get; init; }

    /// <summary>The numbers that crossed a border on the days the sources give them.</summary>
    public required IReadOnlyList<BorderDay> BorderDays { get; init; }

    /// <summary>Days on which two neighbours' counts of a border disagree on purpose.</summary>
    public required IReadOnlyList<PlantedDisagreement> PlantedDisagreements { get; init; }

    /// <summary>The highest plausible figure per country and day.</summary>
    public required PlausibleMaxima PlausibleMaxima { get; init; }

    /// <summary>When reports are posted.</summary>
    public required ReportingSchedule Reporting { get; init; }

    /// <summary>Reports posted after their deadline on purpose.</summary>
    public required IReadOnlyList<LateReport> LateReports { get; init; }

    /// <summary>When officers acknowledge relayed measures.</summary>
    public required AcknowledgementSchedule Acknowledgements { get; init; }

    /// <summary>Measures to announce.</summary>
    public required IReadOnlyList<ScenarioMeasure> Measures { get; init; }

    /// <summary>Needs, requests and offers.</summary>
    public required IReadOnlyList<ScenarioRequest> Assistance { get; init; }

    /// <summary>Reads a scenario file.</summary>
    public static Scenario Load(string path) =>
        JsonSerializer.Deserialize<Scenario>(File.ReadAllText(path), JsonSerializerOptions.Web)
        ?? throw new InvalidDataException($"{path} holds no scenario.");

    /// <summary>The participants the scenario gives figures for.</summary>
    public IEnumerable<string> CountryCodes => Countries.Select(c => c.Key).Where(c => c != "basis");

    /// <summary>A country's parameters.</summary>
    public CountryParameters CountryOf(string code) =>
        Countries[code]?.Deserialize<CountryParameters>(JsonSerializerOptions.Web) ?? new CountryParameters(1000, 0, 0, null, null);

    /// <summary>When <paramref name="country"/>'s report for <paramref name="day"/> is posted.</summary>
    public DateTimeOffset ReportTime(string country, DateOnly day)
    {
        if (LateReports.FirstOrDefault(l => l.Country == country && l.Day == day) is { } late)
            return late.SubmitAt;
        // Spread over the window in code order, so eleven reports do not all land in one instant.
        var codes = CountryCodes.Order(StringComparer.Ordinal).ToList();
        var offset = TimeSpan.FromMinutes(Reporting.SpreadMinutes * (double)Math.Max(0, codes.IndexOf(country)) / Math.Max(1, codes.Count));
        return new DateTimeOffset(day.AddDays(1), Reporting.SubmitAt, TimeSpan.Zero) + offset;
    }
}

/// <summary>The replay's clock: it reads <see cref="Start"/> when the replay begins, and runs at real pace from <see cref="End"/>.</summary>
public sealed record ClockSettings(DateTimeOffset Start, DateTimeOffset End, string Basis);

/// <summary>People entering <see cref="Country"/> from outside the route, by period.</summary>
public sealed record Entry(string Country, string From, IReadOnlyList<Period> Periods);

/// <summary>A value from a day on.</summary>
public sealed record Period(DateOnly From, int PerDay, string Basis);

/// <summary>How much the entries vary from day to day, in percent either way.</summary>
public sealed record Variation(double DailyPercent, string Basis);

/// <summary>A nationality's share.</summary>
public sealed record NationalityShare(string Code, double Share);

/// <summary>Shares of children, women, and unaccompanied among children.</summary>
public sealed record CompositionShares(double Children, double Women, double UnaccompaniedShareOfChildren, string Basis);

/// <summary>The corridor from a day on, in order.</summary>
public sealed record Corridor(DateOnly From, IReadOnlyList<string> Countries, string Basis);

/// <summary>A small flow from one country to another: a fixed number a day, or a share of the people in the country.</summary>
public sealed record SideRoute(string From, string To, int? PerDay, double? Share, string Basis);

/// <summary>A country's parameters; <see cref="OnwardShare"/> and <see cref="SettleShare"/> are the shares described in the file.</summary>
public sealed record CountryParameters(int Capacity, int Present, double AsylumShare, double? OnwardShare, double? SettleShare);

/// <summary>The number that crossed from <see cref="From"/> to <see cref="To"/> on <see cref="Day"/>, as a source gives it.</summary>
public sealed record BorderDay(string From, string To, DateOnly Day, int Count, string Basis);

/// <summary>On <see cref="Day"/>, <see cref="From"/> reports only <see cref="ReportedShare"/> of its departures to <see cref="To"/>.</summary>
public sealed record PlantedDisagreement(string From, string To, DateOnly Day, double ReportedShare, string Basis);

/// <summary>The highest plausible arrivals and people present per country and day.</summary>
public sealed record PlausibleMaxima(IReadOnlyDictionary<string, int> Arrivals, IReadOnlyDictionary<string, int> PeoplePresent, string Basis);

/// <summary>A day's report is posted at <see cref="SubmitAt"/> (UTC) the next day, spread over <see cref="SpreadMinutes"/>.</summary>
public sealed record ReportingSchedule(TimeOnly SubmitAt, int SpreadMinutes, string Basis);

/// <summary>A report posted late on purpose.</summary>
public sealed record LateReport(string Country, DateOnly Day, DateTimeOffset SubmitAt, string Basis);

/// <summary>Officers acknowledge a relayed measure <see cref="AfterMinutes"/> after it was relayed, except the <see cref="Late"/> ones.</summary>
public sealed record AcknowledgementSchedule(int AfterMinutes, string Basis, IReadOnlyList<LateAcknowledgement> Late)
{
    /// <summary>How long after relaying <paramref name="country"/> acknowledges a measure of <paramref name="measureOf"/> of type <paramref name="type"/>.</summary>
    public TimeSpan Delay(string country, string measureOf, string? type) =>
        Late.FirstOrDefault(l => l.Country == country && l.MeasureOf == measureOf && l.Type == type) is { } late
            ? TimeSpan.FromHours(late.AfterHours)
            : TimeSpan.FromMinutes(AfterMinutes);
}

/// <summary>An acknowledgement given late on purpose.</summary>
public sealed record LateAcknowledgement(string Country, string MeasureOf, string Type, double AfterHours, string Basis);

/// <summary>A measure one country announces at <see cref="AnnouncedAt"/>.</summary>
public sealed record ScenarioMeasure(string Country, DateTimeOffset AnnouncedAt, JsonObject Notice, string Basis)
{
    /// <summary>When it takes effect.</summary>
    public DateTimeOffset EffectiveFrom => DateTimeOffset.Parse((string)Notice["effectiveFrom"]!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>When it ends, if it does.</summary>
    public DateTimeOffset EffectiveUntil => Notice["effectiveUntil"] is { } until
        ? DateTimeOffset.Parse((string)until!, System.Globalization.CultureInfo.InvariantCulture)
        : DateTimeOffset.MaxValue;

    /// <summary>Its lead time in the data file: from announcement to effect.</summary>
    public TimeSpan LeadTime => EffectiveFrom - AnnouncedAt;
}

/// <summary>A request for assistance, from a needs analysis, and the offers made against it.</summary>
public sealed record ScenarioRequest(DateOnly Day, string Country, string Title, JsonArray Items, IReadOnlyList<int>? PlanPoints,
    IReadOnlyList<ScenarioOffer> Offers, string Basis);

/// <summary>An offer, accepted by the requester, delivered on <see cref="Deliver"/>.</summary>
public sealed record ScenarioOffer(DateOnly Day, string Country, JsonArray Items, DateOnly Deliver);
