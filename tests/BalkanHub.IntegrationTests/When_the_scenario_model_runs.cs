using BalkanHub.Cli.Simulation;
using BalkanHub.Testing;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// The scenario's figures follow from its parameters and the seed alone, and the events shape them as
/// they did in 2015: the flow leaves Hungary for Slovenia on 17 October, Slovenia lets in no more than
/// its cap, and from 19 November only Syrians, Iraqis and Afghans travel on.
/// </summary>
public sealed class When_the_scenario_model_runs
{
    static readonly Scenario Scenario = Scenario.Load(Path.Combine(Repository.Root, "deploy", "scenario", "autumn-2015.json"));

    static List<string> Replay(int seed, int days)
    {
        var model = new FlowModel(Scenario, seed);
        return [.. Enumerable.Range(0, days).Select(i => Scenario.From.AddDays(i))
            .SelectMany(day => model.Day(day).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}:{r.Value.ToJsonString()}"))];
    }

    static int Arrivals(IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonObject> reports, string country) => (int)reports[country]["arrivals"]!["total"]!;

    [Test]
    public void Should_give_the_same_figures_for_the_same_seed_and_others_for_another()
    {
        var first = Replay(2015, 20);
        var again = Replay(2015, 20);
        Assert.That(again, Is.EqualTo(first), "two models, one seed");
        Assert.That(Replay(2016, 20), Is.Not.EqualTo(first));
    }

    [Test]
    public void Should_move_the_flow_from_hungary_to_slovenia_hold_it_to_the_cap_and_filter_nationalities()
    {
        var model = new FlowModel(Scenario, 2015);
        var days = new Dictionary<DateOnly, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonObject>>();
        for (var day = Scenario.From; day <= Scenario.To; day = day.AddDays(1))
            days[day] = model.Day(day);
        Assert.Multiple(() =>
        {
            Assert.That(Arrivals(days[new DateOnly(2015, 10, 16)], "HU"), Is.GreaterThan(1000), "Hungary before the closure");
            Assert.That(Arrivals(days[new DateOnly(2015, 10, 17)], "HU"), Is.Zero, "and after it");
            Assert.That(Arrivals(days[new DateOnly(2015, 10, 17)], "SI"), Is.GreaterThan(1000), "the flow moved to Slovenia");
            Assert.That(Enumerable.Range(0, 20).Select(i => Arrivals(days[new DateOnly(2015, 10, 20).AddDays(i)], "SI")), Has.All.LessThanOrEqualTo(2500), "Slovenia's cap");
            Assert.That((int)days[new DateOnly(2015, 10, 30)]["HR"]["peoplePresent"]!, Is.GreaterThan((int)days[new DateOnly(2015, 10, 18)]["HR"]["peoplePresent"]!),
                "the cap holds people back in Croatia");
            Assert.That(days[new DateOnly(2015, 11, 20)]["MK"]["composition"]!["byNationality"]!.AsArray().Select(n => (string)n!["nationality"]!),
                Is.EquivalentTo(new[] { "SY", "AF", "IQ" }), "only Syrians, Iraqis and Afghans from 19 November");
            Assert.That(days.Count, Is.EqualTo(78), "15 October to 31 December");
        });
    }
}
