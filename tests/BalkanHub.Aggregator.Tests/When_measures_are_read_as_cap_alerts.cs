using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using BalkanHub.Aggregator.Measures;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Serbia announces a daily cap, updates it and withdraws it. The Atom feed at /feeds/measures.atom
/// holds one entry per revision, each carrying a CAP 1.2 alert that validates against the OASIS schema;
/// the update and the cancel reference the earlier alerts. The schema is never part of the project: it
/// is read from ../shared/standards/CAP-v1.2.xsd or from BALKANHUB_CAP_XSD.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_measures_are_read_as_cap_alerts(string store) : AggregatorFixture(store)
{
    readonly Guid _measureId = Guid.NewGuid();

    [OneTimeSetUp]
    public async Task Start()
    {
        var notice = Messages.Cap("RS", _measureId, 1, MeasureStatus.Planned, "MK-RS-TABANOVCE") with { Description = "Entries at Preševo capped <b>at</b> 2,500 & checked." };
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = notice });
        await Host.WaitUntilAsync(db => db.MeasureRevisions.AnyAsync(r => r.MeasureId == _measureId && r.Revision == 1 && r.Relayed), "revision 1");
        await Host.ContactPoints.Publish(new MeasureUpdated { Measure = notice with { Revision = 2, Parameters = new MeasureParameters { DailyCap = 2000 } }, Reason = "Camp full" });
        await Host.WaitUntilAsync(db => db.MeasureRevisions.AnyAsync(r => r.MeasureId == _measureId && r.Revision == 2 && r.Relayed), "revision 2");
        await Host.ContactPoints.Publish(new MeasureCancelled { Measure = notice with { Revision = 3, Status = MeasureStatus.Cancelled }, Reason = "Agreed with Skopje" });
        await Host.WaitUntilAsync(db => db.MeasureRevisions.AnyAsync(r => r.MeasureId == _measureId && r.Revision == 3 && r.Relayed), "revision 3");
    }

    async Task<(SyndicationFeed Feed, List<XElement> Alerts)> ReadFeedAsync(string query = "")
    {
        using var response = await Host.Http.GetAsync(new Uri($"/feeds/measures.atom{query}", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/atom+xml"));
        var text = await response.Content.ReadAsStringAsync();
        using var reader = XmlReader.Create(new StringReader(text));
        var formatter = new Atom10FeedFormatter();
        Assert.That(formatter.CanRead(reader), Is.True, "an Atom 1.0 feed");
        formatter.ReadFrom(reader);
        var alerts = XDocument.Parse(text).Descendants(CapAlerts.Cap + "alert").ToList();
        return (formatter.Feed, alerts);
    }

    [Test]
    public async Task Should_carry_a_cap_alert_per_revision_that_validates_against_the_oasis_schema()
    {
        var (feed, alerts) = await ReadFeedAsync("?country=RS");
        Assert.That(feed.Items.Count(), Is.EqualTo(3));
        Assert.That(alerts, Has.Count.EqualTo(3));
        Assert.That(alerts.Select(a => (string?)a.Element(CapAlerts.Cap + "msgType")), Is.EqualTo(new[] { "Alert", "Update", "Cancel" }));

        CapSchema.AssertValid(alerts);
    }

    [Test]
    public async Task Should_reference_the_earlier_alerts_from_the_update_and_the_cancel()
    {
        var (_, alerts) = await ReadFeedAsync("?country=RS");
        var identifiers = alerts.Select(a => (string)a.Element(CapAlerts.Cap + "identifier")!).ToList();
        string[] References(XElement alert) => ((string?)alert.Element(CapAlerts.Cap + "references") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(alerts[0].Element(CapAlerts.Cap + "references"), Is.Null, "the announcement references nothing");
            Assert.That(References(alerts[1]).Single(), Does.StartWith($"{CapAlerts.Sender},{identifiers[0]},"));
            Assert.That(References(alerts[2]).Select(r => r.Split(',')[1]), Is.EqualTo(identifiers.Take(2)));
            Assert.That((string?)alerts[1].Descendants(CapAlerts.Cap + "parameter").Single(p => (string?)p.Element(CapAlerts.Cap + "valueName") == "dailyCap")
                .Element(CapAlerts.Cap + "value"), Is.EqualTo("2000"));
            Assert.That(alerts[2].Descendants(CapAlerts.Cap + "geocode").Select(g => (string?)g.Element(CapAlerts.Cap + "value")), Does.Contain("MK-RS-TABANOVCE").And.Contain("RS"));
        });
    }

    [Test]
    public async Task Should_serve_the_measures_current_alert_as_cap_xml_to_readers_only()
    {
        using var response = await Host.Http.GetAsync(new Uri($"/feeds/measures/{_measureId}.cap", UriKind.Relative));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/cap+xml"));
        var alert = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.That((string?)alert.Element(CapAlerts.Cap + "msgType"), Is.EqualTo("Cancel"));

        using var officer = Host.ClientWith(Host.Key.Token("GR", "officer"));
        using var refused = await officer.GetAsync(new Uri("/feeds/measures.atom", UriKind.Relative));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a country reads what was relayed to it, not every country's measures");
        using var missing = await Host.Http.GetAsync(new Uri($"/feeds/measures/{Guid.NewGuid()}.cap", UriKind.Relative));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
