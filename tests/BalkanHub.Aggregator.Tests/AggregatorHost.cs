using BalkanHub.Aggregator.Data;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace BalkanHub.Aggregator.Tests;

static class WebHostBuilderExtensions
{
    public static IWebHostBuilder Apply(this IWebHostBuilder builder, Action<IWebHostBuilder>? configure)
    {
        configure?.Invoke(builder);
        return builder;
    }
}

/// <summary>
/// The aggregator on a virtual host of its own on the broker ./test.sh started, with a store of its own
/// (a SQLite file, or a database on the PostgreSQL server ./test.sh started), and a separate MassTransit
/// bus that plays the contact points.
/// </summary>
public sealed class AggregatorHost : IServiceHost
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("balkanhub-aggregator-tests.").FullName;
    WebApplicationFactory<Program> _factory = null!;
    PostgresDatabase? _postgres;

    public WebApplicationFactory<Program> Factory => _factory;

    /// <inheritdoc />
    public IServiceProvider Services => _factory.Services;

    public Uri Broker { get; private set; } = null!;

    public IBusControl ContactPoints { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The development key the host trusts; mint any participant's token with it.</summary>
    public DevelopmentKey Key { get; } = new();

    /// <summary>A client of this host signed in with <paramref name="token"/> (none when null).</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = _factory.CreateClient();
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Starts the aggregator on <paramref name="store"/> (a <c>Database:Provider</c>: Sqlite or Postgres).
    /// <paramref name="clock"/> replaces its clock, for deadlines; <paramref name="configure"/> changes
    /// settings, such as the route file; <paramref name="prepare"/> gets the store's connection string
    /// before the aggregator starts, to leave a database there as an earlier version would have.
    /// </summary>
    public static async Task<AggregatorHost> StartAsync(string store, TimeProvider? clock = null, Action<IWebHostBuilder>? configure = null,
        Func<string, Task>? prepare = null)
    {
        var host = new AggregatorHost();
        host.Broker = await SharedBroker.NewVirtualHostAsync("aggregator");
        var connectionString = $"Data Source={Path.Combine(host._dataDir, "aggregator.db")}";
        if (store == "Postgres")
        {
            host._postgres = await PostgresDatabase.CreateAsync("aggregator_tests");
            connectionString = host._postgres.ConnectionString;
        }
        if (prepare is not null)
            await prepare(connectionString);
        host._factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Development")
            .UseSetting("Auth:DevelopmentKey", host.Key.Base64)
            // A shared development vhost where every party is guest: broker identity is tested on a
            // node loaded with deploy/rabbitmq/definitions.json instead (the integration tests).
            .UseSetting("RabbitMq:VerifySenders", "false")
            .UseSetting("Signing:Required", "false")
            .UseSetting("RabbitMq:Uri", host.Broker.ToString())
            .UseSetting("Database:Provider", store)
            .UseSetting("ConnectionStrings:Aggregator", connectionString)
            .UseSetting("Route:Path", Repository.RouteFile)
            // The report reminder follows the wall clock (two hours before 10:00 UTC): off, so a run between 08:00
            // and 10:00 sees the same relays as any other. When_a_report_is_due_soon turns it on, on a fake clock.
            .UseSetting("Picture:ReminderBeforeDeadline", "00:00:00")
            .ConfigureTestServices(services =>
            {
                if (clock is not null)
                    services.AddSingleton(clock);
            })
            .Apply(configure));
        host.Http = host.ClientWith(host.Key.Token("EU", "commission"));

        await Eventually.True(() => Readiness.IsHealthyAsync(host.Http), "the aggregator to be ready, its bus connected");

        host.ContactPoints = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(host.Broker.Host, (ushort)host.Broker.Port, host.Broker.AbsolutePath.Trim('/'), h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
        });
        await host.ContactPoints.StartAsync();
        return host;
    }

    /// <summary>A context of the provider's own type on <paramref name="connectionString"/>, without the service around it.</summary>
    public static AggregatorDb OpenStore(string store, string connectionString) => store == "Postgres"
        ? new PostgresAggregatorDb(new DbContextOptionsBuilder<PostgresAggregatorDb>().UseNpgsql(connectionString).Options)
        : new SqliteAggregatorDb(new DbContextOptionsBuilder<SqliteAggregatorDb>().UseSqlite(connectionString).Options);

    /// <summary>Runs a query against the aggregator's own database.</summary>
    public async Task<T> QueryAsync<T>(Func<AggregatorDb, Task<T>> query)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AggregatorDb>());
    }

    /// <summary>Waits until the query returns true. On timeout the messages parked meanwhile are named, since they usually say why.</summary>
    public async Task WaitUntilAsync(Func<AggregatorDb, Task<bool>> condition, string what)
    {
        try
        {
            await Eventually.True(() => QueryAsync(condition), what);
        }
        catch (TimeoutException ex)
        {
            var parked = await QueryAsync(db => db.DeadLetters.AsNoTracking().Select(d => d.MessageType + ": " + d.Reason).ToListAsync());
            throw new TimeoutException($"{ex.Message} Parked: {(parked.Count == 0 ? "none" : string.Join(" | ", parked))}", ex);
        }
    }

    /// <summary>How many messages wait in a queue of this virtual host.</summary>
    public async Task<uint> MessagesInAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = Broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    public async ValueTask DisposeAsync()
    {
        if (ContactPoints is not null)
            await ContactPoints.StopAsync();
        Http?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        SqliteClearPools();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
        if (Broker is not null)
            await SharedBroker.DeleteVirtualHostAsync(Broker);
        Directory.Delete(_dataDir, recursive: true);
    }

    static void SqliteClearPools() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
}

