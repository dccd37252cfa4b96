using BalkanHub.ContactPoint.Data;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// One country's contact point on a virtual host of its own, with a SQLite file of its own, and a
/// MassTransit bus that plays the aggregator.
/// </summary>
public sealed class ContactPointHost : IServiceHost
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("balkanhub-contact-point-tests.").FullName;
    WebApplicationFactory<Program> _factory = null!;

    public string Country { get; private init; } = "";

    public Uri Broker { get; private set; } = null!;

    public IBusControl Aggregator { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The development key the host trusts; mint any participant's token with it.</summary>
    public DevelopmentKey Key { get; } = new();

    SigningKeys Signing => _signing ??= new SigningKeys(Path.Combine(_dataDir, "keys"));
    SigningKeys? _signing;

    /// <summary>A client of this host signed in with <paramref name="token"/> (none when null).</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = _factory.CreateClient();
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public WebApplicationFactory<Program> Factory => _factory;

    /// <inheritdoc />
    public IServiceProvider Services => _factory.Services;

    /// <summary>
    /// Starts a contact point for <paramref name="country"/>. By default it runs in Development and
    /// trusts <see cref="Key"/>; <paramref name="configure"/> can change that, as a production one would be.
    /// </summary>
    /// <remarks><paramref name="prepare"/> gets the store's connection string before the contact point starts, to leave a database there as an earlier version would have.</remarks>
    public static async Task<ContactPointHost> StartAsync(string country, Action<IWebHostBuilder>? configure = null, bool waitUntilReady = true, TimeProvider? clock = null,
        Func<string, Task>? prepare = null)
    {
        var host = new ContactPointHost { Country = country };
        var connectionString = $"Data Source={Path.Combine(host._dataDir, "contact-point.db")}";
        if (prepare is not null)
            await prepare(connectionString);
        host.Broker = await SharedBroker.NewVirtualHostAsync("contact-point");
        host._factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development")
            .UseSetting("Auth:DevelopmentKey", host.Key.Base64)
            // A shared development vhost where every party is guest: broker identity is tested on a
            // node loaded with deploy/rabbitmq/definitions.json instead (the integration tests).
            .UseSetting("RabbitMq:VerifySenders", "false")
            .UseSetting("ContactPoint:Country", country)
            .UseSetting("RabbitMq:Uri", host.Broker.ToString())
            .UseSetting("ConnectionStrings:ContactPoint", connectionString)
            .UseSetting("Route:Path", Repository.RouteFile);
            foreach (var (setting, value) in host.Signing.ContactPointSettings(country))
                b.UseSetting(setting, value);
            if (clock is not null)
                b.ConfigureTestServices(services => services.AddSingleton(clock));
            configure?.Invoke(b);
        });
        try
        {
            host.Http = host.ClientWith(host.Key.Token(country, "officer"));
            if (waitUntilReady)
            {
                await Eventually.True(() => Readiness.IsHealthyAsync(host.Http), "the contact point to be ready, its bus connected");
            }
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        host.Aggregator = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(host.Broker.Host, (ushort)host.Broker.Port, host.Broker.AbsolutePath.Trim('/'), h =>
        {
            h.Username("guest");
            h.Password("guest");
        }));
        await host.Aggregator.StartAsync();
        return host;
    }

    /// <summary>Sends to this contact point's own relay queue, as the aggregator does.</summary>
    public async Task SendRelayAsync<T>(T message) where T : class
    {
        var endpoint = await Aggregator.GetSendEndpoint(new Uri($"exchange:contact-point-{Country.ToLowerInvariant()}"));
        await endpoint.Send(message);
    }

    public async Task<T> QueryAsync<T>(Func<ContactPointDb, Task<T>> query)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ContactPointDb>());
    }

    public async ValueTask DisposeAsync()
    {
        if (Aggregator is not null)
            await Aggregator.StopAsync();
        Http?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Broker is not null)
            await SharedBroker.DeleteVirtualHostAsync(Broker);
        if (Directory.Exists(_dataDir))
            Directory.Delete(_dataDir, recursive: true);
    }
}
