using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using BalkanHub.Api.Contracts;

namespace BalkanHub.Domain.Route;

/// <summary>
/// The route the hub serves: participants and their roles and time zones, the land borders between
/// them, the crossing points on each border, and the corridor order. It is configuration, read from a
/// file under <c>deploy/</c>, so the same hub serves another route by changing that file.
/// </summary>
public sealed class RouteMap
{
    readonly FrozenDictionary<string, Participant> _participants;
    readonly FrozenDictionary<string, FrozenSet<string>> _neighbours;
    readonly FrozenDictionary<string, CrossingPoint> _crossingPoints;
    readonly FrozenDictionary<string, FrozenSet<string>> _extraSubscribers;

    /// <summary>The share of the reporting countries whose reports make a day the one pages open on, when the file does not say.</summary>
    public const double DefaultQuorum = 0.5;

    /// <summary>How alerts cite the agreement when the file does not name it.</summary>
    public const string DefaultAgreement = "the participants' coordination agreement";

    RouteMap(string name, IReadOnlyList<Participant> participants, IReadOnlyList<Border> borders,
        IReadOnlyList<CrossingPoint> crossingPoints, IReadOnlyList<string> corridor,
        IReadOnlyDictionary<string, FrozenSet<string>> extraSubscribers, DateOnly firstReportingDay, double defaultDayQuorum, string agreement, int planPointCount)
    {
        Name = name;
        Agreement = agreement;
        PlanPointCount = planPointCount;
        FirstReportingDay = firstReportingDay;
        DefaultDayQuorum = defaultDayQuorum;
        Participants = participants;
        Borders = borders;
        CrossingPoints = crossingPoints;
        Corridor = corridor;
        _participants = participants.ToFrozenDictionary(p => p.Code, StringComparer.Ordinal);
        _crossingPoints = crossingPoints.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
        _neighbours = participants.ToFrozenDictionary(
            p => p.Code,
            p => borders.Where(b => b.Involves(p.Code)).Select(b => b.Other(p.Code)).ToFrozenSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        _extraSubscribers = extraSubscribers.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>A human name for the route, shown on pages.</summary>
    public string Name { get; }

    /// <summary>The agreement the participants coordinate under, as alerts cite it ("leaders' statement of 25 October 2015").</summary>
    public string Agreement { get; }

    /// <summary>How many numbered points the agreement has: items tagged with plan points name points 1 to this; 0 when it numbers none.</summary>
    public int PlanPointCount { get; }

    /// <summary>Every participant, in file order.</summary>
    public IReadOnlyList<Participant> Participants { get; }

    /// <summary>Land borders between participants.</summary>
    public IReadOnlyList<Border> Borders { get; }

    /// <summary>Configured crossing points, on borders between participants or on the route's outer borders.</summary>
    public IReadOnlyList<CrossingPoint> CrossingPoints { get; }

    /// <summary>The main corridor, in the direction of the flow.</summary>
    public IReadOnlyList<string> Corridor { get; }

    /// <summary>The first day a report may cover: an earlier date is a typing error, refused like a future one.</summary>
    public DateOnly FirstReportingDay { get; }

    /// <summary>
    /// The share of the reporting countries (0 to 1) that must have reported a day for the pages to open
    /// on it; see <see cref="Reports.ReportingDays"/>. One country's stray date never moves them.
    /// </summary>
    public double DefaultDayQuorum { get; }

    /// <summary>Participants that file daily reports: the countries with borders on the route.</summary>
    public IEnumerable<Participant> ReportingCountries => Participants.Where(p => p.Role == ParticipantRole.Country);

    /// <summary>Participants that run a contact point: countries and observers.</summary>
    public IEnumerable<Participant> ContactPoints => Participants.Where(p => p.RunsContactPoint);

    /// <summary>The participant with this code, or null.</summary>
    public Participant? Find(string? code) =>
        code is not null && _participants.TryGetValue(code, out var participant) ? participant : null;

    /// <summary>The participant with this code; throws when the route does not have it.</summary>
    public Participant Get(string code) =>
        Find(code) ?? throw new KeyNotFoundException($"The route '{Name}' has no participant '{code}'.");

    /// <summary>The participants sharing a land border with this one.</summary>
    public IReadOnlySet<string> NeighboursOf(string code) =>
        _neighbours.TryGetValue(code, out var neighbours) ? neighbours : FrozenSet<string>.Empty;

    /// <summary>Whether the two participants share a configured land border.</summary>
    public bool AreNeighbours(string a, string b) => NeighboursOf(a).Contains(b);

    /// <summary>Participants the configuration names as extra subscribers to this publisher's items.</summary>
    public IReadOnlySet<string> ExtraSubscribersOf(string publisher) =>
        _extraSubscribers.TryGetValue(publisher, out var subscribers) ? subscribers : FrozenSet<string>.Empty;

    /// <summary>The crossing point with this code, or null.</summary>
    public CrossingPoint? FindCrossingPoint(string? code) =>
        code is not null && _crossingPoints.TryGetValue(code, out var crossing) ? crossing : null;

    /// <summary>The calendar day it is now in the participant's own time zone.</summary>
    public DateOnly Today(string code, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Get(code).TimeZone);
        return DateOnly.FromDateTime(local.DateTime);
    }

    /// <summary>
    /// The moments <paramref name="day"/> begins and ends in the participant's own time zone, as UTC: a
    /// country's day, and the measures in force on it, are its own calendar day, not Greenwich's.
    /// </summary>
    public (DateTimeOffset Start, DateTimeOffset End) DayOf(string code, DateOnly day)
    {
        var zone = Get(code).TimeZone;
        DateTimeOffset Midnight(DateOnly d)
        {
            var local = d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            // Where a clock change skips midnight, the day begins at the first moment that exists.
            while (zone.IsInvalidTime(local))
                local = local.AddMinutes(30);
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
        }
        return (Midnight(day), Midnight(day.AddDays(1)));
    }

    /// <summary>Reads and checks a route file. Every problem found is listed in one exception.</summary>
    public static RouteMap Load(string path)
    {
        if (!File.Exists(path))
            throw new RouteConfigurationException(path, [$"the route file does not exist (set Route:Path to the file under deploy/)"]);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and checks a route document; <paramref name="source"/> names it in errors.</summary>
    public static RouteMap Parse(string json, string source)
    {
        RouteFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RouteFile>(json, FileOptions);
        }
        catch (JsonException ex)
        {
            throw new RouteConfigurationException(source, [$"{ex.Path}: {ex.Message}"]);
        }

        if (file is null)
            throw new RouteConfigurationException(source, ["the file is empty"]);

        var problems = new List<string>();
        var participants = new List<Participant>();
        foreach (var (p, i) in file.Participants.Select((p, i) => (p, i)))
        {
            if (string.IsNullOrWhiteSpace(p.Code) || p.Code.Any(char.IsLower))
            {
                problems.Add($"participants[{i}].code: '{p.Code}' must be an upper-case code");
                continue;
            }
            if (participants.Any(x => x.Code == p.Code))
                problems.Add($"participants[{i}].code: '{p.Code}' appears twice");
            if (p.Role is ParticipantRole.Country or ParticipantRole.Observer && !CountryCodes.IsCountry(p.Code))
                problems.Add($"participants[{i}].code: '{p.Code}' is a {p.Role.ToString().ToLowerInvariant()} but not an ISO 3166-1 code");
            if (!TryFindTimeZone(p.TimeZone, out var zone))
            {
                problems.Add($"participants[{i}].timeZone: '{p.TimeZone}' is not a known IANA time zone");
                continue;
            }
            participants.Add(new Participant(p.Code, string.IsNullOrWhiteSpace(p.Name) ? p.Code : p.Name, p.Role, zone));
        }

        bool IsBorderHolder(string code) =>
            participants.Find(x => x.Code == code) is { Role: ParticipantRole.Country };

        var borders = new List<Border>();
        foreach (var (text, i) in file.Borders.Select((b, i) => (b, i)))
        {
            var parts = text.Split('-');
            if (parts.Length != 2 || parts[0] == parts[1])
            {
                problems.Add($"borders[{i}]: '{text}' must look like 'AT-SI'");
                continue;
            }
            foreach (var code in parts.Where(c => !IsBorderHolder(c)))
                problems.Add($"borders[{i}]: '{code}' is not a participant with the country role");
            var border = new Border(parts[0], parts[1]);
            if (borders.Contains(border))
                problems.Add($"borders[{i}]: '{text}' appears twice");
            borders.Add(border);
        }

        var crossings = new List<CrossingPoint>();
        foreach (var (c, i) in file.CrossingPoints.Select((c, i) => (c, i)))
        {
            if (c.Countries is not [var a, var b] || a == b)
            {
                problems.Add($"crossingPoints[{i}].countries: a crossing point lies between exactly two countries");
                continue;
            }
            if (string.IsNullOrWhiteSpace(c.Code) || crossings.Any(x => x.Code == c.Code))
                problems.Add($"crossingPoints[{i}].code: '{c.Code}' is empty or appears twice");
            var insideRoute = new[] { a, b }.Count(IsBorderHolder);
            if (insideRoute == 0)
                problems.Add($"crossingPoints[{i}]: neither {a} nor {b} is a participating country");
            else if (insideRoute == 2 && !borders.Contains(new Border(a, b)))
                problems.Add($"crossingPoints[{i}]: {a} and {b} have no configured border");
            else if (insideRoute == 1 && !new[] { a, b }.All(CountryCodes.IsCountry))
                problems.Add($"crossingPoints[{i}].countries: an outer border's far side must be an ISO 3166-1 code");
            crossings.Add(new CrossingPoint(c.Code, string.IsNullOrWhiteSpace(c.Name) ? c.Code : c.Name, a, b));
        }

        foreach (var (code, i) in file.Corridor.Select((c, i) => (c, i)).Where(x => !IsBorderHolder(x.c)))
            problems.Add($"corridor[{i}]: '{code}' is not a participating country");

        var extra = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
        foreach (var (s, i) in (file.ExtraSubscribers ?? []).Select((s, i) => (s, i)))
        {
            if (participants.Find(x => x.Code == s.Subscriber) is not { RunsContactPoint: true })
                problems.Add($"extraSubscribers[{i}].subscriber: '{s.Subscriber}' does not run a contact point");
            foreach (var publisher in s.Publishers)
            {
                if (!IsBorderHolder(publisher) && participants.Find(x => x.Code == publisher) is not { RunsContactPoint: true })
                    problems.Add($"extraSubscribers[{i}].publishers: '{publisher}' does not run a contact point");
                extra[publisher] = (extra.TryGetValue(publisher, out var set) ? set : FrozenSet<string>.Empty)
                    .Append(s.Subscriber).ToFrozenSet(StringComparer.Ordinal);
            }
        }

        if (!participants.Any(p => p.RunsContactPoint))
            problems.Add("participants: the route needs at least one country");

        if (file.FirstReportingDay is null)
            problems.Add("firstReportingDay: is required: the first day a report may cover, as yyyy-MM-dd (2015-10-15 for the Western Balkans route)");
        var quorum = file.DefaultDayQuorum ?? DefaultQuorum;
        if (!(quorum > 0 && quorum <= 1))
            problems.Add($"defaultDayQuorum: {quorum.ToString(System.Globalization.CultureInfo.InvariantCulture)} must be more than 0 and at most 1 (the share of reporting countries, such as 0.5)");

        if (file.Agreement?.Points is < 0)
            problems.Add($"agreement.points: {file.Agreement.Points} must be 0 or more (the agreement's numbered points)");

        if (problems.Count > 0)
            throw new RouteConfigurationException(source, problems);

        return new RouteMap(string.IsNullOrWhiteSpace(file.Name) ? source : file.Name,
            participants, borders, crossings, file.Corridor, extra, file.FirstReportingDay!.Value, quorum,
            string.IsNullOrWhiteSpace(file.Agreement?.Name) ? DefaultAgreement : file.Agreement.Name, file.Agreement?.Points ?? 0);
    }

    static bool TryFindTimeZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
            return false;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    // The file's shape. Kept apart from RouteMap so the checked, indexed form is the only one code sees.
    sealed record RouteFile(
        string? Name,
        IReadOnlyList<ParticipantEntry> Participants,
        IReadOnlyList<string> Borders,
        IReadOnlyList<CrossingPointEntry> CrossingPoints,
        IReadOnlyList<string> Corridor,
        IReadOnlyList<ExtraSubscriberEntry>? ExtraSubscribers,
        DateOnly? FirstReportingDay,
        double? DefaultDayQuorum,
        AgreementEntry? Agreement);

    sealed record AgreementEntry(string? Name, int? Points);

    sealed record ParticipantEntry(string Code, string? Name, ParticipantRole Role, string? TimeZone);

    sealed record CrossingPointEntry(string Code, string? Name, IReadOnlyList<string> Countries);

    sealed record ExtraSubscriberEntry(string Subscriber, IReadOnlyList<string> Publishers);
}

/// <summary>A participant of the route.</summary>
/// <param name="Code">ISO 3166-1 code for countries and observers; an acronym for the Commission and agencies.</param>
/// <param name="Name">Human name.</param>
/// <param name="Role">What the participant does on the hub.</param>
/// <param name="TimeZone">The zone its daily reports are counted in.</param>
public sealed record Participant(string Code, string Name, ParticipantRole Role, TimeZoneInfo TimeZone)
{
    /// <summary>Countries and observers run a contact point and receive relays in their own queue.</summary>
    public bool RunsContactPoint => Role is ParticipantRole.Country or ParticipantRole.Observer;
}

/// <summary>A land border between two participating countries.</summary>
public sealed record Border
{
    /// <summary>Creates a border; the order of the two codes does not matter.</summary>
    public Border(string a, string b)
    {
        (A, B) = string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
    }

