
namespace BalkanHub.ServiceDefaults.OpenApi;

/// <summary>The OpenAPI document every service serves at <c>/openapi/v1.json</c>, with its shared transformers.</summary>
public static class HubOpenApiExtensions
{
    /// <summary>Adds the document with the error answers, access, examples and health probes filled in.</summary>
    public static IServiceCollection AddHubOpenApi(this IServiceCollection services)
    {
        services.AddOptions<HubOpenApiOptions>();
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<HubDocument>();
            o.AddOperationTransformer<ProblemResponses>();
            o.AddOperationTransformer<OperationExamples>();
        });
        return services;
    }

    /// <summary>Says who a service's policies admit and adds its examples.</summary>
    public static IServiceCollection ConfigureHubOpenApi(this IServiceCollection services, Action<HubOpenApiOptions> configure) =>
        services.Configure(configure);
}
