using System.Text.Json;
using BalkanHub.Aggregator.Admin;
using BalkanHub.Aggregator.Assistance;
using BalkanHub.Aggregator.Audit;
using BalkanHub.Aggregator.Commitments;
using BalkanHub.Aggregator.Compliance;
using BalkanHub.Aggregator.Dashboard;
using BalkanHub.Aggregator.Export;
using BalkanHub.Aggregator.Feed;
using BalkanHub.Aggregator.Measures;
using BalkanHub.Aggregator.Picture;
using BalkanHub.Aggregator.Reports;
using BalkanHub.Api.Contracts;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Assistance;
using BalkanHub.Domain.Commitments;
using BalkanHub.Domain.Measures;
using BalkanHub.ServiceDefaults.OpenApi;
using BalkanHub.Messaging.Examples;
using static BalkanHub.Messaging.Examples.MessageExamples;

namespace BalkanHub.Aggregator;

/// <summary>
/// What the aggregator's OpenAPI document says beyond the shared description: who its policies admit,
/// and an example of each of its answers, as the Commission saw North Macedonia's November 2015.
/// </summary>
public static class AggregatorOpenApi
{
    /// <summary>Registers the policy descriptions and examples.</summary>
    public static IServiceCollection AddAggregatorOpenApi(this IServiceCollection services) =>
        services.ConfigureHubOpenApi(o =>
        {
            o.Policies[AggregatorPolicies.Reader] = "the `commission`, an `agency` or an `operator`; a country's officers and viewers get 403 (they read what was relayed to them at their contact point).";
            o.Policies[AggregatorPolicies.Participant] = "any signed-in participant with a country and a role; a country sees only its own items and those relayed to it.";
            o.Policies[AggregatorPolicies.Operator] = "an `operator` of the hub.";
            MessageExamples.AddTo(o.Examples);
            AddTo(o.Examples);
        });

    static DailyRow Row => new(Day, "MK", 1, SubmittedAt, 6120, 5980, 1450, 6050, 12, 2940, 1410, 1770, 85, 2000, 1450);

    /// <summary>The CSV export of <see cref="MessageExamples.Report"/>, written from the export's own column table.</summary>
    public static string CsvExample() => string.Join("\r\n",
        string.Join(',', ExportApi.Columns.Select(c => c.Name)),
        string.Join(',', ExportApi.Columns.Select(c => c.Hxl)),
        string.Join(',', ExportApi.Columns.Select(c => ExportApi.Text(c.Cell(Row))))) + "\r\n";

    /// <summary>The CAP alert of <see cref="MessageExamples.Measure"/>, written by the same code as the real one.</summary>
    public static string CapExample(IServiceProvider services) => CapAlert(services).ToString();

    /// <summary>A one-entry Atom feed carrying <see cref="CapExample"/>.</summary>
    public static string AtomExample(IServiceProvider services)
    {
        var alert = CapAlert(services);
        var sent = Measures.CapAlerts.Time(Measure.AnnouncedAt);
        return $$"""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title type="text">BalkanHub: border measures of the Western Balkans route</title>
              <subtitle type="text">Measure notices and their transitions, each as a CAP 1.2 alert</subtitle>
              <id>urn:balkanhub:feeds:measures</id>
              <updated>{{sent}}</updated>
              <author><name>BalkanHub aggregator</name><email>{{Measures.CapAlerts.Sender}}</email></author>
              <link rel="self" type="application/atom+xml" href="https://hub.example/feeds/measures.atom?country=MK" />
              <entry>
                <id>urn:balkanhub:measure:{{MeasureId}}:1</id>
                <title type="text">MK: {{Measure.Title}} (announced)</title>
                <published>{{sent}}</published>
                <updated>{{sent}}</updated>
                <author><name>North Macedonia</name></author>
                <link rel="alternate" type="application/cap+xml" href="https://hub.example/feeds/measures/{{MeasureId}}.cap" />
                <category term="NationalityRestriction" />
                <content type="application/cap+xml">{{alert}}</content>
              </entry>
            </feed>
            """;
    }

    static System.Xml.Linq.XElement CapAlert(IServiceProvider services) =>
        Measures.CapAlerts.Alert(new Measures.CapAlerts.MeasureRevision(MeasureId, 1, nameof(MeasureAnnounced), Measure.AnnouncedAt.AddSeconds(4), Measure, null), [],
            services.GetRequiredService<RouteMap>());

    static readonly DateTimeOffset RelayedAt = new(2015, 11, 21, 8, 12, 7, TimeSpan.FromHours(1));

