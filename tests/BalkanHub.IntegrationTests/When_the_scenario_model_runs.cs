using BalkanHub.Cli.Simulation;
using BalkanHub.Domain.Picture;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// The scenario's figures follow from its parameters and the seed alone, stay within the plausible maxima
/// the data file states, and agree across each border as the reconciliation rule reads them, except where
/// the file plants a disagreement. The events shape them as in 2015: the flow leaves Hungary for Slovenia
/// on 17 October, Slovenia takes in several times its requested 2,500 on its busiest days while Croatia's
/// camps empty again, and from 19 November only Syrians, Iraqis and Afghans travel on.
/// </summary>
[FixtureClock]
public sealed class When_the_scenario_model_runs
{
    static readonly Scenario Scenario = Scenario.Load(Path.Combine(Repository.Root, "deploy", "scenario", "autumn-2015.json"));

    static Dictionary<DateOnly, IReadOnlyDictionary<string, JsonObject>> Run(int seed)
    {
        var model = new FlowModel(Scenario, seed);
        var days = new Dictionary<DateOnly, IReadOnlyDictionary<string, JsonObject>>();
        for (var day = Scenario.From; day <= Scenario.To; day = day.AddDays(1))
            days[day] = model.Day(day);
        return days;
    }

    static List<string> Flat(Dictionary<DateOnly, IReadOnlyDictionary<string, JsonObject>> days) =>
        [.. days.SelectMany(d => d.Value.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{d.Key}:{r.Key}:{r.Value.ToJsonString()}"))];

    static int Arrivals(JsonObject report) => (int)report["arrivals"]!["total"]!;

    static int Count(JsonObject report, string side, string field, string country) =>
        report[side]![field]!.AsArray().Where(e => (string?)e!["country"] == country).Sum(e => (int)e!["count"]!);

    [Test]
    public void Should_give_the_same_figures_for_the_same_seed_and_others_for_another()
    {
        var first = Flat(Run(2015));
        Assert.That(Flat(Run(2015)), Is.EqualTo(first), "two models, one seed");
        Assert.That(Flat(Run(2016)), Is.Not.EqualTo(first));
    }

    [TestCase(2015)]
    [TestCase(7)]
    public void Should_keep_every_country_day_within_the_stated_plausible_maxima(int seed)
    {
        var over = Run(seed).SelectMany(d => d.Value.SelectMany(r => new[]
            {
                (What: $"{d.Key} {r.Key} arrivals", Value: Arrivals(r.Value), Max: Scenario.PlausibleMaxima.Arrivals[r.Key]),
                (What: $"{d.Key} {r.Key} people present", Value: (int)r.Value["peoplePresent"]!, Max: Scenario.PlausibleMaxima.PeoplePresent[r.Key]),
            }))
            .Where(x => x.Value > x.Max || x.Value < 0).Select(x => $"{x.What}: {x.Value} (at most {x.Max})").ToList();
        Assert.That(Scenario.CountryCodes, Is.SubsetOf(Scenario.PlausibleMaxima.Arrivals.Keys).And.SubsetOf(Scenario.PlausibleMaxima.PeoplePresent.Keys), "a maximum for every country");
        Assert.That(over, Is.Empty);
    }

    [TestCase(2015)]
    [TestCase(7)]
    public void Should_have_both_sides_of_each_border_agree_except_the_planted_disagreements(int seed)
    {
        var rules = new PictureOptions();
        var gaps = new List<string>();
        foreach (var (day, reports) in Run(seed))
        {
            foreach (var (from, report) in reports)
            {
                foreach (var to in report["departures"]!["byDestinationCountry"]!.AsArray().Select(e => (string)e!["country"]!).Where(reports.ContainsKey))
                {
                    var departures = Count(report, "departures", "byDestinationCountry", to);
                    var arrivals = Count(reports[to], "arrivals", "byOriginCountry", from);
                    if (rules.IsGap(departures, arrivals))
                        gaps.Add($"{day:yyyy-MM-dd} {from}-{to}");
                }
            }
        }
        var planted = Scenario.PlantedDisagreements.Select(p => $"{p.Day:yyyy-MM-dd} {p.From}-{p.To}").ToList();
        Assert.That(planted, Is.Not.Empty, "the file plants at least one disagreement, so the alert shows");
        Assert.That(gaps, Is.EquivalentTo(planted), "only the planted disagreements exceed the reconciliation threshold");
    }

    [Test]
    public void Should_move_the_flow_to_slovenia_without_a_dam_and_filter_nationalities()
    {
        var days = Run(2015);
        JsonObject On(int month, int day, string country) => days[new DateOnly(2015, month, day)][country];
        var slovenia = Enumerable.Range(0, 15).Select(i => Arrivals(days[new DateOnly(2015, 10, 17).AddDays(i)]["SI"])).ToList();
        var croatiaPresent = Enumerable.Range(0, 30).Select(i => (int)days[new DateOnly(2015, 10, 17).AddDays(i)]["HR"]["peoplePresent"]!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Arrivals(On(10, 16, "HU")), Is.GreaterThan(1000), "Hungary before the closure");
            Assert.That(Arrivals(On(10, 17, "HU")), Is.Zero, "and after it");
            Assert.That(Arrivals(On(10, 17, "SI")), Is.GreaterThan(1000), "the flow moved to Slovenia");
            Assert.That(Arrivals(On(10, 21, "SI")), Is.EqualTo(12600), "Slovenia's busiest day, as the police counted it");
            Assert.That(slovenia.Count(n => n > 2 * 2500), Is.GreaterThanOrEqualTo(5), "Slovenia took in several times 2,500 on its busy days");
            Assert.That(croatiaPresent.Max(), Is.GreaterThan(croatiaPresent[0]), "people waited in Croatia while Slovenia slowed the transfers…");
            Assert.That(croatiaPresent[^1], Is.LessThan(croatiaPresent.Max() / 2), "…and moved on within days: no dam");
            Assert.That(On(11, 20, "MK")["composition"]!["byNationality"]!.AsArray().Select(n => (string)n!["nationality"]!),
                Is.EquivalentTo(new[] { "SY", "AF", "IQ" }), "only Syrians, Iraqis and Afghans from 19 November");
            Assert.That(days, Has.Count.EqualTo(78), "15 October to 31 December");
        });
    }

    [Test]
    public void Should_announce_every_measure_before_it_takes_effect()
    {
        Assert.That(Scenario.Measures.Select(m => $"{m.Country} {m.Notice["type"]}: {m.LeadTime.TotalHours} h"),
            Has.All.Not.Contains(": -").And.All.Not.EndWith(": 0 h"));
    }
}
