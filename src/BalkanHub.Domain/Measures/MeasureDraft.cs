using System.Text.Json.Serialization;
using BalkanHub.Contracts;
using BalkanHub.Domain.Validation;

namespace BalkanHub.Domain.Measures;

/// <summary>
/// A measure notice as a client sends it, to announce or to update a measure. The hub assigns the id,
/// the revision, the status and <c>announcedAt</c>; a client cannot set them.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MeasureDraft
{
    /// <summary>The announcing country. Optional: the contact point knows its own country.</summary>
    public string? Country { get; init; }

    /// <summary>Kind of measure: one of the listed names, never a number.</summary>
    [JsonConverter(typeof(ListedEnumConverter<MeasureType>))]
    public MeasureType? Type { get; init; }

    /// <summary>A one-line headline.</summary>
    public string? Title { get; init; }

    /// <summary>Details.</summary>
    public string? Description { get; init; }

    /// <summary>The points of the leaders' statement the measure serves.</summary>
    public IReadOnlyList<int>? PlanPoints { get; init; }

    /// <summary>Posted as an exercise: relayed and marked, never counted. Fixed at announcement; an update keeps it.</summary>
    public bool? Exercise { get; init; }

    /// <summary>Configured crossing points the measure applies to.</summary>
    public IReadOnlyList<string>? AffectedCrossingPoints { get; init; }

    /// <summary>Neighbours it lands on. Those across the affected crossing points are added by the hub.</summary>
    public IReadOnlyList<string>? AffectedCountries { get; init; }

    /// <summary>When it takes effect.</summary>
    public DateTimeOffset? EffectiveFrom { get; init; }

    /// <summary>When it ends by itself, if planned.</summary>
    public DateTimeOffset? EffectiveUntil { get; init; }

    /// <summary>Type-specific parameters.</summary>
    public MeasureParametersDraft? Parameters { get; init; }

    /// <summary>Severity on the CAP scale: one of the listed names, never a number.</summary>
    [JsonConverter(typeof(ListedEnumConverter<MeasureSeverity>))]
    public MeasureSeverity? Severity { get; init; }

    /// <summary>Why the measure changed; used when updating.</summary>
    public string? Reason { get; init; }

    /// <summary>The draft a notice came from, to check a received notice with the same rules.</summary>
    public static MeasureDraft From(MeasureNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new()
        {
            Country = notice.Country,
            Type = notice.Type,
            Title = notice.Title,
            Description = notice.Description,
            AffectedCrossingPoints = notice.AffectedCrossingPoints,
            AffectedCountries = notice.AffectedCountries,
            EffectiveFrom = notice.EffectiveFrom,
            EffectiveUntil = notice.EffectiveUntil,
            Parameters = notice.Parameters is { } p
                ? new MeasureParametersDraft { DailyCap = p.DailyCap, Nationalities = p.Nationalities, CapacityDelta = p.CapacityDelta }
                : null,
            Severity = notice.Severity,
            PlanPoints = notice.PlanPoints,
            Exercise = notice.Exercise,
        };
    }
}

/// <summary>Type-specific parameters, as sent.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MeasureParametersDraft
{
    /// <summary>Entries per day, for a daily cap.</summary>
    public int? DailyCap { get; init; }

    /// <summary>Nationalities still admitted, for a nationality restriction.</summary>
    public IReadOnlyList<string>? Nationalities { get; init; }

    /// <summary>Change in reception places, for a capacity change.</summary>
    public int? CapacityDelta { get; init; }
}

/// <summary>The body of a cancel or lift call.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MeasureTransitionDraft
{
    /// <summary>Why, in the officer's words.</summary>
    public string? Reason { get; init; }
}
