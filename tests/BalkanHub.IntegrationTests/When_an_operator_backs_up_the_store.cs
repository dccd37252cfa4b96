using Npgsql;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// An operator backs up the aggregator's store while it runs, with the commands docs/operations.md's "Backup and
/// restore" gives: <c>balkanhub backup</c> on SQLite, <c>pg_dump -Fc</c> on PostgreSQL. Restored into a
/// fresh file or database, the store starts an aggregator that serves the same items; the running one
/// carries on meanwhile.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("EndToEnd")]
public sealed class When_an_operator_backs_up_the_store(string store) : NetworkFixture("GR", "MK")
{
    PostgresDatabase? _original;
    PostgresDatabase? _restored;

    protected override async Task PrepareAsync()
    {
        if (store == "Postgres")
            _original = await PostgresDatabase.CreateAsync("backup_original");
    }

    protected override void Configure(string service, IDictionary<string, string?> settings)
    {
        if (service == "aggregator" && _original is not null)
        {
            settings["Database__Provider"] = "Postgres";
            settings["ConnectionStrings__Aggregator"] = _original.ConnectionString;
        }
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (_original is not null)
            await _original.DisposeAsync();
        if (_restored is not null)
            await _restored.DisposeAsync();
    }

    [Test]
    public async Task Should_restore_a_backup_taken_while_the_aggregator_runs()
    {
        var first = new DateOnly(2015, 10, 19);
        var days = Enumerable.Range(0, 3).Select(first.AddDays).ToList();
        foreach (var day in days)
            await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        foreach (var day in days)
            await Network.WaitForFeedItemAsync(Network.ReportKey("GR", day));
        var before = await Network.FeedAsync();

        var restoredSettings = await BackUpAndRestoreAsync();

        // The running aggregator did not notice: it still takes and relays reports.
        var after = first.AddDays(3);
        await Network.SubmitReportAsync("GR", Samples.GreekReport(after));
        await Network.WaitForFeedItemAsync(Network.ReportKey("GR", after));

        // The restored store replaces the original, as after losing its disk or server.
        Network.Aggregator.Kill();
        await using var restored = new ServiceProcess("aggregator-restored", "BalkanHub.Aggregator", Ports.Free(), restoredSettings);
        restored.Start();
        await restored.WaitUntilReadyAsync();
        using var http = Network.Client(restored.BaseAddress, Network.Key.Token("EU", "commission"));
        var page = (await http.GetFromJsonAsync<JsonObject>("api/feed?limit=1000"))!["items"]!.AsArray();
        var keys = page.Select(e => (string)e!["itemKey"]!).ToList();

        Assert.That(keys, Is.SupersetOf(before.Select(e => (string)e["itemKey"]!)), "every item served before the backup is served from the restored store");
        Assert.That(page.Select(e => e!["payload"]!.ToJsonString()), Is.SupersetOf(before.Select(e => e["payload"]!.ToJsonString())), "with the same content");
        Assert.That(keys, Is.Unique);
    }

    /// <summary>Backs the running aggregator's store up and restores it; returns the settings of an aggregator on the restored copy.</summary>
    async Task<Dictionary<string, string>> BackUpAndRestoreAsync()
    {
        var settings = Network.Aggregator.Environment
            .Where(e => e.Value is not null && e.Key != "ASPNETCORE_URLS")
            .ToDictionary(e => e.Key, e => e.Value!);
        var folder = Path.Combine(Network.DataDir, "backups");
        Directory.CreateDirectory(folder);
        if (_original is null)
        {
            var backup = Path.Combine(folder, "aggregator.backup.db");
            await Shell.RunAsync("dotnet", [Path.Combine(Repository.BuildFolder("BalkanHub.Cli"), "balkanhub.dll"), "backup",
                "--database", Path.Combine(Network.DataDir, "aggregator.db"), "--output", backup]);
            // Restoring is copying the backup where the service's store is to be, with no -wal or -shm beside it.
            var restored = Path.Combine(Network.DataDir, "restored", "aggregator.db");
            Directory.CreateDirectory(Path.GetDirectoryName(restored)!);
            File.Copy(backup, restored);
            settings["ConnectionStrings__Aggregator"] = $"Data Source={restored}";
        }
        else
        {
            var dump = Path.Combine(folder, "aggregator.dump");
            await Shell.RunAsync(Path.Combine(PostgresDatabase.Programs, "pg_dump"), ["-Fc", "-f", dump, "-d", LibpqUri(_original.ConnectionString)]);
            _restored = await PostgresDatabase.CreateAsync("backup_restored");
            await Shell.RunAsync(Path.Combine(PostgresDatabase.Programs, "pg_restore"), ["--no-owner", "--exit-on-error", "-d", LibpqUri(_restored.ConnectionString), dump]);
            settings["ConnectionStrings__Aggregator"] = _restored.ConnectionString;
        }
        return settings;
    }

    /// <summary>The same database as a libpq URI, which pg_dump and pg_restore take.</summary>
    static string LibpqUri(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var password = string.IsNullOrEmpty(b.Password) ? "" : ":" + Uri.EscapeDataString(b.Password);
        return $"postgresql://{Uri.EscapeDataString(b.Username ?? "postgres")}{password}@{b.Host}:{b.Port}/{Uri.EscapeDataString(b.Database!)}";
    }
}
