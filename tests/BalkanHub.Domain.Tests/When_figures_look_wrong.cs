using BalkanHub.Api.Contracts;
using BalkanHub.Contracts;
using BalkanHub.Domain.Measures;
using BalkanHub.Domain.Validation;

namespace BalkanHub.Domain.Tests;

/// <summary>
/// Figures that are possible but unlikely are accepted with a warning that names the field: more places
/// occupied than exist, men, women and children more than 10 % from the arrivals, an offer of more than
/// ten times what was asked for, and measure dates that look mistyped. The thresholds are settings.
/// </summary>
public sealed class When_figures_look_wrong
{
    static readonly PlausibilityOptions Defaults = new();

    static IEnumerable<string> Fields(IReadOnlyList<PlausibilityWarning> warnings) => warnings.Select(w => w.Field);

    [Test]
    public void Should_point_at_occupancy_above_capacity()
    {
        var warnings = Plausibility.OfReport(new ReportFigures(6000, 3000, 1500, 1500, 15_000, 16_000), Defaults);
        Assert.That(warnings.Single().Field, Is.EqualTo("capacity.occupied"));
        Assert.That(warnings.Single().Message, Does.Contain("16,000").And.Contain("15,000").And.Contain("6.7 %"));
        Assert.That(Plausibility.OfReport(new ReportFigures(6000, 3000, 1500, 1500, 15_000, 15_000), Defaults), Is.Empty, "full is not overcrowded");
        Assert.That(Plausibility.OfReport(new ReportFigures(6000, 3000, 1500, 1500, 15_000, 16_000), new PlausibilityOptions { OvercrowdingTolerancePercent = 10 }),
            Is.Empty, "within the configured tolerance");
    }

    [TestCase(6000, 3000, 1500, 1500, false)]
    [TestCase(6000, 2800, 1400, 1300, false)]
    [TestCase(6000, 2000, 1500, 1500, true)]
    [TestCase(6000, 0, 0, 0, true)]
    [TestCase(6000, 4000, 2000, 1000, true)]
    [TestCase(0, 0, 0, 0, false)]
    public void Should_point_at_a_composition_more_than_ten_percent_from_the_arrivals(int arrivals, int men, int women, int children, bool warned)
    {
        var warnings = Plausibility.OfReport(new ReportFigures(arrivals, men, women, children, 100, 50), Defaults);
        Assert.That(Fields(warnings), warned ? Is.EqualTo(new[] { "composition" }) : Is.Empty);
    }

    [Test]
    public void Should_follow_the_configured_tolerance_for_the_composition()
    {
        var figures = new ReportFigures(6000, 2000, 1500, 1500, 100, 50);
        Assert.That(Plausibility.OfReport(figures, new PlausibilityOptions { CompositionTolerancePercent = 20 }), Is.Empty);
        Assert.That(Plausibility.OfReport(figures, Defaults).Single().Message, Does.Contain("5,000").And.Contain("16.7 % fewer").And.Contain("6,000"));
    }

    [Test]
    public void Should_say_nothing_about_what_a_draft_does_not_have_yet()
    {
        Assert.That(Plausibility.OfReport(new Reports.DailyReportDraft(), Defaults), Is.Empty);
    }

    [Test]
    public void Should_point_at_an_offer_of_more_than_ten_times_the_request()
    {
        IReadOnlyList<AssistanceItem> requested = [new() { Item = "field beds", Quantity = 500, Unit = "pieces" }, new() { Item = "light towers", Quantity = 20, Unit = "pieces" }];
        IReadOnlyList<AssistanceItem> offered = [new() { Item = "Light towers", Quantity = 20, Unit = "pieces" }, new() { Item = "field beds", Quantity = 50_000, Unit = "pieces" }];
        var warnings = Plausibility.OfOffer(offered, requested, Defaults);
        Assert.That(Fields(warnings), Is.EqualTo(new[] { "items[1].quantity" }));
        Assert.That(warnings[0].Message, Does.Contain("50,000").And.Contain("10 times").And.Contain("500"));
        Assert.That(Plausibility.OfOffer(offered, requested, new PlausibilityOptions { OfferToRequestRatio = 100 }), Is.Empty);
        Assert.That(Plausibility.OfOffer([new() { Item = "field beds", Quantity = 5000, Unit = "pieces" }], requested, Defaults), Is.Empty, "ten times is still plausible");
    }

    [Test]
    public void Should_point_at_measure_dates_that_look_mistyped()
    {
        var now = new DateTimeOffset(2015, 10, 16, 12, 0, 0, TimeSpan.Zero);
        var draft = new MeasureDraft { EffectiveFrom = now.AddYears(1), EffectiveUntil = now.AddYears(11) };
        Assert.That(Fields(Plausibility.OfMeasure(draft, now, Defaults)), Is.EqualTo(new[] { "effectiveFrom", "effectiveUntil" }));
        Assert.That(Plausibility.OfMeasure(new MeasureDraft { EffectiveFrom = now.AddDays(2), EffectiveUntil = now.AddDays(30) }, now, Defaults), Is.Empty);
    }

    [Test]
    public void Should_leave_out_the_warnings_of_fields_that_have_an_error()
    {
        var errors = new ValidationErrors();
        errors.Add("composition", "adds up to more than the arrivals.");
        var warnings = Plausibility.Besides([new("composition", "x"), new("capacity.occupied", "y")], errors);
        Assert.That(Fields(warnings), Is.EqualTo(new[] { "capacity.occupied" }));
    }
}
