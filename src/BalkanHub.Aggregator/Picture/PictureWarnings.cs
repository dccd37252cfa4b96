using BalkanHub.Api.Contracts;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Validation;

namespace BalkanHub.Aggregator.Picture;

/// <summary>
/// Each country-day's plausibility warnings in the Commission's picture: figures that were accepted but
/// look wrong (occupied above capacity, a composition far from the arrivals), by the same rule and
/// thresholds the officer's form shows them with. Taken from the figures the picture already holds.
/// </summary>
public static class PictureWarnings
{
    /// <summary>The picture with the warnings of every country that reported.</summary>
    public static PictureView Add(PictureView picture, PlausibilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(options);
        return picture with { Participants = [.. picture.Participants.Select(p => p.Reported ? p with { Warnings = Of(p, options) } : p)] };
    }

    static IReadOnlyList<PlausibilityWarning> Of(ParticipantDay day, PlausibilityOptions options) =>
        Plausibility.OfReport(new ReportFigures(day.Arrivals, day.Composition?.Men, day.Composition?.Women, day.Composition?.Children,
            day.Capacity?.Total, day.Capacity?.Occupied), options);
}
