using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BalkanHub.Testing;

/// <summary>What the consumer tests on MassTransit's in-memory harness share.</summary>
public static class HarnessServices
{
    /// <summary>
    /// Removes every hosted service but MassTransit's: the harness starts all that are registered, and a
    /// service's deadlines, outbox dispatcher and broker-side helpers would act on their own timing (or
    /// look for a broker). What a consumer writes then stays where it wrote it, for the test to read.
    /// </summary>
    public static IServiceCollection WithoutBackgroundServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService) && !FromMassTransit(d)).ToList())
            services.Remove(hosted);
        return services;
    }

    static bool FromMassTransit(ServiceDescriptor descriptor) =>
        (descriptor.ImplementationType ?? descriptor.ImplementationFactory?.Method.DeclaringType ?? descriptor.ImplementationInstance?.GetType())?
            .Assembly.GetName().Name?.StartsWith("MassTransit", StringComparison.Ordinal) == true;
}
