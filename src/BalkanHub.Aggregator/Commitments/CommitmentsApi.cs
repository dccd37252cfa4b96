using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using BalkanHub.Aggregator.Audit;
using BalkanHub.Aggregator.Data;
using BalkanHub.Aggregator.Assistance;
using BalkanHub.Contracts;
using BalkanHub.Domain.Assistance;
using BalkanHub.Domain.Commitments;
using BalkanHub.Domain.Route;
using BalkanHub.Domain.Validation;
using BalkanHub.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BalkanHub.Aggregator.Commitments;

/// <summary>Where the commitments file is. Section <c>Commitments</c>.</summary>
public sealed class CommitmentsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Commitments";

    /// <summary>The commitments file (default <c>deploy/commitments.json</c>, looked for from the content root upwards).</summary>
    [Required]
    public string Path { get; set; } = "deploy/commitments.json";
}

/// <summary>The commitment ledger: each commitment with its progress, taken from the data where it can be, and its status.</summary>
public static class CommitmentsApi
{
    /// <summary>One record that progress was taken from.</summary>
    public sealed record SourceRecord(string Kind, string Reference, int Value, DateTimeOffset? At);

    /// <summary>A commitment as it stands.</summary>
    public sealed record CommitmentView(
        string Id, string Title, string Owner, int Target, string Unit, DateTimeOffset Since, DateTimeOffset Deadline, int? PlanPoint,
        ProgressSource Source, int Progress, int SharePercent, CommitmentStatus Status, IReadOnlyList<SourceRecord> Records);

    /// <summary>A progress report by the owner: the total reached so far.</summary>
    public sealed record ProgressReport(int? Value, string? Note);

    /// <summary>Maps <c>/api/commitments</c>.</summary>
    public static RouteGroupBuilder MapCommitmentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/commitments").WithTags("Commitments").RequireAuthorization(AggregatorPolicies.Participant);
        group.MapGet("/", ListAsync).WithSummary("Each commitment with its target, progress, share done, deadline, status and source records");
        group.MapPost("/{id}/progress", ReportAsync)
            .WithSummary("Reports progress on a commitment, by its owner")
            .WithDescription("Only the owner may report: a country's officer for its own commitment, an agency for its own, the Commission for the hub's own (403 otherwise). " +
                "Only for commitments whose progress is not taken from the data (409 otherwise). The value is the total reached so far.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    static async Task<Ok<List<CommitmentView>>> ListAsync(IReadOnlyList<Commitment> ledger, AggregatorDb db, RouteMap route, TimeProvider clock, int? planPoint,
        CancellationToken cancellationToken)
    {
        var views = new List<CommitmentView>();
        foreach (var commitment in ledger.Where(c => planPoint is null || c.PlanPoint == planPoint))
            views.Add(await ViewAsync(commitment, db, route, clock.GetUtcNow(), cancellationToken));
        return TypedResults.Ok(views);
    }

