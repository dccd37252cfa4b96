using BalkanHub.Aggregator.Subscriptions;
using System.Text.Json;
using BalkanHub.Api.Contracts;
using BalkanHub.Aggregator.Picture;
using BalkanHub.Domain.Picture;
using BalkanHub.Domain.Reports;
using BalkanHub.Aggregator.Intake;

namespace BalkanHub.Aggregator.Reports;

/// <summary>Stores each version of a daily report once, and relays it to the sender's neighbours and the feed.</summary>
public sealed partial class DailyReportConsumer(
    AggregatorDb db, IntakeInbox inbox, RelayWriter relays, RelayRecipients recipients, RouteMap route, TimeProvider clock,
    Reconciliation reconciliation, IOptions<PictureOptions> picture, ILogger<DailyReportConsumer> logger) : IConsumer<DailyReportSubmitted>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<DailyReportSubmitted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var report = message.Report ?? throw new InvalidMessageException("The message carries no report.");
        if (await inbox.RefuseUnverifiedAsync(context, report.Country))
            return;
        Check(message);

        await inbox.ProcessOnceAsync(context, async (now, ct) =>
        {
            var day = db.Reports.IgnoreQueryFilters().Where(r => r.Country == report.Country && r.ReportDate == report.ReportDate && r.Exercise == report.Exercise);
            if (await day.AnyAsync(r => r.Version == message.Version, ct))
            {
                // Same business identity under another message id: a re-send, not a new version.
                LogDuplicateVersion(logger, report.Country, report.ReportDate, message.Version);
                return;
            }

            var due = picture.Value.DueAt(report.ReportDate);
            var submittedAt = message.SubmittedAt.ToUniversalTime();
            var stored = new StoredReport
            {
                ReportId = message.ReportId,
                Country = report.Country,
                ReportDate = report.ReportDate,
                Version = message.Version,
                MessageId = context.MessageId!.Value,
                SubmittedAt = submittedAt,
                ReceivedAt = now,
                Arrivals = report.Arrivals.Total,
                Departures = report.Departures.Total,
                PeoplePresent = report.PeoplePresent,
                Registered = report.Registered,
                AsylumApplications = report.AsylumApplications,
                Men = report.Composition.Men,
                Women = report.Composition.Women,
                Children = report.Composition.Children,
                UnaccompaniedChildren = report.Composition.UnaccompaniedChildren,
                CapacityTotal = report.Capacity.Total,
                CapacityOccupied = report.Capacity.Occupied,
                DueAt = due,
                // The contact point stamps SubmittedAt when it accepts the report, so a broker outage does not make a country late.
                OnTime = submittedAt <= due,
                Exercise = report.Exercise,
                // As received, signature and all: relays carry exactly what the sender signed.
                Message = Envelope.MessageOf(context).ToJsonString(),
            };
            db.Reports.Add(stored);
            // Exercise reports get their breakdowns too, so a drill is reconciled with the neighbours' drill reports;
            // the model's query filters keep them out of every real figure.
            AddBreakdowns(stored, report);
            await db.SaveChangesAsync(ct);

            await inbox.AuditAcceptedAsync(context, report.Country, ItemKeys.Report(report.Country, report.ReportDate, message.Version, report.Exercise), now, ct);

            // Relay this version and any later ones that were waiting for it, in order.
            var latest = await day.Where(r => r.Relayed).OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
            var next = (latest?.Version ?? 0) + 1;
            if (message.Version > next)
                LogHeldBack(logger, report.Country, report.ReportDate, message.Version, next);
            await InOrder.RelayWaitingAsync(next, (version, token) => day.FirstOrDefaultAsync(r => r.Version == version && !r.Relayed, token), async pending =>
            {
                latest?.IsLatest = false;
                pending.IsLatest = pending.Relayed = true;
                var subscribers = await StoredSubscription.SubscribersAsync(db, pending.Country, RelayedItemKind.DailyReport, ct);
                await relays.RelayAsync(new StoredItem
                {
                    ItemKey = ItemKeys.Report(pending.Country, pending.ReportDate, pending.Version, pending.Exercise),
                    Kind = RelayedItemKind.DailyReport,
                    Source = pending.Country,
                    MessageType = nameof(DailyReportSubmitted),
                    SourceMessageId = pending.MessageId,
                    ReceivedAt = now,
                    RequiresAcknowledgement = false,
                    Supersedes = pending.Version > 1 ? ItemKeys.Report(pending.Country, pending.ReportDate, pending.Version - 1, pending.Exercise) : null,
                    Exercise = pending.Exercise,
                    PlanPoints = StoredItem.PlanPointsOf(
                        JsonSerializer.Deserialize<DailyReportSubmitted>(pending.Message, JsonSerializerOptions.Web)!.Report.PlanPoints),
                    Payload = pending.Message,
                }, recipients.ForCountryItem(pending.Country, subscribers), now, ct);
                await db.SaveChangesAsync(ct);
                latest = pending;
            }, ct);
            // A new version that counts: compare it with the neighbours' figures for the same day (exercise with exercise).
            if (latest is not null && latest.Version >= message.Version)
                await reconciliation.CheckAsync(report.Country, report.ReportDate, report.Exercise, now, ct);
        });
    }

    /// <summary>
    /// The flows across each of the reporter's borders, those with the route's neighbours and those with the
    /// world outside it (the route's entries and exits), and the nationalities, as rows the picture aggregates in SQL.
    /// </summary>
    void AddBreakdowns(StoredReport stored, DailyFlowReport report)
    {
        foreach (var neighbour in route.NeighboursOf(report.Country).Concat(ReportFlows.OutsideCountries(report, route)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (ReportFlows.ArrivalsFrom(report, neighbour, route) is { } arrived)
                db.ReportFlows.Add(new StoredReportFlow { Report = stored, Country = report.Country, ReportDate = report.ReportDate, Neighbour = neighbour, Direction = FlowDirection.In, Count = arrived });
            if (ReportFlows.DeparturesToward(report, neighbour, route) is { } departed)
                db.ReportFlows.Add(new StoredReportFlow { Report = stored, Country = report.Country, ReportDate = report.ReportDate, Neighbour = neighbour, Direction = FlowDirection.Out, Count = departed });
        }
        foreach (var nationality in report.Composition.ByNationality.GroupBy(n => n.Nationality, StringComparer.Ordinal))
            db.ReportNationalities.Add(new StoredReportNationality { Report = stored, Country = report.Country, ReportDate = report.ReportDate, Nationality = nationality.Key, Count = nationality.Sum(n => n.Count) });
    }

    void Check(DailyReportSubmitted message)
    {
        var report = message.Report;
        if (route.Find(report.Country) is not { Role: ParticipantRole.Country })
            throw new InvalidMessageException($"'{report.Country}' is not a country on the route; only countries report daily flows.");
        if (message.Version < 1)
            throw new InvalidMessageException($"Version {message.Version} is not valid; versions start at 1.");
        // One day of tolerance: the contact point checked the date against its own clock when it accepted the report.
        var (_, errors) = ReportRules.Validate(DailyReportDraft.From(report), report.Country, route.Today(report.Country, clock).AddDays(1), route);
        if (!errors.IsEmpty)
            throw new InvalidMessageException($"The report of {report.Country} for {report.ReportDate:yyyy-MM-dd} v{message.Version} is not valid: {errors}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {Country} {Date} v{Version} arrived before v{Expected}; it waits for it")]
    static partial void LogHeldBack(ILogger logger, string country, DateOnly date, int version, int expected);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {Country} {Date} v{Version} was already stored")]
    static partial void LogDuplicateVersion(ILogger logger, string country, DateOnly date, int version);
}
