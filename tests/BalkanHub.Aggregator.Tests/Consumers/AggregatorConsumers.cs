using BalkanHub.Aggregator.Data;
using BalkanHub.Domain.Signing;
using BalkanHub.Messaging.Hosting;
using BalkanHub.ServiceDefaults.Hosting;
using BalkanHub.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BalkanHub.Aggregator.Tests.Consumers;

/// <summary>
/// The aggregator's consumers composed as the service composes them (<c>AddServiceDefaults</c>, <c>AddHubNetwork</c>,
/// <c>AddAggregator</c>), on a SQLite file of their own, with MassTransit's in-memory test harness in
/// place of RabbitMQ: no broker, no web server, no background services. Signatures are required and
/// checked against a trusted-keys file, as in production; <see cref="Signed"/> signs as a country's
/// contact point does. What a consumer relays stays in the outbox (its dispatcher does not run), where
/// a test reads the rows the relays would be sent from.
/// </summary>
sealed class AggregatorConsumers : IAsyncDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("balkanhub-aggregator-consumers.").FullName;
    WebApplication _app = null!;

    public ITestHarness Harness { get; private set; } = null!;

    SigningKeys Keys => _keys ??= new SigningKeys(Path.Combine(_dataDir, "keys"));
    SigningKeys? _keys;

    public static async Task<AggregatorConsumers> StartAsync()
    {
        var consumers = new AggregatorConsumers();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ApplicationName = typeof(AggregatorExtensions).Assembly.GetName().Name,
            // deploy/route.json and deploy/commitments.json are found from here, as from a clone.
            ContentRootPath = Repository.Root,
        });
        // The harness starts every hosted service, the web server too: an in-memory one, so no port is taken.
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:DevelopmentKey"] = new DevelopmentKey().Base64,
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Aggregator"] = $"Data Source={Path.Combine(consumers._dataDir, "aggregator.db")}",
            ["Route:Path"] = Repository.RouteFile,
            // The in-memory transport carries no AMQP user id; the origin is proven by signature alone here.
            ["RabbitMq:VerifySenders"] = "false",
            ["Signing:Required"] = "true",
            ["Signing:TrustedKeysPath"] = consumers.Keys.TrustedKeysPath,
        });
        builder.AddServiceDefaults();
        builder.AddHubNetwork();
        builder.AddAggregator();
        // No deadlines, outbox dispatcher or broker-side helpers: what a consumer writes stays for the test to read.
        builder.Services.WithoutBackgroundServices();
        // A loaded machine can leave the bus idle for seconds between a publish and its delivery: wait for
        // the message itself (a match returns at once), never for a short lull.
        // Replaces the RabbitMQ bus with the in-memory one; the consumers AddAggregator registered stay.
        builder.Services.AddMassTransitTestHarness(x => x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(2), testInactivityTimeout: TimeSpan.FromMinutes(2)));
        consumers._app = builder.Build();
        await consumers._app.Services.InitializeDatabaseAsync<AggregatorDb>("Aggregator");
        consumers.Harness = consumers._app.Services.GetRequiredService<ITestHarness>();
        await consumers.Harness.Start();
        return consumers;
    }

    /// <summary>The message as <paramref name="country"/>'s contact point signs it.</summary>
    public T Signed<T>(string country, T message) where T : class
    {
        using var signer = OriginSigner.FromPem(File.ReadAllText(Keys.PrivateKeyPath(country)), SigningKeys.KeyId(country));
        return signer.Sign(message);
    }

    /// <summary>Publishes as a contact point would and returns once a consumer has finished with it (faulted or not).</summary>
    public async Task<IReceivedMessage<T>> ConsumeAsync<T>(T message, Guid? messageId = null) where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        await Harness.Bus.Publish(message, c => c.MessageId = id);
        var consumed = await Harness.Consumed.SelectAsync<T>(m => m.Context.MessageId == id).FirstOrDefault();
        Assert.That(consumed, Is.Not.Null, $"a {typeof(T).Name} ({id}) to be consumed");
        return consumed!;
    }

    /// <summary>Runs a query against the aggregator's database.</summary>
    public async Task<T> QueryAsync<T>(Func<AggregatorDb, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AggregatorDb>());
    }

    public async ValueTask DisposeAsync()
    {
        if (Harness is not null)
            await Harness.Stop();
        if (_app is not null)
            await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }
}
