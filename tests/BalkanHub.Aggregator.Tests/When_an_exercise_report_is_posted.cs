using BalkanHub.Aggregator.Intake;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Croatia files its real report for 20 October and, the same day, an exercise report with other
/// figures; Slovenia files only an exercise report. Both exercises are relayed and marked, with versions
/// of their own; the picture shows Croatia's real figures only, and Slovenia counts as not having reported.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_an_exercise_report_is_posted(string store) : AggregatorFixture(store)
{
    static readonly DateOnly Day = new(2015, 10, 20);

    [OneTimeSetUp]
    public async Task Start()
    {
        static DailyReportSubmitted Exercise(DailyReportSubmitted m) => m with { Report = m.Report with { Exercise = true } };
        await Host.ContactPoints.Publish(Messages.Report("HR", Day, arrivals: 1000));
        await Host.ContactPoints.Publish(Exercise(Messages.Report("HR", Day, arrivals: 9999)));
        await Host.ContactPoints.Publish(Exercise(Messages.Report("SI", Day, arrivals: 7777)));
        string[] keys = [ItemKeys.Report("HR", Day, 1), ItemKeys.Report("HR", Day, 1, exercise: true), ItemKeys.Report("SI", Day, 1, exercise: true)];
        await Host.WaitUntilAsync(async db => await db.Items.CountAsync(i => keys.Contains(i.ItemKey)) == 3, "the real report and both exercises");
    }

    [Test]
    public async Task Should_relay_the_exercises_marked_and_apart_from_the_real_report()
    {
        var feed = (await Host.Http.GetFromJsonAsync<JsonObject>("api/feed?limit=1000"))!["items"]!.AsArray();
        JsonNode Entry(string key) => feed.Single(e => (string?)e!["itemKey"] == key)!;
        Assert.Multiple(() =>
        {
            Assert.That((bool?)Entry("exercise-report:HR:2015-10-20:v1")["exercise"], Is.True);
            Assert.That((bool?)Entry("report:HR:2015-10-20:v1")["exercise"], Is.False);
            Assert.That(Entry("exercise-report:HR:2015-10-20:v1")["supersedes"], Is.Null, "the exercise is not a new version of the real report");
            Assert.That(Entry("exercise-report:SI:2015-10-20:v1")["recipients"]!.AsArray(), Is.Not.Empty, "relayed to Slovenia's neighbours");
        });
    }

    [Test]
    public async Task Should_show_only_the_real_figures_in_the_picture()
    {
        var picture = (await Host.Http.GetFromJsonAsync<JsonObject>("api/picture?date=2015-10-20"))!;
        JsonNode Country(string code) => picture["participants"]!.AsArray().Single(p => (string?)p!["country"] == code)!;
        Assert.Multiple(() =>
        {
            Assert.That((int?)Country("HR")["arrivals"], Is.EqualTo(1000));
            Assert.That(Country("SI")["arrivals"], Is.Null, "Slovenia reported nothing real");
        });
    }

    [Test]
    public async Task Should_count_a_country_with_only_an_exercise_report_as_not_having_reported()
    {
        var compliance = (await Host.Http.GetFromJsonAsync<JsonObject>("api/compliance?from=2015-10-20&to=2015-10-20"))!;
        string StatusOf(string country) => (string)compliance["punctuality"]!.AsArray()
            .Single(p => (string?)p!["country"] == country && (string?)p["reportDate"] == "2015-10-20")!["status"]!;
        Assert.Multiple(() =>
        {
            Assert.That(StatusOf("SI"), Is.EqualTo("missing"));
            Assert.That(StatusOf("HR"), Is.Not.EqualTo("missing"));
        });
    }
}
