using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using BalkanHub.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BalkanHub.Aggregator.Measures;

/// <summary>
/// Measures as standard alerts: an Atom 1.0 feed whose entries each carry a CAP 1.2 alert, one per
/// measure revision, and each measure's current alert on its own. For alert hubs and civil-protection
/// tools that speak CAP, and for the Commission's own.
/// </summary>
public static class MeasureFeedsApi
{
    /// <summary>CAP's media type.</summary>
    public const string CapMediaType = "application/cap+xml";

    /// <summary>Maps <c>/feeds/measures.atom</c> and <c>/feeds/measures/{id}.cap</c>, for those who read everything.</summary>
    public static RouteGroupBuilder MapMeasureFeeds(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/feeds").WithTags("Standards").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/measures.atom", AtomAsync)
            .WithSummary("Measure notices and their transitions as an Atom feed of CAP 1.2 alerts")
            .WithDescription("Newest first within a page; filter by country and status; page with after (the last entry's cursor, in the feed's next link) and limit. " +
                "Each entry's content is the whole cap:alert: Alert for a new measure, Update or Cancel with references to the earlier alerts. " +
                "Real measures only; exercise=true gives the exercise feed instead, whose alerts have status Exercise and whose titles start with EXERCISE.")
            .ProducesText("application/atom+xml", "An Atom 1.0 feed; each entry carries a CAP 1.2 alert.", AggregatorOpenApi.AtomExample);
        group.MapGet("/measures/{id:guid}.cap", CapAsync)
            .WithSummary("A measure's latest revision as one CAP 1.2 alert")
            .WithDescription("404 when no revision of that measure was relayed.")
            .ProducesText(CapMediaType, "The OASIS CAP 1.2 alert of the measure's latest revision.", AggregatorOpenApi.CapExample);
        return group;
    }

    static async Task<Results<ContentHttpResult, ValidationProblem>> AtomAsync(HttpContext http, AggregatorDb db, RouteMap route, TimeProvider clock,
        string? country, MeasureStatus? status, bool? exercise, long? after, int? limit, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        var scope = new FeedScope($"of the {route.Name}", "urn:balkanhub:feeds:measures", db.MeasureRevisions, "/feeds/measures");
        return await FeedAsync(http, db, route, clock, scope, country, status, exercise ?? false, after, take, cancellationToken);
    }

    /// <summary>
    /// Whose feed: its title's words ("of the Western Balkans route", "relayed to HR"), its Atom id, the
    /// revisions it may show, and the path under which each measure's CAP alert is served.
    /// </summary>
    internal sealed record FeedScope(string Of, string Id, IQueryable<StoredMeasureRevision> Revisions, string CapPath);

    /// <summary>The Atom feed of CAP alerts of the revisions in <paramref name="scope"/>, filtered and paged.</summary>
    internal static async Task<ContentHttpResult> FeedAsync(HttpContext http, AggregatorDb db, RouteMap route, TimeProvider clock, FeedScope scope,
        string? country, MeasureStatus? status, bool drill, long? after, int take, CancellationToken cancellationToken)
    {
        // Real and exercise alerts never share a feed: a reader that acts on the real feed can never act on a drill.
        var measures = db.Measures.Where(m => m.Exercise == drill && (country == null || m.Country == country) && (status == null || m.Status == status))
            .Select(m => m.MeasureId);
        var query = scope.Revisions.AsNoTracking().Where(r => r.Relayed && (after == null || r.Id > after) && measures.Contains(r.MeasureId));
        var rows = await query.OrderBy(r => r.Id).Take(take + 1).ToListAsync(cancellationToken);
        var page = rows.Take(take).ToList();
        var ids = page.Select(r => r.MeasureId).Distinct().ToList();
        var history = (await scope.Revisions.AsNoTracking().Where(r => ids.Contains(r.MeasureId) && r.Relayed).ToListAsync(cancellationToken))
            .GroupBy(r => r.MeasureId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Revision).Select(Of).ToList());

        var self = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}");
        var feed = new SyndicationFeed($"{(drill ? "EXERCISE: " : "")}BalkanHub: border measures {scope.Of}",
            drill ? "Exercise measure notices and their transitions, each as a CAP 1.2 alert with status Exercise: not real measures"
                : "Measure notices and their transitions, each as a CAP 1.2 alert", self, drill ? $"{scope.Id}:exercise" : scope.Id,
            page.Count > 0 ? page.Max(r => r.ReceivedAt) : clock.GetUtcNow());
        feed.Authors.Add(new SyndicationPerson(CapAlerts.Sender, "BalkanHub aggregator", null));
        feed.Links.Add(new SyndicationLink(self, "self", null, "application/atom+xml", 0));
        if (rows.Count > take)
        {
            var next = QueryString.Create([.. http.Request.Query.Where(q => q.Key is not ("after" or "limit")).Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString())),
                KeyValuePair.Create("after", (string?)page[^1].Id.ToString(CultureInfo.InvariantCulture)), KeyValuePair.Create("limit", (string?)take.ToString(CultureInfo.InvariantCulture))]);
            feed.Links.Add(new SyndicationLink(new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{next}"), "next", null, "application/atom+xml", 0));
        }

        var items = new List<SyndicationItem>();
        foreach (var row in page)
        {
            var revisions = history[row.MeasureId];
            var revision = revisions.Single(r => r.Revision == row.Revision);
            var alert = CapAlerts.Alert(revision, [.. revisions.Where(r => r.Revision < row.Revision)], route);
            var notice = revision.Notice;
            var item = new SyndicationItem
            {
                Id = revision.Identifier,
                Title = new TextSyndicationContent(XmlSafeText.Of($"{(notice.Exercise ? "EXERCISE: " : "")}{notice.Country}: {notice.Title} ({row.MessageType["Measure".Length..].ToLowerInvariant()})")),
                LastUpdatedTime = row.ReceivedAt,
                PublishDate = row.ReceivedAt,
                // Inline XML content: the whole cap:alert element, as CAP-over-Atom readers expect.
                Content = new XmlSyndicationContent(CapMediaType, new SyndicationElementExtension(alert)),
            };
            item.Authors.Add(new SyndicationPerson(null, XmlSafeText.Of(route.Find(notice.Country)?.Name ?? notice.Country), null));
            item.Categories.Add(new SyndicationCategory(notice.Type.ToString()));
            item.Links.Add(new SyndicationLink(new Uri($"{http.Request.Scheme}://{http.Request.Host}{scope.CapPath}/{row.MeasureId}.cap"), "alternate", null, CapMediaType, 0));
            items.Add(item);
        }
        feed.Items = items;

        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
            feed.SaveAsAtom10(writer);
        return TypedResults.Content(text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), "application/atom+xml; charset=utf-8");
    }

    static Task<Results<ContentHttpResult, NotFound>> CapAsync(Guid id, AggregatorDb db, RouteMap route, CancellationToken cancellationToken) =>
        AlertAsync(id, db.MeasureRevisions, route, cancellationToken);

    /// <summary>The CAP alert of a measure's latest revision among <paramref name="revisions"/>; 404 when none was relayed.</summary>
    internal static async Task<Results<ContentHttpResult, NotFound>> AlertAsync(Guid id, IQueryable<StoredMeasureRevision> revisions, RouteMap route, CancellationToken cancellationToken)
    {
        var relayed = (await revisions.AsNoTracking().Where(r => r.MeasureId == id && r.Relayed).ToListAsync(cancellationToken))
            .OrderBy(r => r.Revision).Select(Of).ToList();
        if (relayed.Count == 0)
            return TypedResults.NotFound();
        var alert = CapAlerts.Alert(relayed[^1], relayed[..^1], route);
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), alert);
        return TypedResults.Content(document.Declaration + "\n" + document.Root, $"{CapMediaType}; charset=utf-8");
    }

    static CapAlerts.MeasureRevision Of(StoredMeasureRevision row) => CapAlerts.MeasureRevision.Parse(row.MeasureId, row.Revision, row.MessageType, row.ReceivedAt, row.Payload);
}
