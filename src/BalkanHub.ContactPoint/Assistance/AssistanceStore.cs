using Microsoft.EntityFrameworkCore.Metadata.Builders;
using BalkanHub.Domain.Assistance;

namespace BalkanHub.ContactPoint.Assistance;

/// <summary>This country's needs analyses.</summary>
public sealed class StoredNeedsAnalysis
{
    /// <summary>The analysis.</summary>
    public Guid Id { get; set; }

    /// <summary>Its title.</summary>
    public required string Title { get; set; }

    /// <summary>What is needed, as JSON.</summary>
    public required string Items { get; set; }

    /// <summary><c>open</c>, <c>requested</c> or <c>closed</c>.</summary>
    public NeedsAnalysisStatus Status { get; set; }

    /// <summary>When it was opened.</summary>
    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>When it is due.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>The request it became.</summary>
    public Guid? RequestId { get; set; }

    /// <summary>Plan points, as JSON.</summary>
    public string? PlanPoints { get; set; }

    /// <summary>Exercise traffic: shown marked as such.</summary>
    public bool Exercise { get; set; }
}

/// <summary>A request this contact point knows: its own, or one relayed to it.</summary>
public sealed class StoredRequest : StoredRequestFacts
{
    /// <summary>The request.</summary>
    public Guid Id { get; set; }

    /// <summary>Plan points, as JSON.</summary>
    public string? PlanPoints { get; set; }
}

/// <summary>An offer this contact point knows: its own, or one against its own request.</summary>
public sealed class StoredOffer : StoredOfferFacts
{
    /// <summary>The offer.</summary>
    public Guid Id { get; set; }
}

/// <summary>
/// Keeps this contact point's view of requests and offers up to date from what the aggregator relays,
/// in the inbox's transaction, so what an officer may do next is checked against what the hub said.
/// </summary>
public static class AssistanceProjection
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>Applies one relayed item, if it is about assistance. Applying the same item twice changes nothing.</summary>
    public static async Task ApplyAsync(ContactPointDb db, string messageType, JsonElement payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        switch (messageType)
        {
            case nameof(AssistanceRequested):
                var requested = payload.Deserialize<AssistanceRequested>(Json)!;
                if (!await db.AssistanceRequests.AnyAsync(r => r.Id == requested.RequestId, cancellationToken))
                    db.AssistanceRequests.Add(Row(requested));
                break;
            case nameof(AssistanceRequestWithdrawn):
                var withdrawn = payload.Deserialize<AssistanceRequestWithdrawn>(Json)!;
                await SetRequestAsync(db, withdrawn.RequestId, RequestStatus.Withdrawn, cancellationToken);
                break;
            case nameof(AssistanceRequestClosed):
                var closed = payload.Deserialize<AssistanceRequestClosed>(Json)!;
                await SetRequestAsync(db, closed.RequestId, closed.Status, cancellationToken);
                break;
            case nameof(AssistanceOffered):
                var offered = payload.Deserialize<AssistanceOffered>(Json)!;
                if (!await db.AssistanceOffers.AnyAsync(o => o.Id == offered.OfferId, cancellationToken))
                    db.AssistanceOffers.Add(Row(offered));
                break;
            case nameof(OfferStatusChanged):
                var changed = payload.Deserialize<OfferStatusChanged>(Json)!;
                // "Delivered" may be consumed before "dispatched": an older step never overwrites a newer one.
                if (await db.AssistanceOffers.FirstOrDefaultAsync(o => o.Id == changed.OfferId, cancellationToken) is { } offer
                    && AssistanceRules.Stage(changed.Status) > AssistanceRules.Stage(offer.Status))
                {
                    offer.Status = changed.Status;
                    offer.ChangedAt = changed.ChangedAt;
                }
                break;
        }
    }

    static async Task SetRequestAsync(ContactPointDb db, Guid id, RequestStatus status, CancellationToken cancellationToken)
    {
        if (await db.AssistanceRequests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } request)
            request.Status = status;
    }

    /// <summary>A request as stored.</summary>
    public static StoredRequest Row(AssistanceRequested m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new StoredRequest
        {
            Id = m.RequestId, Country = m.Country, Title = m.Title, Items = JsonSerializer.Serialize(m.Items, Json), Status = RequestStatus.Open,
            RequestedAt = m.RequestedAt, NeedsAnalysisId = m.NeedsAnalysisId, PlanPoints = m.PlanPoints is null ? null : JsonSerializer.Serialize(m.PlanPoints, Json),
            Exercise = m.Exercise,
        };
    }

    /// <summary>An offer as stored.</summary>
    public static StoredOffer Row(AssistanceOffered m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new StoredOffer
        {
            Id = m.OfferId, RequestId = m.RequestId, Requester = m.Requester, Offerer = m.Country, Items = JsonSerializer.Serialize(m.Items, Json),
            Status = OfferStatus.Offered, OfferedAt = m.OfferedAt, ChangedAt = m.OfferedAt, Exercise = m.Exercise,
        };
    }

    /// <summary>Items stored as JSON.</summary>
    public static IReadOnlyList<AssistanceItem> Items(string json) => JsonSerializer.Deserialize<List<AssistanceItem>>(json, Json) ?? [];

    /// <summary>Plan points stored as JSON.</summary>
    public static IReadOnlyList<int>? Points(string? json) => json is null ? null : JsonSerializer.Deserialize<List<int>>(json, Json);
}

internal sealed class StoredNeedsAnalysisConfiguration : IEntityTypeConfiguration<StoredNeedsAnalysis>
{
    public void Configure(EntityTypeBuilder<StoredNeedsAnalysis> builder)
    {
        builder.HasKey(n => n.Id);
        // Stored by its wire name, as the rows before the enum were.
        builder.Property(n => n.Status).HasConversion(v => EnumNames.NameOf(v), v => EnumNames.Parse<NeedsAnalysisStatus>(v));
    }
}

internal sealed class StoredRequestConfiguration : IEntityTypeConfiguration<StoredRequest>
{
    public void Configure(EntityTypeBuilder<StoredRequest> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.Country, r.Status });
    }
}

internal sealed class StoredOfferConfiguration : IEntityTypeConfiguration<StoredOffer>
{
    public void Configure(EntityTypeBuilder<StoredOffer> builder)
    {
        builder.HasKey(o => o.Id);
        builder.HasIndex(o => o.RequestId);
    }
}
