using System.Xml.Linq;
using System.Xml.Schema;
using BalkanHub.Aggregator.Measures;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Croatia's national alerting system cannot send a bearer token. Croatia's officer makes a feed link; the
/// link serves, to anyone holding it, the CAP-in-Atom feed of the measures relayed to Croatia (Slovenia's
/// cap at Bregana) and nothing relayed only to others (Greece's cap at Idomeni). Each use is audited; the
/// secret is never listed; once revoked, the link answers 404.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_a_country_reads_its_measures_through_a_feed_link(string store) : AggregatorFixture(store)
{
    readonly Guid _slovenia = Guid.NewGuid();
    readonly Guid _greece = Guid.NewGuid();

    [OneTimeSetUp]
    public async Task Announce()
    {
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = Messages.Cap("SI", _slovenia, 1, MeasureStatus.Planned, "HR-SI-BREGANA") });
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = Messages.Cap("GR", _greece, 1, MeasureStatus.Planned, "GR-MK-IDOMENI") });
        foreach (var id in new[] { _slovenia, _greece })
            await Host.WaitUntilAsync(db => db.MeasureRevisions.AnyAsync(r => r.MeasureId == id && r.Relayed), $"measure {id} relayed");
    }

    async Task<(HttpStatusCode Status, JsonObject? Body, string Text)> CreateAsync(string country, string role, string? label)
    {
        using var client = Host.ClientWith(Host.Key.Token(country, role));
        using var response = await client.PostAsJsonAsync("/api/feed-links", new JsonObject { ["label"] = label });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.IsSuccessStatusCode ? JsonNode.Parse(text)!.AsObject() : null, text);
    }

    [Test]
    public async Task Should_serve_croatias_relayed_measures_as_valid_cap_in_atom_to_a_reader_without_a_token_until_revoked()
    {
        var (status, created, text) = await CreateAsync("HR", "officer", "Croatian protection and rescue alerting");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), text);
        var atom = new Uri((string)created!["measuresAtom"]!);
        var linkId = (string)created["link"]!["id"]!;
        Assert.That((string?)created["link"]!["participant"], Is.EqualTo("HR"));
        var secret = atom.Segments[3].TrimEnd('/');
        Assert.That(secret, Has.Length.GreaterThanOrEqualTo(43), "256 random bits");

        // A feed reader: no token, no cookie, only the address.
        using var reader = Host.Factory.CreateClient();
        using var response = await reader.GetAsync(atom.PathAndQuery);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/atom+xml"));
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var alerts = feed.Descendants(CapAlerts.Cap + "alert").ToList();
        var measures = alerts.SelectMany(a => a.Descendants(CapAlerts.Cap + "parameter"))
            .Where(p => (string?)p.Element(CapAlerts.Cap + "valueName") == "measureId").Select(p => (string?)p.Element(CapAlerts.Cap + "value")).ToList();
        Assert.That(measures, Does.Contain(_slovenia.ToString()).And.Not.Contain(_greece.ToString()));
        Assert.That(string.Concat(alerts.Select(a => a.ToString())), Does.Contain("HR-SI-BREGANA").And.Not.Contain("GR-MK-IDOMENI"),
            "Slovenia's measure, relayed to Croatia; not Greece's, relayed to others only");
        Assert.That(feed.Root!.Element(XName.Get("title", "http://www.w3.org/2005/Atom"))!.Value, Does.Contain("relayed to HR"));
        CapSchema.AssertValid(alerts);

        // One alert through the link: Slovenia's is served, Greece's is not there for Croatia.
        var cap = (string)created["measureCap"]!;
        using (var own = await reader.GetAsync(new Uri(cap.Replace("{id}", _slovenia.ToString(), StringComparison.Ordinal)).PathAndQuery))
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var others = await reader.GetAsync(new Uri(cap.Replace("{id}", _greece.ToString(), StringComparison.Ordinal)).PathAndQuery))
            Assert.That(others.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a measure not relayed to Croatia");
        using (var guessed = await reader.GetAsync(atom.PathAndQuery.Replace(secret, secret[..^2] + "xx", StringComparison.Ordinal)))
            Assert.That(guessed.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a secret one character off opens nothing");

        // Listed without its secret, with its last use; each use is in the audit trail.
        using var croatia = Host.ClientWith(Host.Key.Token("HR", "officer"));
        var listed = await croatia.GetStringAsync(new Uri("/api/feed-links", UriKind.Relative));
        Assert.That(listed, Does.Contain(linkId).And.Not.Contain(secret), "listed, never with its secret");
        Assert.That(JsonNode.Parse(listed)!.AsArray().Single(l => (string?)l!["id"] == linkId)!["lastUsedAt"], Is.Not.Null);
        var reads = await Host.QueryAsync(db => db.AuditEntries.Where(a => a.Action == "feed-link.read" && a.ActorCountry == "HR").CountAsync());
        Assert.That(reads, Is.GreaterThanOrEqualTo(2), "every fetch through the link is audited");
        var leaked = await Host.QueryAsync(db => db.AuditEntries.Select(a => a.Action + " " + a.Target + " " + a.Details).ToListAsync());
        Assert.That(leaked.Where(e => e.Contains(secret[..^2], StringComparison.Ordinal)), Is.Empty,
            "the trail records the link's id and the path with {secret}, never the secret, not even a wrong guess of it");

        // North Macedonia can neither see nor revoke Croatia's link.
        using var macedonia = Host.ClientWith(Host.Key.Token("MK", "officer"));
        Assert.That(await macedonia.GetStringAsync(new Uri("/api/feed-links", UriKind.Relative)), Does.Not.Contain(linkId));
        using (var foreign = await macedonia.DeleteAsync(new Uri($"/api/feed-links/{linkId}", UriKind.Relative)))
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        using (var revoked = await croatia.DeleteAsync(new Uri($"/api/feed-links/{linkId}", UriKind.Relative)))
            Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using (var after = await reader.GetAsync(atom.PathAndQuery))
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a revoked link serves nothing");
    }

    [Test]
    public async Task Should_let_only_officers_make_links_and_name_a_missing_label()
    {
        var (viewer, _, _) = await CreateAsync("HR", "viewer", "Reader");
        Assert.That(viewer, Is.EqualTo(HttpStatusCode.Forbidden), "a viewer reads; it does not hand out access");
        var (unlabelled, _, text) = await CreateAsync("HR", "officer", " ");
        Assert.That(unlabelled, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(text, Does.Contain("\"label\""), "the problem names the field");
        using var reader = Host.Factory.CreateClient();
        using var listed = await reader.GetAsync(new Uri("/api/feed-links", UriKind.Relative));
        Assert.That(listed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "managing links needs a token");
    }

    [Test]
    public async Task Should_serve_the_whole_route_through_a_commission_link()
    {
        var (status, created, text) = await CreateAsync("EU", "commission", "Emergency Response Coordination Centre");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), text);
        using var reader = Host.Factory.CreateClient();
        var feed = await reader.GetStringAsync(new Uri((string)created!["measuresAtom"]!).PathAndQuery);
        Assert.That(feed, Does.Contain("HR-SI-BREGANA").And.Contain("GR-MK-IDOMENI"), "the Commission reads every measure");
    }
}
