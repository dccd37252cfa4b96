using BalkanHub.ContactPoint.Assistance;
using BalkanHub.ContactPoint.Console;
using BalkanHub.ContactPoint.Inbox;
using BalkanHub.ContactPoint.Measures;
using BalkanHub.ContactPoint.Reports;
using BalkanHub.Domain.Assistance;
using BalkanHub.ServiceDefaults.OpenApi;
using BalkanHub.Messaging.Examples;
using static BalkanHub.Messaging.Examples.MessageExamples;

namespace BalkanHub.ContactPoint;

/// <summary>
/// What the contact point's OpenAPI document says beyond the shared description: who its policies
/// admit, and an example of each of its answers, continuing North Macedonia's November 2015.
/// </summary>
public static class ContactPointOpenApi
{
    /// <summary>Registers the policy descriptions and examples.</summary>
    public static IServiceCollection AddContactPointOpenApi(this IServiceCollection services) =>
        services.ConfigureHubOpenApi(o =>
        {
            o.Policies[ContactPointPolicies.Officer] = "an `officer` of this contact point's country.";
            o.Policies[ContactPointPolicies.Reader] = "an `officer` or `viewer` of this contact point's country, or the `commission` or an `agency`.";
            MessageExamples.AddTo(o.Examples);
            ReportExamples.AddTo(o.Examples);
            MeasureExamples.AddTo(o.Examples);
            AssistanceExamples.AddTo(o.Examples);
            AddTo(o.Examples);
        });

    static void AddTo(ExampleCatalog catalog)
    {
        ParkedOutboxExamples.AddTo(catalog);
        var requested = new DateTimeOffset(2015, 11, 21, 11, 0, 0, TimeSpan.FromHours(1));
        var offer = new OfferView(OfferId, RequestId, "MK", "AT", OfferStatus.Offered, OfferedItems,
            new DateTimeOffset(2015, 11, 21, 15, 40, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2015, 11, 21, 15, 40, 0, TimeSpan.FromHours(1)));
        var relayedAt = new DateTimeOffset(2015, 11, 18, 9, 30, 4, TimeSpan.FromHours(1));
        var inboxItem = new InboxItemView(
            Sequence: 412, Kind: RelayedItemKind.Measure, ItemKey: ItemKeys.Measure(MeasureId, 1), Source: "MK", MessageType: nameof(MeasureAnnounced),
            RequiresAcknowledgement: true, RelayedAt: relayedAt, ReceivedAt: relayedAt.AddSeconds(1), AcknowledgedAt: null,
            Payload: JsonSerializer.SerializeToElement(new MeasureAnnounced { Measure = Measure }, JsonSerializerOptions.Web),
            AcknowledgeBy: relayedAt.AddHours(6));

        var overcrowded = new PlausibilityWarning("capacity.occupied",
            "2,150 places are occupied, 7.5 % more than the capacity of 2,000: check both figures. Overcrowding is accepted.");

        catalog
            .Add(new ReportAccepted(ReportId, 1, Day, SubmittedAt, [overcrowded]))
            .Add(new DefaultDayView(Day, ["AL", "BG", "GR", "MK", "RS"], Needed: 3, Reported: 4))
            .Add(new ReportView(ReportId, 1, true, SubmittedAt, Report))
            .Add(new MeasureView(Measure, MeasureStatus.Planned, 20.5, ShortNotice: true, Retroactive: false,
                new Domain.Measures.LeadTime(TimeSpan.FromHours(20.5)).Describe()))
            .Add(new RevisionView(1, "announced", Measure.AnnouncedAt, null, Measure))
            .Add(new DraftCheck(false, new Dictionary<string, string[]>
            {
                ["composition"] = ["men, women and children add up to 6220, more than the arrivals total (6120)."],
            }, [overcrowded]))
            .Add(new MeasureCheck(true, new Dictionary<string, string[]>(), LeadTimeHours: 20.5, ShortNotice: true, MinimumNoticeHours: 24, Warnings: []))
            .Add(new NeedsView(NeedsAnalysisId, NeedsAnalysis.Title, "open", NeedsAnalysis.OpenedAt, NeedsAnalysis.OpenedAt.AddHours(24), false,
                null, AssistanceItems, [7]))
            .Add(new ChangeNote("Blankets reach Tabanovce by truck from Vienna on 24 November."))
            .Add(offer)
            .Add(new RequestView(RequestId, "MK", NeedsAnalysis.Title, RequestStatus.Open, requested, NeedsAnalysisId, AssistanceItems, [7],
                [
                    new ItemCoverage("winter blankets", "pieces", 5000, 2000, 0, 0, 40, 0, 0),
                    new ItemCoverage("heated family tents", "tents", 40, 0, 0, 0, 0, 0, 0),
                ],
                [offer]))
            .Add(inboxItem)
            .Add(new InboxPage([inboxItem], 412))
            .Add(new Acknowledgement(412, inboxItem.ItemKey, relayedAt.AddMinutes(47)))
            .Add(new NotificationPage(
                [
                    new NotificationView(88, 412, inboxItem.ItemKey, "webhook", "https://alerts.mup.example/balkanhub", "delivered", 2, relayedAt.AddSeconds(1),
                        relayedAt.AddSeconds(4), null,
                    [
                        new NotificationAttemptView(relayedAt.AddSeconds(2), false, "HttpRequestException: Response status code does not indicate success: 503 (Service Unavailable)."),
                        new NotificationAttemptView(relayedAt.AddSeconds(4), true, "HTTP 200"),
                    ]),
                ], 0));
    }
}
