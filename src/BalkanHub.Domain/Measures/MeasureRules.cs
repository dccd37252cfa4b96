using BalkanHub.Contracts;
using BalkanHub.Domain.Route;
using BalkanHub.Domain.Validation;

namespace BalkanHub.Domain.Measures;

/// <summary>
/// The one place that decides whether a measure notice is acceptable, and which neighbours it lands on.
/// </summary>
public static class MeasureRules
{
    /// <summary>Longest headline accepted.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>Longest description or reason accepted.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>
    /// Checks a draft for <paramref name="country"/>. When it is valid, returns the notice with the
    /// identity and lifecycle fields the caller gives.
    /// </summary>
    public static (MeasureNotice? Notice, ValidationErrors Errors) Validate(
        MeasureDraft draft, string country, RouteMap route,
        Guid measureId, int revision, MeasureStatus status, DateTimeOffset announcedAt)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(route);
        var errors = new ValidationErrors();

        if (draft.Country is not null && draft.Country != country)
            errors.Add("country", $"must be {country}: a contact point announces measures for its own country only.");

        var type = errors.Listed(draft.Type, "type");
        var title = errors.Required(draft.Title, "title");
        if (title is not null && string.IsNullOrWhiteSpace(title))
            errors.Add("title", "must not be empty.");
        errors.Line(title, "title", MaxTitleLength);
        errors.Text(draft.Description, "description", MaxTextLength);
        errors.Text(draft.Reason, "reason", MaxTextLength);
        Assistance.AssistanceRules.ValidatePlanPoints(draft.PlanPoints, errors, route);
        var severity = errors.Listed(draft.Severity, "severity");
        // The caller gives the status; on the bus it is the sender's, so it is checked like any field.
        if (!Enum.IsDefined(status))
            errors.Add("status", $"must be one of {string.Join(", ", EnumNames.Of<MeasureStatus>())}.");
        var from = errors.Required(draft.EffectiveFrom, "effectiveFrom");
        if (draft.EffectiveFrom is not null && draft.EffectiveUntil is not null && draft.EffectiveUntil <= draft.EffectiveFrom)
            errors.Add("effectiveUntil", "must be after effectiveFrom.");

        // A list longer than anything the route holds is refused before it is read entry by entry.
        var tooLong = false;
        void TooLong(string field, int most)
        {
            errors.Add(field, $"must have at most {most} entries.");
            tooLong = true;
        }
        if (draft.AffectedCrossingPoints?.Count > route.CrossingPoints.Count)
            TooLong("affectedCrossingPoints", route.CrossingPoints.Count);
        if (draft.AffectedCountries?.Count > route.Participants.Count)
            TooLong("affectedCountries", route.Participants.Count);
        if (draft.Parameters?.Nationalities?.Count > 300)
            TooLong("parameters.nationalities", 300);
        if (tooLong)
            return (null, errors);

