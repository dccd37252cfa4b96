namespace BalkanHub.ServiceDefaults.OpenApi;

/// <summary>What a service adds to the shared OpenAPI description: who its policies admit, and its examples.</summary>
public sealed class HubOpenApiOptions
{
    /// <summary>
    /// Authorization policy name to the people it admits, in words ("an officer of this country"). The
    /// policies are assertions that cannot be read back, so each service says it once here.
    /// </summary>
    public IDictionary<string, string> Policies { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The examples of request bodies and responses.</summary>
    public ExampleCatalog Examples { get; } = new();
}
