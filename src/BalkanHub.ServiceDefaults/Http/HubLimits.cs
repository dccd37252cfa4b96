using System.Threading.RateLimiting;
using BalkanHub.ServiceDefaults.Security;
using Microsoft.AspNetCore.SignalR;

namespace BalkanHub.ServiceDefaults.Http;

/// <summary>
/// The HTTP API's bounds, applied to SignalR hub methods: a page of 1 to <see cref="Paging.MaxLimit"/>
/// items, and the same per-participant rate limit. Hub calls travel inside one long-lived connection,
/// which the HTTP rate limiter counts once, so without this a client could read without limit.
/// </summary>
public static class HubLimits
{
    /// <summary>Gives <paramref name="limit"/> back, or refuses the call as the HTTP API refuses the request.</summary>
    public static int Check(int limit, long after)
    {
        if (limit is < 1 or > Paging.MaxLimit)
            throw new HubException($"limit must be between 1 and {Paging.MaxLimit}.");
        if (after < 0)
            throw new HubException("after must not be negative.");
        return limit;
    }
}

/// <summary>
/// The token buckets of <see cref="RequestLimits"/>, one per participant (or address before sign-in),
/// shared by HTTP requests and hub method calls so that both draw on one budget.
/// </summary>
public sealed class ParticipantRateLimiter(RequestLimitOptions options) : IDisposable
{
    /// <summary>The buckets, by partition key.</summary>
    public PartitionedRateLimiter<string> Buckets { get; } = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst,
            TokensPerPeriod = options.PerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <inheritdoc />
    public void Dispose() => Buckets.Dispose();
}

/// <summary>Refuses a hub method call beyond the caller's rate, as HTTP answers 429.</summary>
public sealed class HubCallLimits(ParticipantRateLimiter limiter) : IHubFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var context = invocationContext.Context;
        var key = context.User?.Country() ?? $"address:{context.GetHttpContext()?.Connection.RemoteIpAddress}";
        using var lease = limiter.Buckets.AttemptAcquire(key);
        if (!lease.IsAcquired)
            throw new HubException("Too many requests: slow down and retry after a second.");
        return await next(invocationContext);
    }
}
