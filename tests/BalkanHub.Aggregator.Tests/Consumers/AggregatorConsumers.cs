using BalkanHub.Aggregator.Data;
using BalkanHub.Domain.Signing;
using BalkanHub.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace BalkanHub.Aggregator.Tests.Consumers;

/// <summary>
/// The aggregator's consumers composed as the service composes them (<c>AddServiceDefaults</c>,
/// <c>AddAggregator</c>) on the in-memory harness (<see cref="HarnessConsumers{TDb}"/>). Signatures are
/// required and checked against a trusted-keys file, as in production; <see cref="Signed"/> signs as a
/// country's contact point does. What a consumer relays stays in the outbox (its dispatcher does not run),
/// where a test reads the rows the relays would be sent from.
/// </summary>
sealed class AggregatorConsumers() : HarnessConsumers<AggregatorDb>("aggregator")
{
    SigningKeys Keys => _keys ??= new SigningKeys(Path.Combine(DataDir, "keys"));
    SigningKeys? _keys;

    public static async Task<AggregatorConsumers> StartAsync()
    {
        var consumers = new AggregatorConsumers();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Aggregator"] = $"Data Source={Path.Combine(consumers.DataDir, "aggregator.db")}",
            ["Signing:Required"] = "true",
            ["Signing:TrustedKeysPath"] = consumers.Keys.TrustedKeysPath,
        };
        await consumers.StartAsync(typeof(AggregatorExtensions), settings, builder =>
        {
            // The harness starts every hosted service, the web server too: an in-memory one, so no port is taken.
            builder.WebHost.UseTestServer();
            builder.AddServiceDefaults();
            builder.AddAggregator();
        }, services => services.InitializeDatabaseAsync<AggregatorDb>("Aggregator"));
        return consumers;
    }

    /// <summary>The message as <paramref name="country"/>'s contact point signs it.</summary>
    public T Signed<T>(string country, T message) where T : class
    {
        using var signer = OriginSigner.FromPem(File.ReadAllText(Keys.PrivateKeyPath(country)), SigningKeys.KeyId(country));
        return signer.Sign(message);
    }
}
