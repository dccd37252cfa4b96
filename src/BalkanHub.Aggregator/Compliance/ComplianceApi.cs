using BalkanHub.Aggregator.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BalkanHub.Aggregator.Compliance;

/// <summary>Who is not keeping the agreement: overdue acknowledgements (and, with the picture, missing reports).</summary>
public static class ComplianceApi
{
    /// <summary>An acknowledgement not given by its deadline.</summary>
    public sealed record OverdueAcknowledgement(string Country, string ItemKey, string Sender, long Sequence, DateTimeOffset RelayedAt, DateTimeOffset DueAt, DateTimeOffset? EscalatedAt);

    /// <summary>The state of compliance now.</summary>
    public sealed record ComplianceView(DateTimeOffset AsOf, IReadOnlyList<OverdueAcknowledgement> OverdueAcknowledgements);

    /// <summary>Maps <c>/api/compliance</c>.</summary>
    public static RouteGroupBuilder MapComplianceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/compliance").WithTags("Compliance").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/", GetAsync).WithSummary("Overdue acknowledgements, by country");
        return group;
    }

    static async Task<Ok<ComplianceView>> GetAsync(AggregatorDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var overdue = await db.Relays.AsNoTracking()
            .Where(r => r.DueAt != null && r.DueAt <= now && r.AcknowledgedAt == null)
            .OrderBy(r => r.Recipient).ThenBy(r => r.Sequence)
            .Select(r => new OverdueAcknowledgement(r.Recipient, r.Item.ItemKey, r.Item.Source, r.Sequence, r.RelayedAt, r.DueAt!.Value, r.EscalatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ComplianceView(now, overdue));
    }
}
