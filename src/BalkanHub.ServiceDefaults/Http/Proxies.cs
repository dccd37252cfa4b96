using BalkanHub.ServiceDefaults.Hosting;
using System.ComponentModel.DataAnnotations;
using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BalkanHub.ServiceDefaults.Http;

/// <summary>
/// The reverse proxies (ingress, load balancer) allowed to say who the client is. Section <c>Proxies</c>.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Proxies";

    /// <summary>Addresses of trusted proxies: <c>Proxies:Known:0</c> = <c>10.0.0.5</c>.</summary>
    public IList<string> Known { get; } = [];

    /// <summary>Networks of trusted proxies, in CIDR: <c>Proxies:KnownNetworks:0</c> = <c>10.42.0.0/16</c> (a cluster's pod network).</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Known.Count; i++)
            if (!IPAddress.TryParse(Known[i], out _))
                yield return new ValidationResult($"Proxies:Known:{i} is '{Known[i]}', not an IP address.", [nameof(Known)]);
        for (var i = 0; i < KnownNetworks.Count; i++)
            if (!IPNetwork.TryParse(KnownNetworks[i], out _))
                yield return new ValidationResult($"Proxies:KnownNetworks:{i} is '{KnownNetworks[i]}', not a network in CIDR notation (10.42.0.0/16).", [nameof(KnownNetworks)]);
    }
}

/// <summary>
/// Behind an ingress every request comes from the proxy's address over plain HTTP. The proxy names the
/// client in <c>X-Forwarded-For</c> and the scheme in <c>X-Forwarded-Proto</c>; those headers are
/// believed from the configured proxies only (none by default, not even loopback), since anyone else
/// could write them to dodge a rate limit or blur the audit trail.
/// </summary>
public static class Proxies
{
    /// <summary>Trusts X-Forwarded-For, -Proto and -Host from the proxies in <see cref="ProxyOptions"/>.</summary>
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var proxies = builder.ReadValidated<ProxyOptions>(ProxyOptions.Section);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // With no proxy named, the headers are not read at all: the middleware believes anyone when
            // both of its lists are empty, and loopback alone would let every local process forge them.
            o.ForwardedHeaders = proxies.Known.Count + proxies.KnownNetworks.Count == 0 ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Loopback is trusted by default; here only what the operator names is. The obsolete list still
            // holds the default 127.0.0.0/8 and is still consulted, so it is emptied as well.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005, CS0618
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005, CS0618
            foreach (var address in proxies.Known)
                o.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in proxies.KnownNetworks)
                o.KnownIPNetworks.Add(IPNetwork.Parse(network));
            // One proxy in front: the client is the last address it appended, not one a client wrote itself.
            o.ForwardLimit = 1;
        });
        return builder;
    }
}
