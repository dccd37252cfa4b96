using BalkanHub.Domain.Route;
using BalkanHub.ServiceDefaults.Hosting;
using BalkanHub.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BalkanHub.Messaging.Hosting;

/// <summary>
/// What every node of the hub's network shares beyond its host (BalkanHub.ServiceDefaults): the route
/// and the hub's clock. Both programs call <see cref="AddHubNetwork"/> right after <c>AddServiceDefaults</c>.
/// </summary>
public static class HubNetworkExtensions
{
    /// <summary>
    /// The hub's clock (the system clock, or in a Development replay the scenario clock) and the route
    /// file, checked before the service starts.
    /// </summary>
    public static IHostApplicationBuilder AddHubNetwork(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddHubClock();
        builder.AddRoute();
        return builder;
    }

    /// <summary>
    /// Loads the route file named by <c>Route:Path</c> and checks it before the service starts, and offers
    /// its participants to the development sign-in page.
    /// </summary>
    public static IHostApplicationBuilder AddRoute(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<RouteOptions>(RouteOptions.Section);
        builder.Services.TryAddSingleton(sp =>
            RouteMap.Load(sp.GetRequiredService<IOptions<RouteOptions>>().Value.Resolve(builder.Environment.ContentRootPath)));
        builder.Services.TryAddSingleton(sp => new DevelopmentParticipants(
            [.. sp.GetRequiredService<RouteMap>().Participants.Select(p => new DevelopmentParticipant(p.Code, p.Name, p.Role))]));
        return builder;
    }
}
