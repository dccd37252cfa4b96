using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using BalkanHub.Aggregator.Data;
using BalkanHub.Aggregator.Picture;
using BalkanHub.Aggregator.Relay;
using BalkanHub.Contracts;
using BalkanHub.Domain.Route;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BalkanHub.Aggregator.Dashboard;

/// <summary>
/// The Commission's first page: the latest reported day's picture and the newest feed entries, rendered on
/// the server and refreshed every few seconds, so whoever opens the aggregator sees the network living.
/// The fuller web pages build on the same queries.
/// </summary>
public static class DashboardPage
{
    /// <summary>Maps <c>/</c> for those who read everything; a browser without a session is sent to <c>/signin</c>.</summary>
    public static RouteHandlerBuilder MapDashboard(this IEndpointRouteBuilder app) =>
        app.MapGet("/", RenderAsync).RequireAuthorization(AggregatorPolicies.Reader).ExcludeFromDescription();

    static async Task<ContentHttpResult> RenderAsync(AggregatorDb db, RouteMap route, TimeProvider clock, CancellationToken cancellationToken)
    {
        var latest = await db.Reports.AsNoTracking().Where(r => r.IsLatest).MaxAsync(r => (DateOnly?)r.ReportDate, cancellationToken);
        var feed = await db.Relays.AsNoTracking().Include(r => r.Item)
            .Where(r => r.Recipient == RelayRecipients.Feed).OrderByDescending(r => r.Sequence).Take(15).ToListAsync(cancellationToken);
        var reports = await db.Reports.CountAsync(r => r.IsLatest, cancellationToken);
        var measures = await db.Measures.CountAsync(cancellationToken);
        var requests = await db.AssistanceRequests.CountAsync(r => r.Status == RequestStatus.Open, cancellationToken);

        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"10\">")
            .Append("<title>BalkanHub: the Commission's dashboard</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}table{border-collapse:collapse;margin:1rem 0}")
            .Append("th,td{padding:.3rem .7rem;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child{text-align:left}</style></head><body>")
            .Append("<h1>BalkanHub</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>{reports} daily reports, {measures} measures, {requests} open assistance requests. Refreshes every 10 seconds.</p>");
        if (latest is { } day)
        {
            var picture = await PictureApi.BuildAsync(db, route, clock, day, cancellationToken);
            html.Append(CultureInfo.InvariantCulture, $"<h2>Picture of {day:d MMMM yyyy}</h2><table id=\"picture\"><thead><tr><th>Country</th><th>Arrivals</th><th>Departures</th><th>Present</th><th>Reception occupied</th><th>Measures in force</th></tr></thead><tbody>");
            foreach (var p in picture.Participants)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Country)}</td><td>{N(p.Arrivals)}</td><td>{N(p.Departures)}</td><td>{N(p.PeoplePresent)}</td>")
                    .Append(CultureInfo.InvariantCulture, $"<td>{(p.Capacity?.OccupancyPercent is { } o ? o.ToString("0.#", CultureInfo.InvariantCulture) + " %" : "–")}</td><td>{p.MeasuresInForce.Count}</td></tr>");
            }
            html.Append(CultureInfo.InvariantCulture, $"</tbody><tfoot><tr><th>Route ({picture.Totals.CountriesReported} of {picture.Totals.CountriesExpected} reported)</th><th>{N(picture.Totals.Arrivals)}</th><th>{N(picture.Totals.Departures)}</th><th>{N(picture.Totals.PeoplePresent)}</th><th></th><th></th></tr></tfoot></table>");
        }
        else
        {
            html.Append("<p>No daily report has arrived yet.</p>");
        }
        html.Append("<h2>Latest in the feed</h2><table id=\"feed\"><thead><tr><th>#</th><th>Item</th><th>From</th><th>Relayed</th></tr></thead><tbody>");
        foreach (var entry in feed)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{entry.Sequence}</td><td>{E(entry.Item.MessageType)} <code>{E(entry.Item.ItemKey)}</code></td><td>{E(entry.Item.Source)}</td><td>{entry.RelayedAt:yyyy-MM-dd HH:mm:ss} UTC</td></tr>");
        html.Append("</tbody></table><p>API: <a href=\"/openapi/v1.json\">OpenAPI</a> · <code>/api/picture?date=</code> · <code>/api/feed</code></p>")
            .Append("<form method=\"post\" action=\"/signout\"><button>Sign out</button></form></body></html>");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }

    static string E(string text) => HtmlEncoder.Default.Encode(text);

    static string N(int? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "–";
}
