using BalkanHub.Domain.Time;
using System.ComponentModel.DataAnnotations;

namespace BalkanHub.ContactPoint.Inbox;

/// <summary>How the inbox repairs its gaps. Section <c>Inbox</c>.</summary>
public sealed class InboxOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Inbox";

    /// <summary>
    /// How long a later relay may wait for an earlier one before the gap is reported (default 20 s).
    /// Relays overtake each other by milliseconds when consumed in parallel; a longer gap means one is lost.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan GapGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the inbox looks for gaps (default 5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan GapCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Finds relays that never arrived. The inbox shows items only up to its gap-free watermark, so one
/// lost relay would hide everything after it. When a later relay has waited longer than
/// <see cref="InboxOptions.GapGrace"/>, the missing sequences go to the aggregator in a signed
/// <see cref="RelayGapReported"/>, through the outbox, and the aggregator sends them again. A gap that
/// persists is reported again after each grace period. A missing tail (no later relay arrived, but the
/// aggregator announced a higher sequence in a <see cref="RelayTailAnnounced"/>) is reported the same way
/// once the announcement is older than the grace period.
/// </summary>
public sealed partial class InboxGapWatch(
    IServiceScopeFactory scopes, RelayTail tail, IOptions<InboxOptions> options, IOptions<ContactPointOptions> contactPoint, TimeProvider clock, ILogger<InboxGapWatch> logger)
    : PeriodicCheck(clock, logger)
{
    DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.GapCheckInterval;

    /// <summary>Reports the first gap above the watermark, if it has lasted longer than the grace period.</summary>
    public override async Task CheckAsync(CancellationToken cancellationToken)
    {
        // The grace is machinery (how long a relay may be in flight), so it is measured in real time
        // even where the hub's clock replays a scenario; the report itself carries the hub's time.
        var now = Clock.GetUtcNow();
        var realNow = Clock.RealTime().GetUtcNow();
        var grace = options.Value.GapGrace;
        if (realNow - _lastReport < grace)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactPointDb>();
        var watermark = await InboxStore.WatermarkAsync(db, cancellationToken);
        var next = await db.Inbox.AsNoTracking().Where(i => i.Sequence > watermark)
            .OrderBy(i => i.Sequence).Select(i => new { i.Sequence, i.ReceivedAt }).FirstOrDefaultAsync(cancellationToken);
        long upTo;
        if (next is not null)
        {
            if (Clock.RealAge(next.ReceivedAt) < grace)
                return;
            upTo = next.Sequence - 1;
        }
        else
        {
            // Nothing above the watermark: only the aggregator's announcement can show a lost tail.
            var (announced, heardAt) = tail.Current;
            if (announced <= watermark || realNow - heardAt < grace)
                return;
            upTo = announced;
        }

        var missing = Enumerable.Range(0, (int)Math.Min(upTo - watermark, RelayGapReported.MaxMissing)).Select(i => watermark + 1 + i).ToList();
        var signer = scope.ServiceProvider.GetRequiredService<OriginSigner>();
        var country = contactPoint.Value.Country;
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Publish(signer.Sign(new RelayGapReported { Country = country, Missing = missing, ReportedAt = now }), stream: country, now);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        _lastReport = realNow;
        LogGap(logger, missing.Count, missing[0], next?.Sequence ?? upTo);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relays {Count} from sequence {First} never arrived, though {Later} did or was announced; asked the aggregator to send them again")]
    static partial void LogGap(ILogger logger, int count, long first, long later);
}
