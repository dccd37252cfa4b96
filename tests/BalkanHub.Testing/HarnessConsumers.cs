using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BalkanHub.Testing;

/// <summary>
/// A service's consumers composed as the service composes them, on a SQLite file of their own, with
/// MassTransit's in-memory test harness in place of RabbitMQ: no broker, no background services. The
/// aggregator's and a contact point's consumer tests derive from it; each names what composes its service
/// and the settings only it has, so the two hosts cannot drift apart in how they stand in for a service.
/// </summary>
/// <typeparam name="TDb">The service's database context, which <see cref="QueryAsync{T}"/> reads.</typeparam>
public abstract class HarnessConsumers<TDb> : IAsyncDisposable where TDb : notnull
{
    WebApplication? _app;

    /// <param name="name">Names the temporary folder, so that one left behind says whose it was.</param>
    protected HarnessConsumers(string name) =>
        DataDir = Directory.CreateTempSubdirectory($"balkanhub-{name}-consumers.").FullName;

    /// <summary>The folder of the service's database file and signing keys, deleted with the host.</summary>
    protected string DataDir { get; }

    public ITestHarness Harness { get; private set; } = null!;

    /// <summary>
    /// Builds the service <paramref name="compose"/> registers (its assembly named by <paramref name="service"/>)
    /// on <paramref name="settings"/>, brings its database up to date and starts the harness.
    /// </summary>
    protected async Task StartAsync(Type service, IDictionary<string, string?> settings, Action<WebApplicationBuilder> compose, Func<IServiceProvider, Task> initializeDatabase)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(compose);
        ArgumentNullException.ThrowIfNull(initializeDatabase);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ApplicationName = service.Assembly.GetName().Name,
            // deploy/route.json and deploy/commitments.json are found from here, as from a clone.
            ContentRootPath = Repository.Root,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:DevelopmentKey"] = new DevelopmentKey().Base64,
            ["Route:Path"] = Repository.RouteFile,
            // The in-memory transport carries no AMQP user id: the broker-side check of who sent a message
            // cannot run, and a message's origin is proven by its signature alone here.
            ["RabbitMq:VerifySenders"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        compose(builder);
        // No deadlines, outbox dispatcher or broker-side helpers: what a consumer writes stays for the test to read.
        builder.Services.WithoutBackgroundServices();
        // A loaded machine can leave the bus idle for seconds between a publish and its delivery: wait for
        // the message itself (a match returns at once), never for a short lull.
        // Replaces the RabbitMQ bus with the in-memory one; the consumers the service registered stay.
        builder.Services.AddMassTransitTestHarness(x => x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(2), testInactivityTimeout: TimeSpan.FromMinutes(2)));
        _app = builder.Build();
        await initializeDatabase(_app.Services);
        Harness = _app.Services.GetRequiredService<ITestHarness>();
        await Harness.Start();
    }

    /// <summary>
    /// Publishes as the message's sender would (a contact point to the aggregator, the aggregator to a
    /// contact point) and returns once a consumer has finished with it (faulted or not).
    /// </summary>
    public async Task<IReceivedMessage<T>> ConsumeAsync<T>(T message, Guid? messageId = null) where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        await Harness.Bus.Publish(message, c => c.MessageId = id);
        var consumed = await Harness.Consumed.SelectAsync<T>(m => m.Context.MessageId == id).FirstOrDefault();
        Assert.That(consumed, Is.Not.Null, $"a {typeof(T).Name} ({id}) to be consumed");
        return consumed!;
    }

    /// <summary>Runs a query against the service's database.</summary>
    public async Task<T> QueryAsync<T>(Func<TDb, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var scope = _app!.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TDb>());
    }

    public async ValueTask DisposeAsync()
    {
        if (Harness is not null)
            await Harness.Stop();
        if (_app is not null)
            await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
