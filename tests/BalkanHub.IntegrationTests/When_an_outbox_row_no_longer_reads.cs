using System.Text.Json;
using BalkanHub.Contracts;
using BalkanHub.Domain.Signing;
using Microsoft.Data.Sqlite;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// Two rows at the head of Greece's outbox stream can never be published as they are: one names a
/// message type that was renamed since it was written, the other's body was damaged. Each is parked for
/// an operator instead of holding back the stream, the reports after them go out, and an operator
/// replays the first once its type is repaired and discards the second.
/// </summary>
[TestFixture]
[Category("Faults")]
public sealed class When_an_outbox_row_no_longer_reads() : NetworkFixture("GR", "MK")
{
    string Store => $"Data Source={Path.Combine(Network.DataDir, "contact-point-gr.db")};Pooling=False";

    HttpClient Operator() => Network.Client(Network.ContactPoints["GR"].BaseAddress, Network.Key.Token("GR", "operator"));

    async Task<List<JsonObject>> ParkedAsync(string status = "parked")
    {
        using var client = Operator();
        var page = await client.GetFromJsonAsync<JsonObject>($"api/admin/outbox?status={status}");
        return [.. page!["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    [Test]
    public async Task Should_park_them_let_the_stream_go_on_and_replay_or_discard_them()
    {
        var renamedDay = new DateOnly(2015, 11, 10);
        var after = new DateOnly(2015, 11, 11);
        await Network.SubmitReportAsync("GR", Samples.GreekReport(new DateOnly(2015, 11, 9)));
        await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", new DateOnly(2015, 11, 9)));

        var greece = Network.ContactPoints["GR"];
        greece.Kill();
        var signed = JsonSerializer.Serialize(SignedGreekReport(renamedDay), JsonSerializerOptions.Web);
        await InsertRowAsync("BalkanHub.Contracts.DailyReportFiled, BalkanHub.Contracts", signed);
        await InsertRowAsync($"{typeof(DailyReportSubmitted).FullName}, BalkanHub.Contracts", "{\"reportId\": \"3f2c\", \"report\": [");
        greece.Start();
        await greece.WaitUntilReadyAsync();

        await Network.SubmitReportAsync("GR", Samples.GreekReport(after));
        await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", after));
        var parked = await Eventually.Get(async () => await ParkedAsync() is { Count: 2 } rows ? rows : null, "both rows parked");
        var renamed = parked.Single(r => ((string)r["messageType"]!).Contains("DailyReportFiled", StringComparison.Ordinal));
        var damaged = parked.Single(r => r != renamed);
        Assert.Multiple(() =>
        {
            Assert.That((string?)renamed["reason"], Does.Contain("no longer exists"));
            Assert.That((string?)damaged["reason"], Does.Contain("JsonException"));
            Assert.That((string?)renamed["stream"], Is.EqualTo("GR"));
        });
        using (var officer = Network.Http("GR"))
            Assert.That((await officer.GetAsync(new Uri("api/admin/outbox", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden),
                "parked rows are for operators");

        // The fix for the first: its type is named as it is now. Then the operator replays it, twice by mistake.
        await using (var sqlite = new SqliteConnection(Store))
        {
            await sqlite.OpenAsync();
            await using var repair = sqlite.CreateCommand();
            repair.CommandText = $"UPDATE \"OutboxMessages\" SET \"MessageType\" = '{typeof(DailyReportSubmitted).FullName}, BalkanHub.Contracts' WHERE \"Id\" = {(long)renamed["id"]!}";
            Assert.That(await repair.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }
        using (var client = Operator())
        {
            using var replay = await client.PostAsync(new Uri($"api/admin/outbox/{renamed["id"]}/replay", UriKind.Relative), null);
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK), await replay.Content.ReadAsStringAsync());
            using var again = await client.PostAsync(new Uri($"api/admin/outbox/{renamed["id"]}/replay", UriKind.Relative), null);
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            using var noReason = await client.PostAsJsonAsync($"api/admin/outbox/{damaged["id"]}/discard", new { reason = " " });
            Assert.That(noReason.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            using var discard = await client.PostAsJsonAsync($"api/admin/outbox/{damaged["id"]}/discard", new { reason = "Damaged by a disk fault; the report was posted again." });
            Assert.That(discard.StatusCode, Is.EqualTo(HttpStatusCode.OK), await discard.Content.ReadAsStringAsync());
        }
        await Network.WaitForInboxItemAsync("MK", Network.ReportKey("GR", renamedDay));

        Assert.That(await ParkedAsync(), Is.Empty, "nothing waits for an operator any more");
        var discarded = (await ParkedAsync("discarded")).Single();
        Assert.That((string?)discarded["resolution"], Does.Contain("disk fault").And.Contain("test-gr-operator"));
        Assert.That((await Network.InboxAsync("MK")).Count(i => (string?)i["itemKey"] == Network.ReportKey("GR", renamedDay)), Is.EqualTo(1), "replayed once");
    }

    async Task InsertRowAsync(string messageType, string body)
    {
        await using var sqlite = new SqliteConnection(Store);
        await sqlite.OpenAsync();
        await using var insert = sqlite.CreateCommand();
        insert.CommandText = """
            INSERT INTO "OutboxMessages" ("MessageId", "Stream", "MessageType", "Body", "CreatedAt", "Attempts")
            VALUES ($id, 'GR', $type, $body, $at, 0)
            """;
        insert.Parameters.AddWithValue("$id", Guid.NewGuid().ToString().ToUpperInvariant());
        insert.Parameters.AddWithValue("$type", messageType);
        insert.Parameters.AddWithValue("$body", body);
        insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.UtcTicks);
        await insert.ExecuteNonQueryAsync();
    }

    DailyReportSubmitted SignedGreekReport(DateOnly day)
    {
        using var signer = OriginSigner.FromPem(File.ReadAllText(Network.Signing.PrivateKeyPath("GR")), SigningKeys.KeyId("GR"));
        var draft = Samples.GreekReport(day);
        draft["country"] = "GR";
        var report = draft.Deserialize<DailyFlowReport>(JsonSerializerOptions.Web)!;
        return signer.Sign(new DailyReportSubmitted { ReportId = Guid.NewGuid(), Version = 1, SubmittedAt = DateTimeOffset.UtcNow, Report = report });
    }
}
