using BalkanHub.Aggregator.Relay;
using BalkanHub.Aggregator.Subscriptions;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// The route file's extra subscribers become subscriptions in the store the first time the aggregator starts
/// on it, and are managed there from then on: one a participant removed is not brought back by the next
/// start. Relays follow the store, on both providers.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_the_route_file_names_extra_subscribers(string store) : AggregatorFixture(store)
{
    protected override async Task<AggregatorHost> StartHostAsync()
    {
        var route = Path.Combine(Directory.CreateTempSubdirectory("balkanhub-subscribers.").FullName, "route.json");
        var text = await File.ReadAllTextAsync(Repository.RouteFile);
        Assert.That(text, Does.Contain("\"extraSubscribers\": []"), "the shipped route names none");
        await File.WriteAllTextAsync(route, text.Replace("\"extraSubscribers\": []",
            "\"extraSubscribers\": [ { \"subscriber\": \"DE\", \"publishers\": [ \"SI\", \"AT\" ] } ]", StringComparison.Ordinal));
        return await AggregatorHost.StartAsync(Store, configure: b => b.UseSetting("Route:Path", route));
    }

    [Test]
    public async Task Should_seed_them_once_relay_by_them_and_keep_a_removed_one_removed_across_starts()
    {
        using var germany = Host.ClientWith(Host.Key.Token("DE", "officer"));
        var listed = (await germany.GetFromJsonAsync<JsonArray>("/api/subscriptions"))!;
        Assert.That(listed.Where(s => (string?)s!["origin"] == "route").Select(s => $"{s!["source"]}:{s["kind"]}"),
            Is.EquivalentTo(new[] { "SI:dailyReport", "SI:measure" }), "Austria is Germany's neighbour already: nothing to seed for it");
        Assert.That(listed.Where(s => (bool)s!["obligatory"]!).Select(s => (string?)s!["source"]).Distinct(), Is.EquivalentTo(new[] { "AT" }));

        var first = new DateOnly(2017, 3, 1);
        await Host.ContactPoints.Publish(Messages.Report("SI", first));
        await Host.WaitUntilAsync(db => db.Relays.AnyAsync(r => r.Recipient == "DE" && r.Item.ItemKey == ItemKeys.Report("SI", first, 1, false)),
            "Slovenia's report relayed to Germany, as the seed says");

        using (var removed = await germany.DeleteAsync(new Uri("/api/subscriptions?source=SI&kind=dailyReport", UriKind.Relative)))
            Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        // What the next start does: seed again from the same route file.
        await Host.Services.SeedSubscriptionsAsync();
        var after = (await germany.GetFromJsonAsync<JsonArray>("/api/subscriptions"))!.Where(s => !(bool)s!["obligatory"]!)
            .Select(s => $"{s!["source"]}:{s["kind"]}").ToList();
        Assert.That(after, Is.EqualTo(new[] { "SI:measure" }), "the removed one stays removed; the other stays");

        var second = first.AddDays(1);
        await Host.ContactPoints.Publish(Messages.Report("SI", second));
        var key = ItemKeys.Report("SI", second, 1, false);
        await Host.WaitUntilAsync(db => db.Relays.AnyAsync(r => r.Item.ItemKey == key && r.Recipient == RelayRecipients.Feed), "the next report relayed");
        var recipients = await Host.QueryAsync(db => db.Relays.Where(r => r.Item.ItemKey == key).Select(r => r.Recipient).ToListAsync());
        Assert.That(recipients, Does.Not.Contain("DE").And.Contain("HR").And.Contain("AT"));

        // History: Germany asks again, with the last 30 days, and gets the report it missed, after the first.
        using (var again = await germany.PostAsJsonAsync("/api/subscriptions", new JsonObject { ["source"] = "SI", ["kind"] = "dailyReport", ["historyDays"] = 30 }))
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Created), await again.Content.ReadAsStringAsync());
            Assert.That((int)(await again.Content.ReadFromJsonAsync<JsonObject>())!["historyRelayed"]!, Is.EqualTo(1), "only what Germany did not have");
        }
        var sequences = await Host.QueryAsync(db => db.Relays.Where(r => r.Recipient == "DE" && r.Item.Source == "SI" && r.Item.Kind == RelayedItemKind.DailyReport)
            .OrderBy(r => r.Sequence).Select(r => r.Item.ItemKey).ToListAsync());
        Assert.That(sequences, Is.EqualTo(new[] { ItemKeys.Report("SI", first, 1, false), key }));
        using (var twice = await germany.PostAsJsonAsync("/api/subscriptions", new JsonObject { ["source"] = "SI", ["kind"] = "dailyReport" }))
            Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.OK), "asking again changes nothing");
    }

    [Test]
    public async Task Should_keep_one_subscription_when_the_same_is_asked_for_at_once()
    {
        using var hungary = Host.ClientWith(Host.Key.Token("HU", "officer"));
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await hungary.PostAsJsonAsync("/api/subscriptions", new JsonObject { ["source"] = "GR", ["kind"] = "measure" });
            return response.StatusCode;
        }));
        Assert.That(answers.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1), string.Join(", ", answers));
        Assert.That(answers.Where(s => s != HttpStatusCode.Created), Has.All.EqualTo(HttpStatusCode.OK), "the others find it made");
        Assert.That(await Host.QueryAsync(db => db.Subscriptions.CountAsync(s => s.Subscriber == "HU" && s.Source == "GR" && s.RemovedAt == null)), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_ask_only_the_neighbours_to_acknowledge_a_measure_a_subscriber_also_receives()
    {
        var measure = Guid.NewGuid();
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = Messages.Cap("SI", measure, 1, MeasureStatus.Planned, "HR-SI-BREGANA") });
        var key = ItemKeys.Measure(measure, 1);
        await Host.WaitUntilAsync(db => db.Relays.AnyAsync(r => r.Item.ItemKey == key && r.Recipient == "DE"), "Slovenia's measure relayed to Germany, a subscriber");
        var deadlines = await Host.QueryAsync(db => db.Relays.Where(r => r.Item.ItemKey == key && r.Recipient != RelayRecipients.Feed)
            .ToDictionaryAsync(r => r.Recipient, r => r.DueAt));
        Assert.Multiple(() =>
        {
            Assert.That(deadlines["DE"], Is.Null, "Germany reads it; the agreement does not oblige it to answer");
            Assert.That(deadlines["HR"], Is.Not.Null, "Croatia, a neighbour, must acknowledge");
            Assert.That(deadlines["AT"], Is.Not.Null);
        });
    }
}
