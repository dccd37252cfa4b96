using System.Collections.Concurrent;
using System.Diagnostics;
using BalkanHub.Contracts;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// A Greek officer submits reports and a Macedonian officer watches the inbox with the balkanhub command
/// line, run as its own process against a real network: accepted reports print their ids, refused ones
/// name the bad fields without a stack trace, and the tail shows what the hub relays as it arrives.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_an_officer_uses_the_command_line() : NetworkFixture("GR", "MK")
{
    static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);
    string _folder = null!;
    static int _days;

    // Every test reports on days of its own, so tests never see each other's reports.
    static DateOnly NewDay() => new DateOnly(2017, 1, 1).AddDays(Interlocked.Increment(ref _days));

    static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected override async Task PrepareAsync()
    {
        _folder = Directory.CreateTempSubdirectory("balkanhub-cli.").FullName;
    }

    protected override async ValueTask CleanUpAsync()
    {
        Directory.Delete(_folder, recursive: true);
    }

    string Greece => Network.ContactPoints["GR"].BaseAddress.ToString();

    string GreekOfficer => Network.Key.Token("GR", "officer");

    string Macedonia => Network.ContactPoints["MK"].BaseAddress.ToString();

    string MacedonianOfficer => Network.Key.Token("MK", "officer");

    static JsonObject Measure(string title, DateTimeOffset effectiveFrom) => new()
    {
        ["type"] = "dailyCap",
        ["title"] = title,
        ["affectedCrossingPoints"] = new JsonArray("GR-MK-IDOMENI"),
        ["effectiveFrom"] = effectiveFrom.ToString("O", CultureInfo.InvariantCulture),
        ["parameters"] = new JsonObject { ["dailyCap"] = 2500 },
        ["severity"] = "severe",
    };

    /// <summary>The item key of an inbox line (its fourth field), or null for a line that is not an item.</summary>
    static string? KeyOf(string line) => line.Split('\t') is { Length: > 3 } fields ? fields[3] : null;

    static string[] Lines(Run run) => run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Test]
    public async Task Should_submit_a_json_report_and_print_the_id_it_was_stored_under()
    {
        var day = NewDay();
        var file = Write("valid.json", Samples.GreekReport(day).ToJsonString());

        var run = await RunAsync(["report", "submit", "--file", file, "--url", Greece, "--token", GreekOfficer]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var stored = await StoredReportAsync(day);
        Assert.That(run.Stdout, Does.Contain((string)stored["reportId"]!), "the printed id is the stored report's");
        Assert.That(run.Stdout, Does.Contain("version 1"));
    }

    [Test]
    public async Task Should_name_each_bad_field_and_exit_non_zero_without_a_stack_trace()
    {
        var report = Samples.GreekReport(NewDay());
        report["composition"]!["children"] = 7000;
        report["peoplePresent"] = -5;
        var file = Write("invalid.json", report.ToJsonString());

        var run = await RunAsync(["report", "submit", "--file", file, "--url", Greece, "--token", GreekOfficer]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain("composition.children:").And.Contain("peoplePresent:"), "each bad field, by name");
        Assert.That(run.Stderr, Does.StartWith("error: "));
        Assert.That(run.Stdout + run.Stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task Should_submit_every_row_of_a_csv_file_with_its_country_breakdowns()
    {
        DateOnly[] days = [NewDay(), NewDay(), NewDay()];
        var file = Write("reports.csv", string.Join('\n',
            "reportDate,arrivals,departures,peoplePresent,registered,asylumApplications,men,women,children,unaccompaniedChildren,capacityTotal,capacityOccupied,arrivalsFrom:TR,departuresTo:MK,notes",
            $"{Iso(days[0])},5000,4800,11000,4900,20,2500,1250,1250,100,15000,11000,5000,4800,\"Calm, ferries running\"",
            $"{Iso(days[1])},6200,6000,11200,6100,25,3100,1550,1550,120,15000,11200,6200,6000,",
            $"{Iso(days[2])},7100,6900,11400,7000,31,3550,1775,1775,140,15000,11400,7100,6900,Wind on Lesvos"));

        var run = await RunAsync(["report", "submit", "--file", file, "--url", Greece, "--token", GreekOfficer]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        foreach (var day in days)
        {
            var stored = await StoredReportAsync(day);
            Assert.That(run.Stdout, Does.Contain((string)stored["reportId"]!), $"the id of {Iso(day)} is printed");
        }
        var first = (await StoredReportAsync(days[0]))["report"]!;
        Assert.That((int)first["arrivals"]!["byOriginCountry"]![0]!["count"]!, Is.EqualTo(5000), "arrivalsFrom:TR became the breakdown by origin");
        Assert.That((string?)first["departures"]!["byDestinationCountry"]![0]!["country"], Is.EqualTo("MK"));
        Assert.That((string?)first["notes"], Is.EqualTo("Calm, ferries running"), "a quoted cell keeps its comma");
    }

    [Test]
    public async Task Should_exit_with_a_usage_error_when_it_cannot_tell_which_contact_point()
    {
        var file = Write("nowhere.json", Samples.GreekReport(NewDay()).ToJsonString());

        // No --url, no BALKANHUB_URL and no network.json in the (empty) run folder.
        var run = await RunAsync(["report", "submit", "--file", file]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith("error: ").And.Contain("--url"));
    }

    [Test]
    public async Task Should_tail_the_inbox_and_print_a_report_relayed_after_it_started()
    {
        var day = NewDay();
        var key = Network.ReportKey("GR", day);
        var lines = new ConcurrentQueue<string>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var macedonia = Network.ContactPoints["MK"].BaseAddress.ToString();
        using var tail = Start(["inbox", "tail", "--url", macedonia, "--token", Network.Key.Token("MK", "officer")]);
        tail.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lines.Enqueue(e.Data);
            if (e.Data.Contains(key, StringComparison.Ordinal))
                seen.TrySetResult();
        };
        var stderr = new ConcurrentQueue<string>();
        tail.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                stderr.Enqueue(e.Data);
        };
        tail.BeginOutputReadLine();
        tail.BeginErrorReadLine();
        try
        {
            await Network.SubmitReportAsync("GR", Samples.GreekReport(day));

            try
            {
                await seen.Task.WaitAsync(Generous);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"no line for {key} within {Generous}:\n{string.Join('\n', lines)}\n{string.Join('\n', stderr)}\n{Network.Diagnostics()}");
            }
            var line = lines.First(l => l.Contains(key, StringComparison.Ordinal));
            Assert.That(line.Split('\t').Take(4), Is.EqualTo(new[] { line.Split('\t')[0], "DailyReportSubmitted", "GR", key }), "sequence, message type, source and key");
            Assert.That(line.Split('\t')[0], Does.Match("^[0-9]+$"), "the sequence first");

            // Ctrl-C ends the tail cleanly: exit code 0, no stack trace.
            using (var interrupt = Process.Start("kill", ["-INT", tail.Id.ToString(CultureInfo.InvariantCulture)]))
                await interrupt.WaitForExitAsync();
            // Generous: what is checked is a clean end, not how fast it comes on a busy machine.
            using var stopped = new CancellationTokenSource(Generous);
            try
            {
                await tail.WaitForExitAsync(stopped.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the tail did not end within {Generous} of Ctrl-C:\n{string.Join('\n', lines)}\n{string.Join('\n', stderr)}");
            }
            Assert.That(tail.ExitCode, Is.Zero, string.Join('\n', stderr));
            Assert.That(string.Join('\n', stderr), Does.Not.Contain("   at "));
        }
        finally
        {
            if (!tail.HasExited)
                tail.Kill(entireProcessTree: true);
        }
    }

    [Test]
    public async Task Should_announce_and_cancel_a_measure()
    {
        var notice = new JsonObject
        {
            ["type"] = "dailyCap",
            ["title"] = "Daily cap of 2,500 at Idomeni",
            ["affectedCrossingPoints"] = new JsonArray("GR-MK-IDOMENI"),
            ["effectiveFrom"] = DateTimeOffset.UtcNow.AddDays(3).ToString("O", CultureInfo.InvariantCulture),
            ["parameters"] = new JsonObject { ["dailyCap"] = 2500 },
            ["severity"] = "severe",
        };
        var file = Write("measure.json", notice.ToJsonString());

        var announced = await RunAsync(["measure", "announce", "--file", file, "--url", Greece, "--token", GreekOfficer]);
        Assert.That(announced.ExitCode, Is.Zero, announced.ToString());
        var id = announced.Stdout.Split(' ')[2];
        Assert.That(Guid.TryParse(id, out _), Is.True, $"the first line names the measure: {announced.Stdout}");

        var cancelled = await RunAsync(["measure", "cancel", "--id", id, "--reason", "Agreed with MK", "--url", Greece, "--token", GreekOfficer]);
        Assert.That(cancelled.ExitCode, Is.Zero, cancelled.ToString());
        Assert.That(cancelled.Stdout, Does.Contain($"cancelled measure {id} revision 2 status cancelled"));
        await Network.WaitForInboxItemAsync("MK", $"measure:{id}:r2");
    }

    [Test]
    public async Task Should_lift_a_measure_in_force_and_let_the_neighbour_acknowledge_it()
    {
        // In force since an hour ago: announced late, so it can be lifted at once.
        var file = Write("in-force.json", Measure("Transit corridor closed at Gevgelija", DateTimeOffset.UtcNow.AddHours(-1)).ToJsonString());
        var announced = await RunAsync(["measure", "announce", "--file", file, "--url", Greece, "--token", GreekOfficer]);
        Assert.That(announced.ExitCode, Is.Zero, announced.ToString());
        var id = Guid.Parse(announced.Stdout.Split(' ')[2]);

        var lifted = await RunAsync(["measure", "lift", "--id", id.ToString(), "--reason", "Corridor open again", "--url", Greece, "--token", GreekOfficer]);
        Assert.That(lifted.ExitCode, Is.Zero, lifted.ToString());
        Assert.That(lifted.Stdout, Does.StartWith($"lifted measure {id} revision ").And.Contain(" status lifted"));

        // North Macedonia's officer lists the inbox, acknowledges the announcement by its sequence, and the list says so.
        var key = ItemKeys.Measure(id, 1);
        await Network.WaitForInboxItemAsync("MK", key);
        var listed = await RunAsync(["inbox", "list", "--limit", "1000", "--url", Macedonia, "--token", MacedonianOfficer]);
        Assert.That(listed.ExitCode, Is.Zero, listed.ToString());
        var line = Lines(listed).Single(l => KeyOf(l) == key);
        Assert.That(line, Does.Contain("(to acknowledge)").And.Not.Contain("EXERCISE"), "a real measure to acknowledge");
        var sequence = line.Split('\t')[0];

        var ack = await RunAsync(["inbox", "ack", "--sequence", sequence, "--url", Macedonia, "--token", MacedonianOfficer]);
        Assert.That(ack.ExitCode, Is.Zero, ack.ToString());
        Assert.That(ack.Stdout, Does.StartWith($"acknowledged {sequence} {key} at "));
        var again = await RunAsync(["inbox", "list", "--limit", "1000", "--url", Macedonia, "--token", MacedonianOfficer]);
        Assert.That(Lines(again).Single(l => KeyOf(l) == key), Does.Not.Contain("(to acknowledge)"));
        await Network.WaitForFeedItemAsync(ItemKeys.Acknowledgement("MK", key));

        var refused = await RunAsync(["measure", "lift", "--id", id.ToString(), "--url", Greece, "--token", GreekOfficer]);
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
        Assert.That(refused.Stderr, Does.StartWith("error: 409").And.Not.Contain("   at "), "a lifted measure cannot be lifted again");
    }

    [Test]
    public async Task Should_ask_for_offer_and_deliver_assistance_marked_as_exercise()
    {
        var needs = Write("needs.json", new JsonObject
        {
            ["title"] = "Winter blankets for Tabanovce",
            ["items"] = new JsonArray(new JsonObject { ["item"] = "winter blankets", ["quantity"] = 5000, ["unit"] = "pieces" }),
        }.ToJsonString());
        var asked = await RunAsync(["assistance", "ask", "--file", needs, "--exercise", "--url", Macedonia, "--token", MacedonianOfficer]);
        Assert.That(asked.ExitCode, Is.Zero, asked.ToString());
        var requested = Lines(asked).Last();
        Assert.That(requested, Does.StartWith("requested ").And.EndWith("\tEXERCISE"), "practice says so");
        var requestId = Guid.Parse(requested.Split(' ')[1]);

        // Greece learns of the request through the hub, marked as exercise in its inbox.
        await Network.WaitForInboxItemAsync("GR", ItemKeys.Request(requestId));
        var inbox = await RunAsync(["inbox", "list", "--limit", "1000", "--url", Greece, "--token", GreekOfficer]);
        Assert.That(Lines(inbox).Single(l => KeyOf(l) == ItemKeys.Request(requestId)), Does.EndWith("\tEXERCISE"));

        var offerFile = Write("offer.json", new JsonObject
        {
            ["items"] = new JsonArray(new JsonObject { ["item"] = "winter blankets", ["quantity"] = 2000, ["unit"] = "pieces" }),
            ["note"] = "From the Thessaloniki depot",
        }.ToJsonString());
        var offered = await RunAsync(["assistance", "offer", "--request", requestId.ToString(), "--file", offerFile, "--url", Greece, "--token", GreekOfficer]);
        Assert.That(offered.ExitCode, Is.Zero, offered.ToString());
        Assert.That(offered.Stdout, Does.StartWith("offered ").And.Contain("to MK status offered: 2000 pieces of winter blankets\tEXERCISE"));
        var offerId = Guid.Parse(offered.Stdout.Split(' ')[1]);

        // The requester accepts; taking the offerer's step instead is refused with the service's reason.
        await Network.WaitForInboxItemAsync("MK", ItemKeys.Offer(offerId));
        var wrongSide = await RunAsync(["assistance", "commit", "--offer", offerId.ToString(), "--url", Macedonia, "--token", MacedonianOfficer]);
        Assert.That(wrongSide.ExitCode, Is.EqualTo(1), wrongSide.ToString());
        Assert.That(wrongSide.Stderr, Does.StartWith("error: 409").And.Not.Contain("   at "));
        var accepted = await RunAsync(["assistance", "accept", "--offer", offerId.ToString(), "--note", "Thank you", "--url", Macedonia, "--token", MacedonianOfficer]);
        Assert.That(accepted.ExitCode, Is.Zero, accepted.ToString());
        Assert.That(accepted.Stdout, Does.StartWith($"offer {offerId} status accepted"));

        // The offerer commits, dispatches and delivers once the acceptance has reached it.
        await Network.WaitForInboxItemAsync("GR", ItemKeys.OfferStep(offerId, OfferStatus.Accepted));
        foreach (var (step, status) in new[] { ("commit", "committed"), ("dispatch", "dispatched"), ("deliver", "delivered") })
        {
            var run = await RunAsync(["assistance", step, "--offer", offerId.ToString(), "--url", Greece, "--token", GreekOfficer]);
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(run.Stdout, Does.StartWith($"offer {offerId} status {status}\tEXERCISE"));
        }

        var list = await RunAsync(["assistance", "list", "--url", Greece, "--token", GreekOfficer]);
        Assert.That(list.ExitCode, Is.Zero, list.ToString());
        Assert.That(Lines(list), Has.Some.EqualTo($"offer\t{offerId}\tGR→MK\tdelivered\t2000 pieces of winter blankets\tEXERCISE"));
        Assert.That(Lines(list), Has.Some.EqualTo($"request\t{requestId}\tMK\topen\tWinter blankets for Tabanovce\tEXERCISE"));
    }

    [Test]
    public async Task Should_list_add_and_remove_a_subscription_and_refuse_to_give_up_a_neighbours_items()
    {
        string[] Macedonian(params string[] args) => [.. args, "--url", Network.Aggregator.BaseAddress.ToString(), "--token", MacedonianOfficer];

        var added = await RunAsync(Macedonian("subscriptions", "add", "--source", "AT", "--kind", "measure", "--history-days", "7"));
        Assert.That(added.ExitCode, Is.Zero, added.ToString());
        Assert.That(added.Stdout, Does.Contain("MK\t<-\tAT\tmeasure\tapi").And.Contain("0 past item(s) relayed"));

        var listed = await RunAsync(Macedonian("subscriptions", "list"));
        Assert.That(listed.ExitCode, Is.Zero, listed.ToString());
        Assert.That(Lines(listed), Does.Contain("MK\t<-\tAT\tmeasure\tapi").And.Contain("MK\t<-\tGR\tmeasure\tobligatory"));

        var removed = await RunAsync(Macedonian("subscriptions", "remove", "--source", "AT", "--kind", "measure"));
        Assert.That(removed.ExitCode, Is.Zero, removed.ToString());
        var listedAgain = await RunAsync(Macedonian("subscriptions", "list"));
        Assert.That(listedAgain.Stdout, Does.Not.Contain("\tAT\t"));

        var neighbour = await RunAsync(Macedonian("subscriptions", "remove", "--source", "GR", "--kind", "report"));
        Assert.That(neighbour.ExitCode, Is.EqualTo(1), neighbour.ToString());
        Assert.That(neighbour.Stderr, Does.Contain("GR is MK's neighbour").And.Not.Contain("   at "));

        var unknownKind = await RunAsync(Macedonian("subscriptions", "add", "--source", "AT", "--kind", "rumour"));
        Assert.That(unknownKind.ExitCode, Is.EqualTo(2), unknownKind.ToString());
    }

    [Test]
    public async Task Should_refuse_an_ask_with_both_a_file_and_an_analysis()
    {
        var run = await RunAsync(["assistance", "ask", "--file", Write("both.json", "{}"), "--needs", Guid.NewGuid().ToString(), "--url", Macedonia, "--token", MacedonianOfficer]);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.StartWith("error: give either --file"));
    }

    [Test]
    public async Task Should_back_up_a_running_contact_points_store_and_never_overwrite_a_backup()
    {
        var day = NewDay();
        await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        var store = Path.Combine(Network.DataDir, "contact-point-gr.db");
        var backup = Path.Combine(_folder, $"gr-{Iso(day)}.db");

        var run = await RunAsync(["backup", "--database", store, "--output", backup]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        await using (var copy = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={backup};Mode=ReadOnly;Pooling=False"))
        {
            await copy.OpenAsync();
            await using var query = copy.CreateCommand();
            query.CommandText = $"SELECT COUNT(*) FROM \"Reports\" WHERE \"ReportDate\" = '{Iso(day)}'";
            Assert.That(await query.ExecuteScalarAsync(), Is.EqualTo(1L), "the copy holds the report accepted before it");
        }
        var taken = await File.ReadAllBytesAsync(backup);

        var again = await RunAsync(["backup", "--database", store, "--output", backup]);
        Assert.That(again.ExitCode, Is.EqualTo(2), again.ToString());
        Assert.That(again.Stderr, Does.Contain("exists already").And.Not.Contain("   at "));
        Assert.That(await File.ReadAllBytesAsync(backup), Is.EqualTo(taken), "the earlier backup is untouched");

        var missing = await RunAsync(["backup", "--database", Path.Combine(_folder, "no-such.db"), "--output", Path.Combine(_folder, "never.db")]);
        Assert.That(missing.ExitCode, Is.EqualTo(1), missing.ToString());
        Assert.That(File.Exists(Path.Combine(_folder, "never.db")), Is.False, "no backup file for a store that is not there");
    }

    [Test]
    public async Task Should_export_the_aggregated_reports_for_the_commission()
    {
        var day = NewDay();
        await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        await Network.WaitForFeedItemAsync(Network.ReportKey("GR", day));
        var output = Path.Combine(_folder, "export.json");

        var run = await RunAsync(["export", "--format", "json", "--from", Iso(day), "--to", Iso(day), "--country", "GR", "--output", output,
            "--url", Network.Aggregator.BaseAddress.ToString(), "--token", Network.Key.Token("EU", "commission")]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(File.ReadAllText(output), Does.Contain(Iso(day)).And.Contain("6000"));

        string[] commission = ["--from", Iso(day), "--to", Iso(day), "--country", "GR",
            "--url", Network.Aggregator.BaseAddress.ToString(), "--token", Network.Key.Token("EU", "commission")];
        var plain = await RunAsync(["export", "--no-hxl", .. commission]);
        Assert.That(plain.ExitCode, Is.Zero, plain.ToString());
        var lines = plain.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2), "--no-hxl: the header and Greece's row, no hashtag row");
        Assert.That(lines[1], Does.StartWith(Iso(day) + ",GR,"));

        var workbook = Path.Combine(_folder, "daily.xlsx");
        var xlsx = await RunAsync(["export", "--format", "xlsx", "--output", workbook, .. commission]);
        Assert.That(xlsx.ExitCode, Is.Zero, xlsx.ToString());
        using (var zip = System.IO.Compression.ZipFile.OpenRead(workbook))
            Assert.That(zip.Entries.Select(e => e.FullName), Does.Contain("xl/workbook.xml"), "an XLSX workbook (the aggregator's tests read its cells)");
        var toTerminal = await RunAsync(["export", "--format", "xlsx", .. commission]);
        Assert.That(toTerminal.ExitCode, Is.Not.Zero);
        Assert.That(toTerminal.Stderr, Does.Contain("--output"), "a binary workbook is not written to standard output");
    }

    /// <summary>The latest version of Greece's report for <paramref name="day"/>, as its contact point lists it.</summary>
    async Task<JsonObject> StoredReportAsync(DateOnly day)
    {
        var page = await Network.Http("GR").GetFromJsonAsync<JsonObject>($"api/reports?from={Iso(day)}&to={Iso(day)}");
        var items = page!["items"]!.AsArray();
        Assert.That(items, Has.Count.EqualTo(1), $"one report stored for {Iso(day)}");
        return items[0]!.AsObject();
    }

    string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    /// <summary>
    /// The built balkanhub.dll under dotnet, in an empty folder with no development network in sight, so
    /// that only what the test passes counts.
    /// </summary>
    Process Start(IEnumerable<string> arguments)
    {
        var dll = Path.Combine(Repository.BuildFolder("BalkanHub.Cli"), "balkanhub.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{dll} is missing: build the solution first (./test.sh does).");
        // Through env, which gives Ctrl-C back its default meaning before it starts the command line: a test
        // run started in the background of a script inherits SIGINT ignored, .NET then leaves it ignored,
        // and the Ctrl-C test would wait on a tail that never heard it. An officer's terminal has it.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["BALKANHUB_RUN_DIR"] = Path.Combine(_folder, "no-network");
        start.Environment.Remove("BALKANHUB_URL");
        start.Environment.Remove("BALKANHUB_TOKEN");
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start balkanhub.");
    }

    async Task<Run> RunAsync(IEnumerable<string> arguments)
    {
        using var process = Start(arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Generous);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"balkanhub {string.Join(' ', arguments)} did not finish within {Generous}.\n{await stderr}");
        }
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
