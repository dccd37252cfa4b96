
namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>
/// The real clock under the hub's, for what guards access (token and cookie lifetimes): a replayed day of
/// five seconds must not expire a sign-in. The hub's clock is the injected <see cref="TimeProvider"/>;
/// where it may replay a scenario, the network's registration (BalkanHub.Messaging's <c>AddHubClock</c>)
/// also registers the real one under <see cref="Key"/>. Without that registration the hub's clock is real.
/// </summary>
public static class RealClock
{
    /// <summary>The service key the real clock is registered under.</summary>
    public const string Key = "real-time";

    /// <summary>The real clock: the one registered under <see cref="Key"/>, else the hub's own, else the system's.</summary>
    public static TimeProvider Of(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetKeyedService<TimeProvider>(Key) ?? services.GetService<TimeProvider>() ?? TimeProvider.System;
    }
}
