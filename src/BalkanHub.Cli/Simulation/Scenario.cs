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

    /// <summary>Greek arrivals a day, by period.</summary>
    public required IReadOnlyList<Period> GreekArrivals { get; init; }

    /// <summary>Day-to-day variation.</summary>
    public required Variation Variation { get; init; }

    /// <summary>Nationality shares of arrivals.</summary>
    public required IReadOnlyList<NationalityShare> Nationalities { get; init; }

    /// <summary>Who arrives.</summary>
    public required CompositionShares Composition { get; init; }

    /// <summary>The corridor, by period.</summary>
    public required IReadOnlyList<Corridor> Corridors { get; init; }

    /// <summary>The share of the day's arrivals (and backlog) that moves on the same day.</summary>
    public required Fraction OnwardShare { get; init; }

    /// <summary>Small flows off the corridor.</summary>
    public required IReadOnlyList<MinorFlow> MinorFlows { get; init; }

    /// <summary>Capacity, starting occupancy and asylum share per country (and a <c>basis</c> entry).</summary>
    public required JsonObject Countries { get; init; }

    /// <summary>Measures to announce.</summary>
    public required IReadOnlyList<ScenarioMeasure> Measures { get; init; }

    /// <summary>Needs, requests and offers.</summary>
    public required IReadOnlyList<ScenarioRequest> Assistance { get; init; }

    /// <summary>Reads a scenario file.</summary>
    public static Scenario Load(string path) =>
        JsonSerializer.Deserialize<Scenario>(File.ReadAllText(path), JsonSerializerOptions.Web)
        ?? throw new InvalidDataException($"{path} holds no scenario.");

    /// <summary>A country's parameters.</summary>
    public CountryParameters CountryOf(string code) =>
        Countries[code]?.Deserialize<CountryParameters>(JsonSerializerOptions.Web) ?? new CountryParameters(1000, 0, 0);
}

/// <summary>A value from a day on.</summary>
public sealed record Period(DateOnly From, int PerDay, string Basis);

/// <summary>How much figures vary from day to day, in percent either way.</summary>
public sealed record Variation(double DailyPercent, string Basis);

/// <summary>A nationality's share.</summary>
public sealed record NationalityShare(string Code, double Share);

/// <summary>Shares of children, women, and unaccompanied among children.</summary>
public sealed record CompositionShares(double Children, double Women, double UnaccompaniedShareOfChildren, string Basis);

/// <summary>The corridor from a day on, in order.</summary>
public sealed record Corridor(DateOnly From, IReadOnlyList<string> Countries, string Basis);

/// <summary>A fraction with its basis.</summary>
public sealed record Fraction(double Value, string Basis);

/// <summary>A small flow into a country off the corridor.</summary>
public sealed record MinorFlow(string Country, int ArrivalsPerDay, string From, string Basis);

/// <summary>A country's reception and asylum parameters.</summary>
public sealed record CountryParameters(int Capacity, int Present, double AsylumShare);

/// <summary>A measure announced on a day, by one country or several.</summary>
public sealed record ScenarioMeasure(DateOnly Announce, string? Country, IReadOnlyList<string>? Countries, JsonObject Notice, string Basis)
{
    /// <summary>The announcing countries.</summary>
    public IEnumerable<string> Announcers => Countries ?? (Country is null ? [] : [Country]);
}

/// <summary>A request for assistance, from a needs analysis, and the offers made against it.</summary>
public sealed record ScenarioRequest(DateOnly Day, string Country, string Title, JsonArray Items, IReadOnlyList<int>? PlanPoints,
    IReadOnlyList<ScenarioOffer> Offers, string Basis);

/// <summary>An offer, accepted by the requester, delivered on <see cref="Deliver"/>.</summary>
public sealed record ScenarioOffer(DateOnly Day, string Country, JsonArray Items, DateOnly Deliver);
