using System.Globalization;
using System.Text.Json;
using BalkanHub.Aggregator.Data;
using BalkanHub.Aggregator.Relay;
using BalkanHub.Contracts;
using BalkanHub.Domain.Reports;
using BalkanHub.Domain.Route;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BalkanHub.Aggregator.Intake;

/// <summary>Stores each version of a daily report once, and relays it to the sender's neighbours and the feed.</summary>
public sealed partial class DailyReportConsumer(
    AggregatorDb db, IntakeInbox inbox, RelayWriter relays, RelayRecipients recipients, RouteMap route, TimeProvider clock,
    ILogger<DailyReportConsumer> logger) : IConsumer<DailyReportSubmitted>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<DailyReportSubmitted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var report = message.Report ?? throw new InvalidMessageException("The message carries no report.");
        Check(message);

        return inbox.ProcessOnceAsync(context, async (now, ct) =>
        {
            if (await db.Reports.AnyAsync(r => r.Country == report.Country && r.ReportDate == report.ReportDate && r.Version == message.Version, ct))
            {
                // Same business identity under another message id: a re-send, not a new version.
                LogDuplicateVersion(logger, report.Country, report.ReportDate, message.Version);
                return;
            }

            var latest = await db.Reports.FirstOrDefaultAsync(r => r.Country == report.Country && r.ReportDate == report.ReportDate && r.IsLatest, ct);
            var isLatest = latest is null || latest.Version < message.Version;
            if (isLatest && latest is not null)
                latest.IsLatest = false;

            db.Reports.Add(new StoredReport
            {
                ReportId = message.ReportId,
                Country = report.Country,
                ReportDate = report.ReportDate,
                Version = message.Version,
                IsLatest = isLatest,
                SubmittedAt = message.SubmittedAt.ToUniversalTime(),
                ReceivedAt = now,
                Arrivals = report.Arrivals.Total,
                Departures = report.Departures.Total,
                PeoplePresent = report.PeoplePresent,
                Report = JsonSerializer.Serialize(report, JsonSerializerOptions.Web),
            });

            await relays.RelayAsync(new HubItem
            {
                ItemKey = ItemKey(report.Country, report.ReportDate, message.Version),
                Kind = RelayedItemKind.DailyReport,
                Source = report.Country,
                MessageType = nameof(DailyReportSubmitted),
                SourceMessageId = context.MessageId!.Value,
                ReceivedAt = now,
                RequiresAcknowledgement = false,
                Supersedes = message.Version > 1 ? ItemKey(report.Country, report.ReportDate, message.Version - 1) : null,
                Payload = JsonSerializer.Serialize(message, JsonSerializerOptions.Web),
            }, recipients.ForCountryItem(report.Country), now, ct);
        });
    }

    /// <summary>The stable key of a report version.</summary>
    public static string ItemKey(string country, DateOnly date, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"report:{country}:{date:yyyy-MM-dd}:v{version}");

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {Country} {Date} v{Version} was already stored")]
    static partial void LogDuplicateVersion(ILogger logger, string country, DateOnly date, int version);
}
