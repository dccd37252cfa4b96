using BalkanHub.ServiceDefaults.Hosting;
using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using BalkanHub.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BalkanHub.ServiceDefaults.Http;

/// <summary>Limits on what one caller can send. Section <c>Limits</c>.</summary>
public sealed class RequestLimitOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Limits";

    /// <summary>Largest request body accepted (default 256 KiB; a daily report is a few KiB). <c>Limits:MaxRequestBodyBytes</c>.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Requests each participant (or, before sign-in, each address) may make per second, sustained. <c>Limits:PerSecond</c>.</summary>
    [Range(1, 100_000)]
    public int PerSecond { get; set; } = 20;

    /// <summary>Requests a participant may make at once above that rate. <c>Limits:Burst</c>.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 200;
}

/// <summary>
/// Request size limits and a rate limit per participant. One country's misbehaving system cannot
/// crowd out the others, and a flood is refused before it is audited, stored or published.
/// </summary>
public static class RequestLimits
{
    /// <summary>Registers the limits.</summary>
    public static IHostApplicationBuilder AddRequestLimits(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.ReadValidated<RequestLimitOptions>(RequestLimitOptions.Section);
        builder.Services.AddSingleton(options);
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.AddSingleton<ParticipantRateLimiter>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.Configure<Microsoft.AspNetCore.SignalR.HubOptions>(o => Microsoft.AspNetCore.SignalR.HubOptionsExtensions.AddFilter<HubCallLimits>(o));
        builder.Services.AddOptions<RateLimiterOptions>().Configure<ParticipantRateLimiter>((o, participants) =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Health probes are never limited; everything else draws on the caller's bucket, which hub calls share.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)
                    ? RateLimitPartition.GetNoLimiter("health")
                    : RateLimitPartition.Get(PartitionKey(context), key => new SharedBucket(participants.Buckets, key)));
            o.OnRejected = (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = "Slow down and retry after a second." },
                }).AsTask());
            };
        });
        return builder;
    }

    static string PartitionKey(HttpContext context) => context.User.Country() ?? $"address:{context.Connection.RemoteIpAddress}";

    /// <summary>One participant's bucket in <see cref="ParticipantRateLimiter"/>, seen as a limiter of its own.</summary>
    sealed class SharedBucket(PartitionedRateLimiter<string> buckets, string key) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => buckets.GetStatistics(key);

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => buckets.AttemptAcquire(key, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            buckets.AcquireAsync(key, permitCount, cancellationToken);
    }

    /// <summary>
    /// Refuses a body larger than the limit with 413 before reading it, also where the server itself
    /// enforces no limit (in-process test hosts). Place it first.
    /// </summary>
    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.RequestServices.GetRequiredService<RequestLimitOptions>().MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
            throw new Microsoft.AspNetCore.Http.BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
        await next(context);
    });
}
