using Microsoft.Data.Sqlite;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// Gap repair notices a missing relay only when a later one arrives. North Macedonia's contact point
/// loses its newest relay the way a store restored from a slightly older backup does: the row is gone
/// and the queue no longer holds it. The aggregator's periodic announcement of the highest relayed
/// sequence (set to every second here, instead of a minute) makes the contact point ask for it again.
/// </summary>
[TestFixture]
[Category("Faults")]
public sealed class When_a_contact_point_loses_its_newest_relay() : NetworkFixture("GR", "MK")
{
    protected override void Configure(string service, IDictionary<string, string?> settings)
    {
        if (service == "aggregator")
            settings["Relay__TailAnnounceInterval"] = "00:00:01";
        if (service == "MK")
        {
            settings["Inbox__GapGrace"] = "00:00:02";
            settings["Inbox__GapCheckInterval"] = "00:00:00.500";
        }
    }

    [Test]
    public async Task Should_get_it_again_once()
    {
        var first = new DateOnly(2015, 10, 20);
        var newest = new DateOnly(2015, 10, 21);
        await Network.SubmitReportAsync("GR", Samples.GreekReport(first));
        await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", first));
        await Network.SubmitReportAsync("GR", Samples.GreekReport(newest));
        var lost = await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", newest));
        var sequence = (long)lost["sequence"]!;

        // The store goes back to before the newest relay, as a restore from an older backup would leave it.
        var macedonia = Network.ContactPoints["MK"];
        macedonia.Kill();
        await using (var sqlite = new SqliteConnection($"Data Source={Path.Combine(Network.DataDir, "contact-point-mk.db")};Pooling=False"))
        {
            await sqlite.OpenAsync();
            await using var rollBack = sqlite.CreateCommand();
            rollBack.CommandText = $"""
                DELETE FROM "Inbox" WHERE "Sequence" >= {sequence};
                UPDATE "InboxWatermarks" SET "Contiguous" = {sequence - 1};
                """;
            await rollBack.ExecuteNonQueryAsync();
        }
        macedonia.Start();
        await macedonia.WaitUntilReadyAsync();
        Assert.That((await Network.InboxAsync("MK")).Select(i => (string?)i["itemKey"]), Has.None.EqualTo(Network.ReportKey("GR", newest)),
            "the newest relay is gone from the inbox");

        var again = await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", newest));
        Assert.That((long)again["sequence"]!, Is.EqualTo(sequence), "with its own sequence");
        // A few more announcements pass: the repaired tail must not bring the relay twice.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var inbox = await Network.InboxAsync("MK");
        Assert.Multiple(() =>
        {
            Assert.That(inbox.Count(i => (string?)i["itemKey"] == Network.ReportKey("GR", newest)), Is.EqualTo(1), "once");
            Assert.That(inbox.Select(i => (long)i["sequence"]!), Is.EqualTo(Enumerable.Range(1, inbox.Count).Select(i => (long)i)), "gap-free");
        });
    }
}