    /// <summary>The country whose code sorts first.</summary>
    public string A { get; }

    /// <summary>The country whose code sorts second.</summary>
    public string B { get; }

    /// <summary>Whether the border touches this country.</summary>
    public bool Involves(string code) => A == code || B == code;

    /// <summary>The country on the other side.</summary>
    public string Other(string code) => A == code ? B : A;

    /// <inheritdoc />
    public override string ToString() => $"{A}-{B}";
}

/// <summary>A configured crossing point, such as <c>HR-SI-BREGANA</c> for Bregana–Obrežje.</summary>
/// <param name="Code">Stable code used in reports and measures.</param>
/// <param name="Name">Human name.</param>
/// <param name="CountryA">One side.</param>
/// <param name="CountryB">The other side.</param>
public sealed record CrossingPoint(string Code, string Name, string CountryA, string CountryB)
{
    /// <summary>Whether the crossing point lies on this country's border.</summary>
    public bool Involves(string code) => CountryA == code || CountryB == code;

    /// <summary>The country on the other side of the crossing from <paramref name="code"/>.</summary>
    public string Other(string code) => CountryA == code ? CountryB : CountryA;
}

/// <summary>The route file is missing or inconsistent. The message lists every problem.</summary>
public sealed class RouteConfigurationException : Exception
{
    /// <summary>Creates the exception for a file and its problems.</summary>
    public RouteConfigurationException(string source, IReadOnlyList<string> problems)
        : base($"The route configuration '{source}' is not valid:{Environment.NewLine}  - " +
               string.Join(Environment.NewLine + "  - ", problems))
    {
        Problems = problems;
    }

    /// <summary>Each problem found.</summary>
    public IReadOnlyList<string> Problems { get; }
}
