using System.Text.Json.Serialization;

namespace BalkanHub.Contracts;

/// <summary>
/// A notice of a border measure, as its country announced it. Every transition carries the whole
/// notice, so a recipient never has to merge partial updates.
/// </summary>
public sealed record MeasureNotice
{
    /// <summary>Identifies the measure through all its revisions.</summary>
    public required Guid MeasureId { get; init; }

    /// <summary>ISO 3166-1 alpha-2 code of the country taking the measure.</summary>
    public required string Country { get; init; }

    /// <summary>What kind of measure it is.</summary>
    public required MeasureType Type { get; init; }

    /// <summary>A one-line headline, for example "Daily cap of 2,500 at Bregana–Obrežje".</summary>
    public required string Title { get; init; }

    /// <summary>Details for the officers who receive it. Render it as text only.</summary>
    public string? Description { get; init; }

    /// <summary>Configured crossing-point codes the measure applies to.</summary>
    public required IReadOnlyList<string> AffectedCrossingPoints { get; init; }

    /// <summary>Neighbouring countries the measure lands on (ISO 3166-1 alpha-2).</summary>
    public required IReadOnlyList<string> AffectedCountries { get; init; }

    /// <summary>When the measure takes effect.</summary>
    public required DateTimeOffset EffectiveFrom { get; init; }

    /// <summary>When the measure ends by itself, if it is planned to.</summary>
    public DateTimeOffset? EffectiveUntil { get; init; }

    /// <summary>Type-specific parameters, such as the daily cap or the nationalities admitted.</summary>
    public required MeasureParameters Parameters { get; init; }

    /// <summary>How hard the measure lands on neighbours, on the CAP 1.2 scale.</summary>
    public required MeasureSeverity Severity { get; init; }

    /// <summary>Where the measure stands in its lifecycle.</summary>
    public required MeasureStatus Status { get; init; }

    /// <summary>1 when announced, then one more for each transition. Recipients apply them in order.</summary>
    public required int Revision { get; init; }

    /// <summary>When the contact point accepted the first announcement. Stamped by the hub, never by a client.</summary>
    public required DateTimeOffset AnnouncedAt { get; init; }

    /// <summary>The numbered points of the leaders' statement this measure serves, so the Commission can filter by point.</summary>
    public IReadOnlyList<int>? PlanPoints { get; init; }

    /// <summary>
    /// Exercise traffic: relayed and shown marked as such, never counted in the picture, commitments or
    /// compliance. CAP alerts carry status Exercise.
    /// </summary>
    public bool Exercise { get; init; }
}

/// <summary>Type-specific parameters of a measure.</summary>
public sealed record MeasureParameters
{
    /// <summary>Maximum entries per day, for <see cref="MeasureType.DailyCap"/>.</summary>
    public int? DailyCap { get; init; }

    /// <summary>
    /// Nationalities concerned (ISO 3166-1 alpha-2), for <see cref="MeasureType.NationalityRestriction"/>:
    /// the only nationalities still admitted.
    /// </summary>
    public IReadOnlyList<string>? Nationalities { get; init; }

    /// <summary>Change in reception places, for <see cref="MeasureType.CapacityChange"/>; negative when places close.</summary>
    public int? CapacityDelta { get; init; }
}

/// <summary>The kinds of measure the leaders asked countries to announce in advance.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MeasureType>))]
public enum MeasureType
{
    /// <summary>A crossing point or a whole border is closed.</summary>
    [JsonStringEnumMemberName("borderClosure")] BorderClosure,

    /// <summary>Entries are capped at a number a day.</summary>
    [JsonStringEnumMemberName("dailyCap")] DailyCap,

    /// <summary>Only some nationalities are admitted.</summary>
    [JsonStringEnumMemberName("nationalityRestriction")] NationalityRestriction,

    /// <summary>People are moved by train or bus to a border.</summary>
    [JsonStringEnumMemberName("transportArrangement")] TransportArrangement,

    /// <summary>Registration procedures change.</summary>
    [JsonStringEnumMemberName("registrationChange")] RegistrationChange,

    /// <summary>Reception capacity opens or closes.</summary>
    [JsonStringEnumMemberName("capacityChange")] CapacityChange,

    /// <summary>Any other measure neighbours should know of.</summary>
    [JsonStringEnumMemberName("other")] Other,
}

/// <summary>Lifecycle of a measure: planned, then cancelled; or planned, in force, then lifted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MeasureStatus>))]
public enum MeasureStatus
{
    /// <summary>Announced, not yet in effect.</summary>
    [JsonStringEnumMemberName("planned")] Planned,

    /// <summary>In effect.</summary>
    [JsonStringEnumMemberName("inForce")] InForce,

    /// <summary>Ended after it was in force.</summary>
    [JsonStringEnumMemberName("lifted")] Lifted,

    /// <summary>Withdrawn before or instead of taking effect.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>Severity on the CAP 1.2 scale, so alerts map onto civil-protection tools unchanged.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MeasureSeverity>))]
public enum MeasureSeverity
{
    /// <summary>Minimal to no effect on neighbours.</summary>
    [JsonStringEnumMemberName("minor")] Minor,

    /// <summary>Some effect on neighbours.</summary>
    [JsonStringEnumMemberName("moderate")] Moderate,

    /// <summary>Significant effect on neighbours.</summary>
    [JsonStringEnumMemberName("severe")] Severe,

    /// <summary>Extraordinary effect on neighbours.</summary>
    [JsonStringEnumMemberName("extreme")] Extreme,
}
