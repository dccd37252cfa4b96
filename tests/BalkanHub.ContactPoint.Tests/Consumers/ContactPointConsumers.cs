using BalkanHub.ContactPoint.Data;
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

namespace BalkanHub.ContactPoint.Tests.Consumers;

/// <summary>
/// A contact point's consumers composed as the service composes them (<c>AddServiceDefaults</c>, <c>AddHubNetwork</c>,
/// <c>AddContactPoint</c>), on a SQLite file of their own, with MassTransit's in-memory test harness in
/// place of RabbitMQ: no broker, no web server, no background services.
/// </summary>
sealed class ContactPointConsumers : IAsyncDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("balkanhub-contact-point-consumers.").FullName;
    WebApplication _app = null!;

    public ITestHarness Harness { get; private set; } = null!;

    public static async Task<ContactPointConsumers> StartAsync(string country)
    {
        var consumers = new ContactPointConsumers();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ApplicationName = typeof(ContactPointExtensions).Assembly.GetName().Name,
            ContentRootPath = Repository.Root,
        });
        var settings = new Dictionary<string, string?>
        {
            ["Auth:DevelopmentKey"] = new DevelopmentKey().Base64,
            ["ContactPoint:Country"] = country,
            ["ConnectionStrings:ContactPoint"] = $"Data Source={Path.Combine(consumers._dataDir, "contact-point.db")}",
            ["Route:Path"] = Repository.RouteFile,
            // The in-memory transport carries no AMQP user id to tell the aggregator's relays from others.
            ["RabbitMq:VerifySenders"] = "false",
        };
        foreach (var (setting, value) in new SigningKeys(Path.Combine(consumers._dataDir, "keys")).ContactPointSettings(country))
            settings[setting] = value;
        // The harness starts every hosted service, the web server too: an in-memory one, so no port is taken.
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddHubNetwork();
        builder.AddContactPoint();
        builder.Services.WithoutBackgroundServices();
        // A loaded machine can leave the bus idle for seconds between a publish and its delivery: wait for
        // the message itself (a match returns at once), never for a short lull.
        // Replaces the RabbitMQ bus with the in-memory one; the consumers AddContactPoint registered stay.
        builder.Services.AddMassTransitTestHarness(x => x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(2), testInactivityTimeout: TimeSpan.FromMinutes(2)));
        consumers._app = builder.Build();
        await consumers._app.Services.InitializeDatabaseAsync<ContactPointDb>("ContactPoint");
        consumers.Harness = consumers._app.Services.GetRequiredService<ITestHarness>();
        await consumers.Harness.Start();
        return consumers;
    }

    /// <summary>Sends as the aggregator would and returns once the consumer has finished with it (faulted or not).</summary>
    public async Task<IReceivedMessage<T>> ConsumeAsync<T>(T message, Guid? messageId = null) where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        await Harness.Bus.Publish(message, c => c.MessageId = id);
        var consumed = await Harness.Consumed.SelectAsync<T>(m => m.Context.MessageId == id).FirstOrDefault();
        Assert.That(consumed, Is.Not.Null, $"a {typeof(T).Name} ({id}) to be consumed");
        return consumed!;
    }

    public async Task<T> QueryAsync<T>(Func<ContactPointDb, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ContactPointDb>());
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
