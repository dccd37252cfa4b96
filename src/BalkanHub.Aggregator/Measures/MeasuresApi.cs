using System.Text.Json;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Domain.Measures;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BalkanHub.Aggregator.Measures;

/// <summary>Every country's measures for the Commission: status, lead time, short notice and who has acknowledged.</summary>
public static class MeasuresApi
{
    /// <summary>Maps <c>/api/measures</c>.</summary>
    public static RouteGroupBuilder MapMeasuresApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/measures").WithTags("Measures").RequireAuthorization(AggregatorPolicies.Reader);
        group.MapGet("/", ListAsync)
            .WithSummary("Measures with status, lead time and acknowledgements, and each country's announcement figures")
            .WithDescription("A measure announced less than Measures:MinimumNotice (default 24 h) before it takes effect is short notice. " +
                "In announcement order; filter by country; page with limit and after (the `next` of the previous page, a measure id). The figures cover every country's measures, whatever the filter.");
        return group;
    }

    static async Task<Results<Ok<MeasuresView>, ValidationProblem>> ListAsync(
        AggregatorDb db, TimeProvider clock, IOptions<MeasureOptions> options, string? country, int? limit, string? after, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take, out var badLimit))
            return badLimit!;
        var now = clock.GetUtcNow();
        var all = await db.Measures.AsNoTracking().OrderBy(m => m.AnnouncedAt).ThenBy(m => m.MeasureId).ToListAsync(cancellationToken);
        // Exercise measures are listed, marked, but no real figure moves because of them.
        var figures = all.Where(m => !m.Exercise).GroupBy(m => m.Country).ToDictionary(g => g.Key, g => Figures(g, options.Value));

        var page = all.Where(m => country is null || m.Country == country)
            .SkipWhile(m => after is not null && m.MeasureId.ToString() != after).Skip(after is null ? 0 : 1)
            .Take(take + 1).ToList();
        // The acknowledgements that stand are those of the latest revision that asked for them: one covers the
        // automatic steps after it (took effect, lifted), which ask nobody.
        var ids = page.Select(m => m.MeasureId).ToList();
        var asked = await db.MeasureRevisions.AsNoTracking()
            .Where(r => ids.Contains(r.MeasureId) && r.Relayed)
            .Select(r => new { r.MeasureId, r.Revision, r.MessageType })
            .ToListAsync(cancellationToken);
        var standing = asked.Where(r => MeasureConsumer.AsksForAcknowledgement(r.MessageType))
            .GroupBy(r => r.MeasureId).ToDictionary(g => g.Key, g => ItemKeys.Measure(g.Key, g.Max(r => r.Revision)));
        var keys = standing.Values.ToList();
        var acknowledgements = (await db.Relays.AsNoTracking()
                .Where(r => keys.Contains(r.Item.ItemKey) && r.Recipient != RelayRecipients.Feed)
                .Select(r => new { r.Item.ItemKey, r.Recipient, r.Sequence, r.AcknowledgedAt, r.DueAt })
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.ItemKey, r => new AcknowledgementStatus(r.Recipient, r.Sequence, r.AcknowledgedAt, r.DueAt, r.AcknowledgedAt is null && r.DueAt <= now));

        var items = page.Select(m =>
        {
            var notice = JsonSerializer.Deserialize<MeasureNotice>(m.Notice, JsonSerializerOptions.Web)!;
            var lead = LeadTime.Of(notice);
            return new MeasureSummary(notice, MeasureLifecycle.StatusAt(notice, now), lead.Hours, lead.IsShortNotice(options.Value),
                [.. (standing.TryGetValue(m.MeasureId, out var key) ? acknowledgements[key] : []).OrderBy(a => a.Country, StringComparer.Ordinal)],
                lead.IsRetroactive, lead.Describe());
        }).ToList();
        var next = items.Count > take ? items[take - 1].Measure.MeasureId.ToString() : null;
        return TypedResults.Ok(new MeasuresView(items.Take(take).ToList(), figures, next));
    }

    static CountryFigures Figures(IEnumerable<StoredMeasure> measures, MeasureOptions options)
    {
        var leads = measures.Select(m => new LeadTime(m.EffectiveFrom - m.AnnouncedAt)).ToList();
        return new CountryFigures(leads.Count, LeadTime.MedianHours(leads), leads.Count(l => l.IsShortNotice(options)), leads.Count(l => l.IsRetroactive));
    }
}