    static async Task<Results<Ok<CommitmentView>, NotFound, ForbidHttpResult, ValidationProblem, ProblemHttpResult>> ReportAsync(
        string id, [FromBody] ProgressReport? report, IReadOnlyList<Commitment> ledger, AggregatorDb db, RouteMap route, AuditTrail audit, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (ledger.FirstOrDefault(c => c.Id == id) is not { } commitment)
            return TypedResults.NotFound();
        // The owner reports: a country's officer, an agency for its own, the Commission for the hub's own commitments.
        var mayWrite = user.Country() == commitment.Owner && (user.IsInRole(HubRoles.Officer) || user.IsInRole(HubRoles.Agency) || user.IsInRole(HubRoles.Commission));
        var now = clock.GetUtcNow();
        if (!mayWrite)
        {
            await audit.AppendNowAsync(new AuditRecord(AuditTrail.Aggregator, user.Subject(), user.Country(), null, "commitment.progress", id, null, "refused",
                $"only {commitment.Owner} reports on this commitment", now), cancellationToken);
            return TypedResults.Forbid();
        }
        if (commitment.Source != ProgressSource.ProgressReports)
            return TypedResults.Problem($"Progress on '{id}' is taken from the data ({commitment.Source}); it is not reported by hand.", statusCode: StatusCodes.Status409Conflict);
        if (report?.Value is not ({ } value and >= 0))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["value"] = ["is required: the total reached so far, not negative."] });
        var errors = new ValidationErrors();
        errors.Text(report.Note, "note", 2000);
        if (!errors.IsEmpty)
            return TypedResults.ValidationProblem(errors.ToDictionary());

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        db.CommitmentProgress.Add(new CommitmentProgress
        {
            CommitmentId = id, Value = value, Note = report.Note, Reporter = user.Subject(), ReporterCountry = commitment.Owner, ReportedAt = now,
        });
        await audit.AppendAsync(new AuditRecord(AuditTrail.Aggregator, user.Subject(), user.Country(), null, "commitment.progress", id, null, "stored",
            string.Create(CultureInfo.InvariantCulture, $"{value} {commitment.Unit}"), now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return TypedResults.Ok(await ViewAsync(commitment, db, route, now, cancellationToken));
    }

    static async Task<CommitmentView> ViewAsync(Commitment c, AggregatorDb db, RouteMap route, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var records = c.Source switch
        {
            ProgressSource.DeliveredItems => await DeliveredAsync(c, db, now, cancellationToken),
            ProgressSource.ReportedCapacity => await CapacityAddedAsync(c, db, route, cancellationToken),
            ProgressSource.ContactPoints => await ContactPointsAsync(c, db, route, cancellationToken),
            _ => await ReportedAsync(c, db, cancellationToken),
        };
        var progress = c.Source == ProgressSource.ProgressReports ? records.LastOrDefault()?.Value ?? 0 : records.Sum(r => r.Value);
        var share = (int)Math.Round(progress * 100.0 / c.Target, MidpointRounding.AwayFromZero);
        return new CommitmentView(c.Id, c.Title, c.Owner, c.Target, c.Unit, c.Since, c.Deadline, c.PlanPoint, c.Source, progress, share,
            c.StatusAt(now, progress), records);
    }

    /// <summary>Delivered offers of the item to the recipient since the commitment was made; exercise deliveries never count.</summary>
    static async Task<List<SourceRecord>> DeliveredAsync(Commitment c, AggregatorDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var offers = await db.AssistanceOffers.AsNoTracking()
            .Where(o => o.Requester == c.Recipient && o.Status == OfferStatus.Delivered && o.DeliveredAt >= c.Since && o.DeliveredAt <= now && !o.Exercise)
            .OrderBy(o => o.DeliveredAt).Select(o => new { o.OfferId, o.Offerer, o.Items, o.DeliveredAt }).ToListAsync(cancellationToken);
        return [.. offers.Select(o => new SourceRecord("deliveredOffer", $"offer:{o.OfferId} from {o.Offerer}",
            AssistanceConsumer.Items(o.Items).Where(i => AssistanceRules.Same(i.Item, c.Item!)).Sum(i => i.Quantity), o.DeliveredAt))
            .Where(r => r.Value > 0)];
    }

    /// <summary>Places added per country: its latest reported capacity minus its first report's since the commitment.</summary>
    static async Task<List<SourceRecord>> CapacityAddedAsync(Commitment c, AggregatorDb db, RouteMap route, CancellationToken cancellationToken)
    {
        var countries = c.Countries.Count > 0 ? c.Countries : [.. route.Participants.Where(p => p.Role == ParticipantRole.Country).Select(p => p.Code)];
        var since = DateOnly.FromDateTime(c.Since.UtcDateTime);
        var spans = await db.Reports.AsNoTracking()
            .Where(r => r.IsLatest && r.ReportDate >= since && countries.Contains(r.Country))
            .GroupBy(r => r.Country)
            .Select(g => new { Country = g.Key, First = g.Min(r => r.ReportDate), Last = g.Max(r => r.ReportDate) })
            .ToListAsync(cancellationToken);
        var days = spans.SelectMany(s => new[] { s.First, s.Last }).Distinct().ToList();
        var capacities = (await db.Reports.AsNoTracking()
                .Where(r => r.IsLatest && countries.Contains(r.Country) && days.Contains(r.ReportDate))
                .Select(r => new { r.Country, r.ReportDate, r.CapacityTotal }).ToListAsync(cancellationToken))
            .ToDictionary(r => (r.Country, r.ReportDate), r => r.CapacityTotal);
        return [.. spans.OrderBy(s => s.Country, StringComparer.Ordinal).Select(s => new SourceRecord("reportedCapacity",
            string.Create(CultureInfo.InvariantCulture, $"{s.Country}: {capacities[(s.Country, s.First)]} places on {s.First:yyyy-MM-dd}, {capacities[(s.Country, s.Last)]} on {s.Last:yyyy-MM-dd}"),
            Math.Max(0, capacities[(s.Country, s.Last)] - capacities[(s.Country, s.First)]), null))];
    }

    /// <summary>Contact points that have sent anything real (not exercise traffic) since the commitment was made.</summary>
    static async Task<List<SourceRecord>> ContactPointsAsync(Commitment c, AggregatorDb db, RouteMap route, CancellationToken cancellationToken)
    {
        var points = route.ContactPoints.Select(p => p.Code).ToList();
        var first = await db.Items.AsNoTracking().Where(i => points.Contains(i.Source) && i.ReceivedAt >= c.Since && !i.Exercise)
            .GroupBy(i => i.Source).Select(g => new { Country = g.Key, At = g.Min(i => i.Id) }).ToListAsync(cancellationToken);
        return [.. first.OrderBy(f => f.Country, StringComparer.Ordinal).Select(f => new SourceRecord("contactPoint", f.Country, 1, null))];
    }

    /// <summary>The owner's progress reports, oldest first; the latest is the total.</summary>
    static async Task<List<SourceRecord>> ReportedAsync(Commitment c, AggregatorDb db, CancellationToken cancellationToken)
    {
        var reports = await db.CommitmentProgress.AsNoTracking().Where(p => p.CommitmentId == c.Id).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return [.. reports.Select(p => new SourceRecord("progressReport", $"{p.ReporterCountry} ({p.Reporter}){(p.Note is null ? "" : ": " + p.Note)}", p.Value, p.ReportedAt))];
    }
}