    static void AddTo(ExampleCatalog catalog)
    {
        ParkedOutboxExamples.AddTo(catalog);
        var reportKey = ItemKeys.Report("MK", Day, 1);
        var entry = new FeedEntry(
            Sequence: 18344, Kind: RelayedItemKind.DailyReport, ItemKey: reportKey, Source: "MK", MessageType: nameof(DailyReportSubmitted),
            RelayedAt: RelayedAt, Supersedes: null,
            Recipients:
            [
                new RecipientStatus("AL", 2210, null), new RecipientStatus("BG", 2398, null),
                new RecipientStatus("GR", 2517, RelayedAt.AddMinutes(31)), new RecipientStatus("RS", 2544, RelayedAt.AddMinutes(12)),
            ],
            Payload: JsonSerializer.SerializeToElement(new DailyReportSubmitted { ReportId = ReportId, Version = 1, SubmittedAt = SubmittedAt, Report = Report }, JsonSerializerOptions.Web));
        var deadLetter = new DeadLetterView(
            Id: 7, Queue: "aggregator", MessageId: "0b2c0000-5d4e-0015-0d5f-08de2a1b3c4d", MessageType: "urn:message:BalkanHub.Contracts:DailyReportSubmitted",
            Reason: "The report's crossing point 'MK-RS-LOJANE' is not on the route.", ExceptionType: "System.InvalidOperationException", Retries: 3,
            Headers: JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["MT-Fault-Message"] = "The report's crossing point 'MK-RS-LOJANE' is not on the route." }),
            Body: "{\"message\":{\"reportId\":\"6f1c2b0e-8d4a-4f57-9a3e-2c1d5b7e9f10\",\"version\":2}}",
            ParkedAt: RelayedAt.AddHours(2), Status: "parked", ResolvedAt: null, ResolvedBy: null, Resolution: null);
        var composition = new CompositionView(2940, 1410, 1770, 85, Report.Composition.ByNationality);
        var capacity = new CapacityView(2000, 1450, 550, 72.5);
        var offer = new OfferView(OfferId, "AT", OfferStatus.Accepted, OfferedItems,
            new DateTimeOffset(2015, 11, 21, 15, 40, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2015, 11, 21, 17, 5, 0, TimeSpan.FromHours(1)), null);
        var average = new Average(7, 6043.9, 7120.4, -15.1);

        var feedLink = new FeedLinkView(Guid.Parse("0193a9f2-7c1e-7d40-9b1a-5f0e2c8d4a61"), "HR", "National protection and rescue directorate's alerting system",
            RelayedAt, "officer-hr-1", RelayedAt.AddHours(5), null);
        const string Secret = "q4Zt0bW2x9Jc1uYv8ePa3LmR7sKd5NhG6fTiXoE2wBk";

        var subscription = new SubscriptionView(Guid.Parse("0193a9f3-1b2c-7e40-8a1b-3c4d5e6f7a81"), "DE", "SI", RelayedItemKind.DailyReport, false, "api",
            RelayedAt, "officer-de-1");

        catalog
            .Add(new List<SubscriptionView> { new(null, "DE", "AT", RelayedItemKind.Measure, true, "agreement", null, null), subscription })
            .Add(new NewSubscription("SI", RelayedItemKind.DailyReport, HistoryDays: 7))
            .Add(new SubscriptionCreated(subscription, 7))
            .Add(feedLink)
            .Add(new NewFeedLink(feedLink.Label))
            .Add(new FeedLinkCreated(feedLink with { LastUsedAt = null }, new Uri($"https://hub.example/feeds/links/{Secret}/measures.atom"),
                $"https://hub.example/feeds/links/{Secret}/measures/{{id}}.cap"))
            .Add(entry)
            .Add(new FeedPage([entry], entry.Sequence))
            .Add(new ReportView(ReportId, 1, true, SubmittedAt, RelayedAt, Report))
            .Add(new MeasuresView(
                [new MeasureSummary(Measure, MeasureStatus.InForce, 20.5, true,
                    [
                        new AcknowledgementStatus("GR", 2488, Measure.AnnouncedAt.AddMinutes(40), Measure.AnnouncedAt.AddHours(6), false),
                        new AcknowledgementStatus("RS", 2516, null, Measure.AnnouncedAt.AddHours(6), true),
                    ], false, new LeadTime(TimeSpan.FromHours(20.5)).Describe())],
                new Dictionary<string, CountryFigures> { ["MK"] = new(4, 31.5, 2, 0) },
                null))
            .Add(new ComplianceView(
                RelayedAt, Day.AddDays(-13), Day,
                [new MissingReportView("AL", Day, new DateTimeOffset(2015, 11, 21, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2015, 11, 21, 10, 0, 30, TimeSpan.Zero))],
                [new OverdueAcknowledgement("RS", ItemKeys.Measure(MeasureId, 1), "MK", 2516, Measure.AnnouncedAt, Measure.AnnouncedAt.AddHours(6), Measure.AnnouncedAt.AddHours(6).AddMinutes(1))],
                [new PunctualitySummary("MK", 13, 1, 0)],
                [new Punctuality("MK", Day, "onTime", new DateTimeOffset(2015, 11, 21, 10, 0, 0, TimeSpan.Zero), SubmittedAt)]))
            .Add(deadLetter)
            .Add(new DeadLetterPage([deadLetter], deadLetter.Id))
            .Add(new Discard("Sent to the wrong route during the Lojane test; the corrected version 3 arrived."))
            .Add(new CommitmentView(
                "police-officers-si", "400 police officers for Slovenia within a week", "SI", 400, "persons",
                new DateTimeOffset(2015, 10, 25, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2015, 11, 1, 23, 59, 59, TimeSpan.Zero), 14,
                ProgressSource.DeliveredItems, 260, 65, CommitmentStatus.AtRisk,
                [new SourceRecord("deliveredOffer", $"offer:{OfferId} from AT", 60, new DateTimeOffset(2015, 10, 28, 12, 0, 0, TimeSpan.Zero))]))
            .Add(new ProgressReport(14500, "Rent subsidies signed with 3,100 host families in Athens and Thessaloniki."))
            .Add(new TrendsView(Day, Day.AddDays(-6), Day.AddDays(-13),
                [new CountryTrend("MK", average, new Average(7, 5990.1, 7080.0, -15.4), new Average(7, 53.8, 40.4, 33.2),
                    new Runway(2000, 1450, 550, 53.8, 10.2, "550 free places (2000 minus 1450 occupied, reported for 2015-11-20) ÷ 53.8 net inflow a day (7-day average)"))],
                [new EdgeTrend("GR", "MK", new Average(7, 6100.0, 7210.3, -15.4), average)]))
            .Add(new PictureView(Day, RelayedAt.AddHours(3),
                [new ParticipantDay("MK", true, 1, SubmittedAt, true, 6120, 5980, 1450, 6050, 12, composition, capacity,
                    [new MeasureInForce(MeasureId, MeasureType.NationalityRestriction, Measure.Title, Measure.EffectiveFrom, null)])],
                new RouteTotals(9, 11, 6310, 0, 23800, 2150, capacity, Report.Composition.ByNationality, PictureApi.TotalsMethod),
                [new EdgeFlow("GR", "MK", 6310, 6120, 190), new EdgeFlow("MK", "RS", 5980, 5890, 90)]))
            .Add(new RouteView("Western Balkans route", ["GR", "MK", "RS", "HR", "SI", "AT", "DE"],
                [
                    new RouteParticipant("GR", "Greece", ParticipantRole.Country, true),
                    new RouteParticipant("MK", "North Macedonia", ParticipantRole.Country, true),
                    new RouteParticipant("RS", "Serbia", ParticipantRole.Country, true),
                ],
                [new BorderView("GR", "MK"), new BorderView("MK", "RS")], Day, entry.Sequence, DefaultDate: Day))
            .Add(new SeriesView(Day.AddDays(-1), Day,
                [new CountrySeries("MK", [new SeriesPoint(Day.AddDays(-1), 5870, 5790), new SeriesPoint(Day, 6120, 5980)])]))
            .Add(new ReconciliationView(Day, [new Disagreement("RS", "HR", 6400, 5480, 920)]))
            .Add(new NeedsView(NeedsAnalysisId, "MK", "requested", NeedsAnalysis.OpenedAt, NeedsAnalysis.OpenedAt.AddHours(24), false, RequestId, NeedsAnalysis))
            .Add(new RequestView(RequestId, "MK", NeedsAnalysis.Title, RequestStatus.Open,
                new DateTimeOffset(2015, 11, 21, 11, 0, 0, TimeSpan.FromHours(1)), offer.ChangedAt, null, NeedsAnalysisId, AssistanceItems,
                [
                    new ItemCoverage("winter blankets", "pieces", 5000, 2000, 2000, 0, 40, 40, 0),
                    new ItemCoverage("heated family tents", "tents", 40, 0, 0, 0, 0, 0, 0),
                ],
                [offer]))
            .Add(new AuditPage(
                [new AuditEntry(
                    Sequence: 90412, At: SubmittedAt, RecordedBy: "contact-point-mk", Actor: "elena.petrovska", ActorCountry: "MK", Role: "officer",
                    Action: "POST /api/reports", Target: reportKey, Origin: "10.20.4.17", Outcome: "accepted", Details: null,
                    PreviousHash: "9f2c4e8a1b7d3f6e0a5c2b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f",
                    Hash: "3b7e1d9c5a2f8e4b0c6d1a7f3e9b5c2d8a4f0e6b1c7d3a9e5f2b8c4d0a6e1f7b")], 90412))
            .Add(new Verification(true, 90412, null))
            // The JSON export streams its rows, so its example is a plain object of the same shape.
            .AddShape<ExportApi.DailyExport>(new
            {
                Hxl = ExportApi.Columns.ToDictionary(c => c.Name, c => c.Hxl),
                Rows = new[] { Row },
            });
    }
}
