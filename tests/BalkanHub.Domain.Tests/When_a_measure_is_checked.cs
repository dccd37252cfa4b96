using BalkanHub.Contracts;
using BalkanHub.Domain.Measures;
using BalkanHub.Domain.Route;

namespace BalkanHub.Domain.Tests;

public sealed class When_a_measure_is_checked
{
    static readonly RouteMap Route = RouteMap.Load(Path.Combine(AppContext.BaseDirectory, "route.json"));
    static readonly DateTimeOffset Now = new(2015, 10, 16, 12, 0, 0, TimeSpan.Zero);

    static MeasureDraft SlovenianCap() => new()
    {
        Type = MeasureType.DailyCap,
        Title = "Entries capped at 2,500 a day",
        AffectedCrossingPoints = ["HR-SI-BREGANA", "HR-SI-SAVSKI-MAROF"],
        EffectiveFrom = Now.AddHours(48),
        Parameters = new MeasureParametersDraft { DailyCap = 2500 },
        Severity = MeasureSeverity.Severe,
    };

    static (MeasureNotice? Notice, IEnumerable<string> Fields) Check(MeasureDraft draft)
    {
        var (notice, errors) = MeasureRules.Validate(draft, "SI", Route, Guid.NewGuid(), 1, MeasureStatus.Planned, Now);
        return (notice, errors.Fields);
    }

    [Test]
    public void Should_accept_a_cap_and_name_the_neighbour_across_its_crossing_points()
    {
        var (notice, fields) = Check(SlovenianCap());
        Assert.That(fields, Is.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(notice!.AffectedCountries, Is.EqualTo(new[] { "HR" }));
            Assert.That(notice.Parameters.DailyCap, Is.EqualTo(2500));
            Assert.That(LeadTime.Of(notice).Value, Is.EqualTo(TimeSpan.FromHours(48)));
        });
    }

    [Test]
    public void Should_warn_every_neighbour_of_a_measure_that_names_none()
    {
        var (notice, _) = Check(new MeasureDraft
        {
            Type = MeasureType.RegistrationChange,
            Title = "Registration moves to Šentilj",
            EffectiveFrom = Now.AddDays(1),
            Severity = MeasureSeverity.Moderate,
        });
        Assert.That(notice!.AffectedCountries, Is.EquivalentTo(Route.NeighboursOf("SI")));
    }

    static IEnumerable<TestCaseData> Spoiled()
    {
        yield return Case("parameters.dailyCap", d => d with { Parameters = new() { DailyCap = 0 } });
        yield return Case("affectedCrossingPoints[0]", d => d with { AffectedCrossingPoints = ["HR-SI-NOWHERE"] });
        yield return Case("affectedCrossingPoints[0]", d => d with { AffectedCrossingPoints = ["GR-MK-IDOMENI"] });
        yield return Case("affectedCrossingPoints", d => d with { AffectedCrossingPoints = [] });
        yield return Case("effectiveUntil", d => d with { EffectiveUntil = d.EffectiveFrom!.Value.AddHours(-1) });
        yield return Case("parameters.nationalities", d => d with { Type = MeasureType.NationalityRestriction, Parameters = new() { Nationalities = [] } });
        yield return Case("parameters.nationalities[1]", d => d with { Type = MeasureType.NationalityRestriction, Parameters = new() { Nationalities = ["SY", "QQ"] } });
        yield return Case("affectedCountries[0]", d => d with { AffectedCountries = ["GR"] });
        yield return Case("type", d => d with { Type = null });
        yield return Case("title", d => d with { Title = "  " });
        yield return Case("severity", d => d with { Severity = null });
        yield return Case("parameters.capacityDelta", d => d with { Type = MeasureType.CapacityChange, AffectedCrossingPoints = [], Parameters = new() });

        static TestCaseData Case(string field, Func<MeasureDraft, MeasureDraft> spoil) =>
            new TestCaseData(field, spoil).SetArgDisplayNames(field);
    }

    [TestCaseSource(nameof(Spoiled))]
    public void Should_name_the_bad_field(string field, Func<MeasureDraft, MeasureDraft> spoil)
    {
        var (notice, fields) = Check(spoil(SlovenianCap()));
        Assert.Multiple(() =>
        {
            Assert.That(fields, Does.Contain(field));
            Assert.That(notice, Is.Null);
        });
    }

    [Test]
    public void Should_go_in_force_by_itself_and_end_at_its_until()
    {
        var (notice, _) = Check(SlovenianCap() with { EffectiveUntil = Now.AddDays(10) });
        Assert.Multiple(() =>
        {
            Assert.That(MeasureLifecycle.StatusAt(notice!, Now), Is.EqualTo(MeasureStatus.Planned));
            Assert.That(MeasureLifecycle.StatusAt(notice!, Now.AddDays(3)), Is.EqualTo(MeasureStatus.InForce));
            Assert.That(MeasureLifecycle.StatusAt(notice!, Now.AddDays(10)), Is.EqualTo(MeasureStatus.Lifted));
            Assert.That(MeasureLifecycle.CanCancel(MeasureStatus.InForce), Is.False, "a measure in force is lifted, not cancelled");
            Assert.That(MeasureLifecycle.CanLift(MeasureStatus.Planned), Is.False);
        });
    }
}