        var neighbours = route.NeighboursOf(country);
        var crossings = new List<string>();
        var affected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (code, i) in (draft.AffectedCrossingPoints ?? []).Select((c, i) => (c, i)))
        {
            var path = $"affectedCrossingPoints[{i}]";
            if (route.FindCrossingPoint(code) is not { } crossing)
                errors.Add(path, $"'{code}' is not a configured crossing point.");
            else if (!crossing.Involves(country))
                errors.Add(path, $"'{code}' is not on a border of {country}.");
            else if (crossings.Contains(code))
                errors.Add(path, $"'{code}' appears more than once.");
            else
            {
                crossings.Add(code);
                if (neighbours.Contains(crossing.Other(country)))
                    affected.Add(crossing.Other(country));
            }
        }
        foreach (var (code, i) in (draft.AffectedCountries ?? []).Select((c, i) => (c, i)))
        {
            if (!neighbours.Contains(code))
                errors.Add($"affectedCountries[{i}]", $"'{code}' is not a neighbour of {country} on this route.");
            else
                affected.Add(code);
        }

        var parameters = Parameters(draft.Parameters, draft.Type, errors);
        if (draft.Type is MeasureType.BorderClosure or MeasureType.DailyCap && (draft.AffectedCrossingPoints ?? []).Count == 0)
            errors.Add("affectedCrossingPoints", $"a {Name(draft.Type)} must name the crossing points it applies to.");

        if (!errors.IsEmpty)
            return (null, errors);

        // A measure that names no neighbour concerns all of them: nobody is left out of the warning.
        if (affected.Count == 0)
            affected.UnionWith(neighbours);

        return (new MeasureNotice
        {
            MeasureId = measureId,
            Country = country,
            Type = type,
            Title = title!.Trim(),
            Description = draft.Description,
            PlanPoints = draft.PlanPoints is { Count: > 0 } points ? [.. points.Distinct().Order()] : null,
            AffectedCrossingPoints = crossings,
            AffectedCountries = [.. affected],
            EffectiveFrom = from,
            EffectiveUntil = draft.EffectiveUntil,
            Parameters = parameters,
            Severity = severity,
            Status = status,
            Revision = revision,
            AnnouncedAt = announcedAt,
            Exercise = draft.Exercise == true,
        }, errors);
    }

    /// <summary>Checks the reason given for an update, a cancellation or a lift: free text, at most <see cref="MaxTextLength"/> characters.</summary>
    public static ValidationErrors ValidateReason(string? reason, string field = "reason")
    {
        var errors = new ValidationErrors();
        errors.Text(reason, field, MaxTextLength);
        return errors;
    }

    static MeasureParameters Parameters(MeasureParametersDraft? draft, MeasureType? type, ValidationErrors errors)
    {
        draft ??= new MeasureParametersDraft();

        if (type == MeasureType.DailyCap)
        {
            if (draft.DailyCap is null)
                errors.Add("parameters.dailyCap", "is required for a daily cap.");
            else if (draft.DailyCap <= 0)
                errors.Add("parameters.dailyCap", "must be positive: a cap of zero is a border closure.");
        }
        else if (draft.DailyCap is not null)
            errors.Add("parameters.dailyCap", "applies to daily caps only.");

        var nationalities = new List<string>();
        if (type == MeasureType.NationalityRestriction)
        {
            if (draft.Nationalities is null || draft.Nationalities.Count == 0)
                errors.Add("parameters.nationalities", "must list the nationalities still admitted.");
            foreach (var (code, i) in (draft.Nationalities ?? []).Select((c, i) => (c, i)))
            {
                if (!CountryCodes.IsNationality(code))
                    errors.Add($"parameters.nationalities[{i}]", $"'{code}' is not an ISO 3166-1 alpha-2 code.");
                else if (nationalities.Contains(code))
                    errors.Add($"parameters.nationalities[{i}]", $"'{code}' appears more than once.");
                else
                    nationalities.Add(code);
            }
        }
        else if (draft.Nationalities is not null)
            errors.Add("parameters.nationalities", "applies to nationality restrictions only.");

        if (type == MeasureType.CapacityChange)
        {
            if (draft.CapacityDelta is null or 0)
                errors.Add("parameters.capacityDelta", "is required for a capacity change, and must not be zero.");
        }
        else if (draft.CapacityDelta is not null)
            errors.Add("parameters.capacityDelta", "applies to capacity changes only.");

        return new MeasureParameters
        {
            DailyCap = type == MeasureType.DailyCap ? draft.DailyCap : null,
            Nationalities = type == MeasureType.NationalityRestriction ? nationalities : null,
            CapacityDelta = type == MeasureType.CapacityChange ? draft.CapacityDelta : null,
        };
    }

    static string Name(MeasureType? type) => type switch
    {
        MeasureType.BorderClosure => "border closure",
        MeasureType.DailyCap => "daily cap",
        _ => "measure",
    };
}
