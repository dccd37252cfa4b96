using BalkanHub.Domain.Measures;
using BalkanHub.Domain.Reports;

namespace BalkanHub.ContactPoint.Console;

/// <summary>
/// Checks a draft report or measure with the very rules the API applies on submit, and stores nothing,
/// so the officer console shows each field's problem while the officer types instead of after a 400.
/// </summary>
public static class DraftChecks
{
    /// <summary>Maps <c>POST /api/reports/check</c> and <c>POST /api/measures/check</c>, for this country's officers.</summary>
    public static IEndpointRouteBuilder MapDraftChecks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/reports/check", CheckReport).RequireAuthorization(ContactPointPolicies.Officer).WithTags("Reports")
            .WithSummary("Checks a draft report with the submit rules; stores and sends nothing")
            .WithDescription("200 with valid=false and the bad fields when the draft would be refused, keyed as in a 400 of POST /api/reports, " +
                "and warnings for figures that would be accepted but look wrong (occupied above capacity, a composition far from the arrivals; thresholds in Plausibility:*). " +
                "A 400 here means the body itself could not be read.");
        app.MapPost("/api/measures/check", CheckMeasure).RequireAuthorization(ContactPointPolicies.Officer).WithTags("Measures")
            .WithSummary("Checks a draft measure notice with the announce rules and gives its lead time; stores and sends nothing")
            .WithDescription("200 with valid=false and the bad fields when the notice would be refused, the lead time the neighbours would get if it were announced now, " +
                "and warnings for dates that would be accepted but look mistyped (Plausibility:MeasureLeadDays, Plausibility:MeasureLongestDays).");
        return app;
    }

    static Ok<DraftCheck> CheckReport(DailyReportDraft draft, RouteMap route, TimeProvider clock, IOptions<ContactPointOptions> options,
        IOptions<PlausibilityOptions> plausibility)
    {
        var country = options.Value.Country;
        var (_, errors) = ReportRules.Validate(draft, country, route.Today(country, clock), route);
        return TypedResults.Ok(new DraftCheck(errors.IsEmpty, errors.ToDictionary(),
            Plausibility.Besides(Plausibility.OfReport(draft, plausibility.Value), errors)));
    }

    static Ok<MeasureCheck> CheckMeasure(MeasureDraft draft, RouteMap route, TimeProvider clock, IOptions<ContactPointOptions> options, IOptions<MeasureOptions> measureOptions,
        IOptions<PlausibilityOptions> plausibility)
    {
        var now = clock.GetUtcNow();
        var (_, errors) = MeasureRules.Validate(draft, options.Value.Country, route, Guid.NewGuid(), revision: 1, MeasureStatus.Planned, announcedAt: now);
        LeadTime? lead = draft.EffectiveFrom is { } from ? new LeadTime(from - now) : null;
        return TypedResults.Ok(new MeasureCheck(errors.IsEmpty, errors.ToDictionary(),
            lead?.Hours, lead?.IsShortNotice(measureOptions.Value) ?? false, measureOptions.Value.MinimumNotice.TotalHours,
            lead?.IsRetroactive ?? false, lead?.Describe(),
            Plausibility.Besides(Plausibility.OfMeasure(draft, now, plausibility.Value), errors)));
    }
}
