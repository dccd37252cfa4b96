using Microsoft.AspNetCore.Hosting;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// A cap or closure on the border between A and B holds people back in B: the hub estimates the daily
/// backlog from B's own recent departures toward A, attaches it to B's relay and the Commission's feed,
/// and warns the countries B reported arrivals from. Nothing is wired to the 2015 corridor: the same
/// test passes on a made-up route.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_a_cap_lands_on_a_neighbour(string store)
{
    static DailyReportSubmitted Report(string country, DateOnly day, string departedTo, int departures, string arrivedFrom) => new()
    {
        ReportId = Guid.NewGuid(),
        Version = 1,
        SubmittedAt = DateTimeOffset.UtcNow,
        Report = new DailyFlowReport
        {
            Country = country,
            ReportDate = day,
            Arrivals = new Arrivals { Total = departures, ByCrossingPoint = [], ByOriginCountry = [new CountryCount { Country = arrivedFrom, Count = departures }] },
            Departures = new Departures { Total = departures, ByCrossingPoint = [], ByDestinationCountry = [new CountryCount { Country = departedTo, Count = departures }] },
            PeoplePresent = 1000,
            Registered = departures,
            AsylumApplications = 0,
            Composition = new Composition { Men = 0, Women = 0, Children = 0, UnaccompaniedChildren = 0, ByNationality = [] },
            Capacity = new ReceptionCapacity { Total = 5000, Occupied = 1000 },
        },
    };

    static async Task<(JsonObject Estimate, string[] Warned)> CapAsync(AggregatorHost host, string b, string a, int[] departures, string upstream,
        MeasureType type, string crossingPoint, int? cap)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var i = 0; i < departures.Length; i++)
            await host.ContactPoints.Publish(Report(b, today.AddDays(i - departures.Length), a, departures[i], upstream));
        await host.WaitUntilAsync(db => db.Reports.CountAsync(r => r.Country == b).ContinueWith(t => t.Result == departures.Length), $"{b}'s reports");

        var id = Guid.NewGuid();
        var notice = Messages.Cap(a, id, 1, MeasureStatus.Planned, crossingPoint) with
        {
            Type = type,
            Parameters = new MeasureParameters { DailyCap = cap },
        };
        await host.ContactPoints.Publish(new MeasureAnnounced { Measure = notice });
        var key = $"measure:{id}:r1";
        await host.WaitUntilAsync(db => db.Items.AnyAsync(i => i.ItemKey == key), "the measure to be relayed");

        var relayToB = await host.QueryAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Destination == $"contact-point-{b.ToLowerInvariant()}" && m.Body.Contains(key)).Select(m => m.Body).SingleAsync());
        var estimate = JsonNode.Parse(relayToB)!["chainReaction"]!.AsObject();
        var feed = (await host.Http.GetFromJsonAsync<JsonObject>("/api/feed?limit=1000"))!["items"]!.AsArray();
        Assert.That(feed.Single(e => (string?)e!["itemKey"] == key)!["chainReactions"]!.AsArray(), Has.Count.EqualTo(1), "the Commission sees the estimate");
        var warned = await host.QueryAsync(db => db.Relays.Where(r => r.Item.MessageType == nameof(ChainReactionWarning) && r.Item.ItemKey.StartsWith($"chain:{key}") && r.Recipient != "FEED")
            .Select(r => r.Recipient).ToArrayAsync());
        return (estimate, warned);
    }

    [Test]
    public async Task Should_attach_the_backlog_to_croatias_relay_and_warn_serbia_not_hungary()
    {
        await using var host = await AggregatorHost.StartAsync(store);
        var (estimate, warned) = await CapAsync(host, "HR", "SI", [5800, 6000, 6200], "RS", MeasureType.DailyCap, "HR-SI-BREGANA", 2500);

        Assert.Multiple(() =>
        {
            Assert.That((int)estimate["projectedBacklogPerDay"]!, Is.EqualTo(3500), "6,000 a day toward SI minus a cap of 2,500");
            Assert.That((double)estimate["averageDeparturesPerDay"]!, Is.EqualTo(6000));
            Assert.That(estimate["inputs"]!.AsArray().Select(i => (int)i!["value"]!), Is.EqualTo(new[] { 5800, 6000, 6200 }), "the inputs are shown");
            Assert.That((string?)estimate["method"], Does.Contain("minus the daily cap of 2500"), "and the method, in words");
            Assert.That(warned, Is.EqualTo(new[] { "RS" }), "RS, where HR's arrivals came from, is warned; HU is not");
        });
    }

    [Test]
    public async Task Should_do_the_same_on_another_route()
    {
        var folder = Directory.CreateTempSubdirectory("balkanhub-other-route.").FullName;
        var route = Path.Combine(folder, "route.json");
        await File.WriteAllTextAsync(route, """
            {
              "name": "Western Mediterranean (made up for the test)",
              "firstReportingDay": "2015-01-01",
              "participants": [
                { "code": "PT", "name": "Portugal", "role": "country", "timeZone": "Europe/Lisbon" },
                { "code": "ES", "name": "Spain", "role": "country", "timeZone": "Europe/Madrid" },
                { "code": "FR", "name": "France", "role": "country", "timeZone": "Europe/Paris" },
                { "code": "IT", "name": "Italy", "role": "country", "timeZone": "Europe/Rome" },
                { "code": "EU", "name": "European Commission", "role": "commission", "timeZone": "Europe/Brussels" }
              ],
              "borders": [ "ES-PT", "ES-FR", "FR-IT" ],
              "corridor": [ "ES", "FR" ],
              "crossingPoints": [
                { "code": "ES-PT-BADAJOZ", "name": "Badajoz–Elvas", "countries": [ "ES", "PT" ] },
                { "code": "ES-FR-IRUN", "name": "Irun–Hendaye", "countries": [ "ES", "FR" ] },
                { "code": "FR-IT-VENTIMIGLIA", "name": "Menton–Ventimiglia", "countries": [ "FR", "IT" ] },
                { "code": "ES-MA-TARIFA", "name": "Tarifa (sea arrivals)", "countries": [ "ES", "MA" ] }
              ]
            }
            """);
        await using var host = await AggregatorHost.StartAsync(store, configure: b => b.UseSetting("Route:Path", route));
        var (estimate, warned) = await CapAsync(host, "ES", "FR", [1100, 1300], "PT", MeasureType.BorderClosure, "ES-FR-IRUN", null);

        Assert.Multiple(() =>
        {
            Assert.That((int)estimate["projectedBacklogPerDay"]!, Is.EqualTo(1200), "a closure holds back everyone who would have crossed");
            Assert.That((string?)estimate["affectedCountry"], Is.EqualTo("ES"));
            Assert.That(warned, Is.EqualTo(new[] { "PT" }), "PT is warned; IT, FR's other neighbour, is not");
        });
        Directory.Delete(folder, recursive: true);
    }
}
