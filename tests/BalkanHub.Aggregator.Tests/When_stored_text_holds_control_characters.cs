using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using BalkanHub.Aggregator.Measures;
using CsvHelper;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// The rules refuse control characters, but a store can hold them anyway: from before the rule, or
/// written into it by other means. Once, a U+0000 in a measure's title made the Commission's Atom feed
/// and the measure's CAP alert answer 500 for good. The writers must carry any stored text: the feed
/// and the alert stay 200 and valid XML (the alert valid CAP 1.2), the CSV export one row per report
/// with no formula a spreadsheet would run. On the bus, such text is refused before it is stored, and so
/// is a number where a listed name belongs.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_stored_text_holds_control_characters : AggregatorFixture
{
    readonly Guid _measureId = Guid.NewGuid();
    const string Poisoned = "Cap\u0000 at Preševo\u0001\u000B\uFFFF";
    static readonly DateOnly Day = new(2015, 11, 18);

    [OneTimeSetUp]
    public async Task Start()
    {
        var notice = Messages.Cap("RS", _measureId, 1, MeasureStatus.Planned, "MK-RS-TABANOVCE") with { Description = "Entries capped at 2,500." };
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = notice });
        await Host.WaitUntilAsync(db => db.MeasureRevisions.AnyAsync(r => r.MeasureId == _measureId && r.Revision == 1 && r.Relayed), "revision 1");
        await Host.ContactPoints.Publish(new MeasureUpdated { Measure = notice with { Revision = 2 }, Reason = "Camp full" });
        await Host.WaitUntilAsync(db => db.MeasureRevisions.AnyAsync(r => r.MeasureId == _measureId && r.Revision == 2 && r.Relayed), "revision 2");
        await Host.ContactPoints.Publish(Messages.Report("MK", Day));
        await Host.WaitUntilAsync(db => db.Reports.AnyAsync(r => r.Country == "MK" && r.ReportDate == Day), "MK's report");

        // Straight into the store, past every rule: what an older version or a hand edit could have left there.
        await Host.QueryAsync(async db =>
        {
            foreach (var revision in await db.MeasureRevisions.Where(r => r.MeasureId == _measureId).ToListAsync())
            {
                var message = JsonNode.Parse(revision.Payload)!.AsObject();
                message["measure"]!["title"] = Poisoned;
                message["measure"]!["description"] = "Checked\u0008 by the police\u001B[31m";
                if (message.ContainsKey("reason"))
                    message["reason"] = "Camp\u0000 full";
                revision.Payload = message.ToJsonString();
            }
            var measure = await db.Measures.SingleAsync(m => m.MeasureId == _measureId);
            var stored = JsonNode.Parse(measure.Notice)!.AsObject();
            stored["title"] = Poisoned;
            measure.Notice = stored.ToJsonString();
            var report = await db.Reports.SingleAsync(r => r.Country == "MK" && r.ReportDate == Day);
            report.Country = "=HYPERLINK(\"http://evil\")\r\n\u0000MK";
            return await db.SaveChangesAsync();
        });
        Assert.That(await Host.QueryAsync(db => db.MeasureRevisions.CountAsync(r => r.MeasureId == _measureId && r.Payload.Contains("\\u0000"))), Is.EqualTo(2),
            "the store holds the control characters");
    }

    /// <summary>Parses with the reader's character checks on: a document with a character XML forbids throws here.</summary>
    static XDocument ParseStrictly(string text)
    {
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { CheckCharacters = true });
        return XDocument.Load(reader);
    }

    [Test]
    public async Task Should_still_serve_the_atom_feed_as_valid_xml()
    {
        using var response = await Host.Http.GetAsync(new Uri("/feeds/measures.atom?country=RS", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);

        var document = ParseStrictly(text);
        using var reader = XmlReader.Create(new StringReader(text));
        var formatter = new Atom10FeedFormatter();
        formatter.ReadFrom(reader);
        var alerts = document.Descendants(CapAlerts.Cap + "alert").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(formatter.Feed.Items.Count(), Is.EqualTo(2), "both revisions are there");
            Assert.That(formatter.Feed.Items.First().Title.Text, Does.Contain("Cap\uFFFD at Preševo"), "the character is shown replaced, the rest kept");
            Assert.That(alerts.Select(a => (string?)a.Descendants(CapAlerts.Cap + "headline").Single()), Has.All.StartsWith("Cap\uFFFD at Preševo\uFFFD\uFFFD\uFFFD"));
            Assert.That((string?)alerts[1].Descendants(CapAlerts.Cap + "instruction").Single(), Does.Contain("Camp\uFFFD full"));
        });
        foreach (var alert in alerts)
            CapSchema.AssertValid([alert]);
    }

    [Test]
    public async Task Should_still_serve_the_measures_cap_alert_as_valid_cap()
    {
        using var response = await Host.Http.GetAsync(new Uri($"/feeds/measures/{_measureId}.cap", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        var alert = ParseStrictly(text).Root!;
        Assert.That((string?)alert.Descendants(CapAlerts.Cap + "description").Single(), Is.EqualTo("Checked\uFFFD by the police\uFFFD[31m"));
        CapSchema.AssertValid([alert]);
    }

    [Test]
    public async Task Should_still_export_one_csv_row_per_report_with_no_formula()
    {
        using var response = await Host.Http.GetAsync(new Uri($"/api/export/daily.csv?from={Day:yyyy-MM-dd}&to={Day:yyyy-MM-dd}", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var csv = CsvReader.Create(bytes);
        Assert.That(csv.Read(), Is.True, "the HXL row");
        var countries = new List<string>();
        while (csv.Read())
            countries.Add(csv.GetString("country")!);
        Assert.That(countries, Has.Count.EqualTo(1), "one report, one row: the stored line break did not split it");
        Assert.That(countries[0], Does.StartWith("'=HYPERLINK"), "a spreadsheet reads it as text, not as a formula");
        Assert.That(countries[0].Any(char.IsControl), Is.False);
    }

    [TestCase("100")]
    [TestCase("2")]
    [TestCase("\"2\"")]
    public void Should_read_only_listed_names_from_the_bus(string severity)
    {
        // The options the aggregator's bus reads every message with, once it has started.
        var options = MassTransit.Serialization.SystemTextJsonMessageSerializer.Options;
        var notice = JsonNode.Parse(JsonSerializer.Serialize(Messages.Cap("RS", Guid.NewGuid(), 1, MeasureStatus.Planned, "MK-RS-TABANOVCE"), options))!;
        Assert.That((string?)notice["severity"], Is.EqualTo("severe"), "written as its name");
        notice["severity"] = JsonNode.Parse(severity);
        Assert.Throws<JsonException>(() => notice.Deserialize<MeasureNotice>(options));
    }

    [Test]
    public async Task Should_refuse_such_text_arriving_on_the_bus_and_store_nothing()
    {
        var id = Guid.NewGuid();
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = Messages.Cap("SI", id, 1, MeasureStatus.Planned, "HR-SI-BREGANA") with { Title = "Cap\u0000" } });
        await Host.WaitUntilAsync(db => db.DeadLetters.AnyAsync(d => d.Queue == "aggregator" && d.Reason.Contains(id.ToString()) && d.Reason.Contains("title")),
            "the measure to be parked, naming the title");
        Assert.That(await Host.QueryAsync(db => db.MeasureRevisions.AnyAsync(r => r.MeasureId == id)), Is.False, "nothing stored");
    }
}
