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
        yield return Case("title", d => d with { Title = "Cap\u0000 at Bregana" });
        yield return Case("title", d => d with { Title = "Cap\nat Bregana" });
        yield return Case("description", d => d with { Description = "Checked\u0001 by the police" });
        yield return Case("reason", d => d with { Reason = "Camp full\u001B[31m" });
        yield return Case("type", d => d with { Type = (MeasureType)999 });
        yield return Case("severity", d => d with { Severity = (MeasureSeverity)100 });
        yield return Case("severity", d => d with { Severity = (MeasureSeverity)(-1) });

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
    public void Should_keep_line_breaks_and_tabs_in_a_description()
    {
        var (notice, fields) = Check(SlovenianCap() with { Description = "Bregana:\t2,500 a day.\r\nDobova (rail):\tclosed." });
        Assert.That(fields, Is.Empty);
        Assert.That(notice!.Description, Does.Contain("\r\n"));
    }

    [Test]
    public void Should_refuse_a_status_from_the_bus_that_no_list_has()
    {
        var (_, errors) = MeasureRules.Validate(SlovenianCap(), "SI", Route, Guid.NewGuid(), 1, (MeasureStatus)7, Now);
        Assert.That(errors.ToDictionary()["status"].Single(), Does.Contain("planned, inForce, lifted, cancelled"));
    }

    [TestCase("{\"severity\": 100}", "$.severity")]
    [TestCase("{\"severity\": -1}", "$.severity")]
    [TestCase("{\"type\": 999}", "$.type")]
    [TestCase("{\"type\": 1}", "$.type")]
    [TestCase("{\"severity\": \"2\"}", "$.severity")]
    public void Should_not_read_a_number_for_a_listed_value(string json, string path)
    {
        var ex = Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<MeasureDraft>(json, System.Text.Json.JsonSerializerOptions.Web));
        Assert.That(ex!.Path, Is.EqualTo(path));
    }

    [Test]
    public void Should_read_the_listed_names()
    {
        var draft = System.Text.Json.JsonSerializer.Deserialize<MeasureDraft>("""{"type": "dailyCap", "severity": "extreme"}""", System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.That((draft.Type, draft.Severity), Is.EqualTo((MeasureType.DailyCap, MeasureSeverity.Extreme)));
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
