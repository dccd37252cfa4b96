using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using BalkanHub.Aggregator.Audit;
using BalkanHub.Aggregator.Assistance;
using BalkanHub.Api.Contracts;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Assistance;
using BalkanHub.Domain.Commitments;
using BalkanHub.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

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
    /// <summary>Progress over time: each record with the total reached at its moment, oldest first.</summary>
    sealed record Timeline(IReadOnlyList<SourceRecord> Records, IReadOnlyList<(DateTimeOffset At, int Total)> Totals);

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
        db.CommitmentProgress.Add(new StoredCommitmentProgress
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
        var timeline = c.Source switch
        {
            ProgressSource.DeliveredItems => await DeliveredAsync(c, db, now, cancellationToken),
            ProgressSource.ReportedCapacity => await CapacityAddedAsync(c, db, cancellationToken),
            ProgressSource.ContactPoints => await ContactPointsAsync(c, db, route, now, cancellationToken),
            _ => await ReportedAsync(c, db, cancellationToken),
        };
        // Only what was done by the deadline counts toward the commitment; what came later shows it late, not met.
        var progress = timeline.Totals.LastOrDefault(t => t.At <= c.Deadline).Total;
        var total = timeline.Totals.Count == 0 ? 0 : timeline.Totals[^1].Total;
        var reached = timeline.Totals.FirstOrDefault(t => t.Total >= c.Target);
        var share = (int)Math.Round(progress * 100.0 / c.Target, MidpointRounding.AwayFromZero);
        return new CommitmentView(c.Id, c.Title, c.Owner, c.Target, c.Unit, c.Since, c.Deadline, c.PlanPoint, c.Source, progress, share,
            c.StatusAt(now, progress, total), timeline.Records, total, reached == default ? null : reached.At);
    }

    /// <summary>Running totals of records that each add their value.</summary>
    static Timeline Adding(IEnumerable<SourceRecord> records)
    {
        var ordered = records.OrderBy(r => r.At).ToList();
        var sum = 0;
        return new Timeline(ordered, [.. ordered.Select(r => (r.At ?? DateTimeOffset.MinValue, sum += r.Value))]);
    }

    /// <summary>Delivered offers of the item to the recipient since the commitment was made; exercise deliveries never count.</summary>
    static async Task<Timeline> DeliveredAsync(Commitment c, AggregatorDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var offers = await db.AssistanceOffers.AsNoTracking()
            .Where(o => o.Requester == c.Recipient && o.Status == OfferStatus.Delivered && o.DeliveredAt >= c.Since && o.DeliveredAt <= now && !o.Exercise)
            .OrderBy(o => o.DeliveredAt).Select(o => new { o.OfferId, o.Offerer, o.Items, o.DeliveredAt }).ToListAsync(cancellationToken);
        return Adding(offers.Select(o => new SourceRecord(o.DeliveredAt > c.Deadline ? "deliveredOfferLate" : "deliveredOffer", $"offer:{o.OfferId} from {o.Offerer}",
            AssistanceIntake.Items(o.Items).Where(i => AssistanceRules.Same(i.Item, c.Item!)).Sum(i => i.Quantity), o.DeliveredAt))
            .Where(r => r.Value > 0));
    }

    /// <summary>
    /// Places added in the named countries, against what each stated at the agreement: its latest reported
    /// capacity on or before the agreement's day (or, failing that, its first report after it). Each later
    /// report day moves the total; report days after the deadline show whether it was met late.
    /// </summary>
    static async Task<Timeline> CapacityAddedAsync(Commitment c, AggregatorDb db, CancellationToken cancellationToken)
    {
        var countries = c.Countries;
        var agreed = DateOnly.FromDateTime(c.Since.UtcDateTime);
        var due = DateOnly.FromDateTime(c.Deadline.UtcDateTime);
        var rows = (await db.Reports.AsNoTracking()
                .Where(r => r.IsLatest && countries.Contains(r.Country))
                .Select(r => new { r.Country, r.ReportDate, r.CapacityTotal })
                .ToListAsync(cancellationToken))
            .GroupBy(r => r.Country).ToDictionary(g => g.Key, g => g.OrderBy(r => r.ReportDate).ToList(), StringComparer.Ordinal);
        var baseline = rows.ToDictionary(g => g.Key, g => g.Value.LastOrDefault(r => r.ReportDate <= agreed) ?? g.Value[0], StringComparer.Ordinal);
        var days = rows.Values.SelectMany(r => r).Where(r => r.ReportDate > agreed).Select(r => r.ReportDate).Distinct().Order().ToList();
        var latest = new Dictionary<string, int>(StringComparer.Ordinal);
        var totals = new List<(DateTimeOffset, int)>();
        foreach (var day in days)
        {
            foreach (var (country, reports) in rows)
            {
                if (reports.FirstOrDefault(r => r.ReportDate == day) is { } report)
                    latest[country] = report.CapacityTotal;
            }
            totals.Add((new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero), latest.Sum(l => Math.Max(0, l.Value - baseline[l.Key].CapacityTotal))));
        }
        var records = new List<SourceRecord>();
        foreach (var (country, reports) in rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var start = baseline[country];
            var byDeadline = reports.LastOrDefault(r => r.ReportDate <= due && r.ReportDate > agreed);
            var last = reports[^1];
            var from = string.Create(CultureInfo.InvariantCulture, $"{country}: {start.CapacityTotal} places on {start.ReportDate:yyyy-MM-dd}{(start.ReportDate <= agreed ? " (at the agreement)" : " (its first report after the agreement)")}");
            if (byDeadline is not null)
                records.Add(new SourceRecord("reportedCapacity", string.Create(CultureInfo.InvariantCulture, $"{from}, {byDeadline.CapacityTotal} on {byDeadline.ReportDate:yyyy-MM-dd}"),
                    Math.Max(0, byDeadline.CapacityTotal - start.CapacityTotal), new DateTimeOffset(byDeadline.ReportDate, TimeOnly.MinValue, TimeSpan.Zero)));
            if (last.ReportDate > due)
                records.Add(new SourceRecord("reportedCapacityLate", string.Create(CultureInfo.InvariantCulture, $"{from}, {last.CapacityTotal} on {last.ReportDate:yyyy-MM-dd}, after the deadline"),
                    Math.Max(0, last.CapacityTotal - start.CapacityTotal), new DateTimeOffset(last.ReportDate, TimeOnly.MinValue, TimeSpan.Zero)));
        }
        return new Timeline(records, totals);
    }

    /// <summary>Contact points that have sent anything real (not exercise traffic) since the commitment was made, at their first item.</summary>
    static async Task<Timeline> ContactPointsAsync(Commitment c, AggregatorDb db, RouteMap route, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var points = route.ContactPoints.Select(p => p.Code).ToList();
        var first = await db.Items.AsNoTracking().Where(i => points.Contains(i.Source) && i.ReceivedAt >= c.Since && !i.Exercise)
            .GroupBy(i => i.Source).Select(g => new { Country = g.Key, At = g.Min(i => i.ReceivedAt) }).ToListAsync(cancellationToken);
        return Adding(first.OrderBy(f => f.Country, StringComparer.Ordinal)
            .Select(f => new SourceRecord(f.At > c.Deadline ? "contactPointLate" : "contactPoint", f.Country, 1, f.At)));
    }

    /// <summary>The owner's progress reports, oldest first; each is the total reached at its moment.</summary>
    static async Task<Timeline> ReportedAsync(Commitment c, AggregatorDb db, CancellationToken cancellationToken)
    {
        var reports = await db.CommitmentProgress.AsNoTracking().Where(p => p.CommitmentId == c.Id).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var records = reports.Select(p => new SourceRecord(p.ReportedAt > c.Deadline ? "progressReportLate" : "progressReport",
            $"{p.ReporterCountry} ({p.Reporter}){(p.Note is null ? "" : ": " + p.Note)}", p.Value, p.ReportedAt)).ToList();
        return new Timeline(records, [.. reports.Select(p => (p.ReportedAt, p.Value))]);
    }
}
