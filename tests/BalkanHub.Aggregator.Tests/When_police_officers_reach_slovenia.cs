using Microsoft.AspNetCore.Hosting;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// The commitment ledger takes progress from the data: delivered offers of police officers count toward
/// "400 police officers for Slovenia within a week". A needs analysis left open for 24 hours is flagged
/// to the Commission. Messages arrive over a real broker as the contact points send them; the clock is
/// a fake one the test moves.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_police_officers_reach_slovenia(string store) : AggregatorFixture(store)
{
    readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    string _commitments = null!;

    protected override async Task<AggregatorHost> StartHostAsync()
    {
        var now = _clock.GetUtcNow();
        // The real ledger's deadlines are in 2015; this one's are set around the test's clock.
        _commitments = Path.Combine(Directory.CreateTempSubdirectory("balkanhub-commitments.").FullName, "commitments.json");
        await File.WriteAllTextAsync(_commitments, new JsonArray(
            Police("police-officers-si", "SI", now.AddDays(-1), now.AddDays(6)),
            Police("police-officers-hr", "HR", now.AddDays(-1), now.AddDays(3)),
            Police("police-officers-rs", "RS", now.AddDays(-1), now.AddDays(6))).ToJsonString());
        return await AggregatorHost.StartAsync(Store, _clock, builder => builder.UseSetting("Commitments:Path", _commitments));
    }

    static JsonObject Police(string id, string country, DateTimeOffset since, DateTimeOffset deadline) => new()
    {
        ["id"] = id, ["title"] = $"400 police officers for {country} within a week", ["owner"] = country, ["target"] = 400, ["unit"] = "persons",
        ["since"] = since.ToString("O"), ["deadline"] = deadline.ToString("O"), ["planPoint"] = 12,
        ["source"] = "deliveredItems", ["item"] = "police officers", ["recipient"] = country,
    };

    async Task<Guid> RequestAsync(string country, int officers, bool exercise = false)
    {
        var id = Guid.NewGuid();
        await Host.ContactPoints.Publish(new AssistanceRequested
        {
            RequestId = id, Country = country, Title = "Police officers", RequestedAt = _clock.GetUtcNow(), Exercise = exercise,
            Items = [new AssistanceItem { Item = "police officers", Quantity = officers, Unit = "persons" }],
        });
        await Host.WaitUntilAsync(db => db.AssistanceRequests.AnyAsync(r => r.RequestId == id), "the request");
        return id;
    }

    /// <summary>Offered by <paramref name="offerer"/>, accepted by the requester, then committed, dispatched and delivered.</summary>
    async Task DeliverAsync(Guid request, string requester, string offerer, int officers)
    {
        var offer = Guid.NewGuid();
        await Host.ContactPoints.Publish(new AssistanceOffered
        {
            OfferId = offer, RequestId = request, Requester = requester, Country = offerer, OfferedAt = _clock.GetUtcNow(),
            Items = [new AssistanceItem { Item = "police officers", Quantity = officers, Unit = "persons" }],
        });
        await Host.WaitUntilAsync(db => db.AssistanceOffers.AnyAsync(o => o.OfferId == offer), "the offer");
        foreach (var (actor, status) in new[] { (requester, OfferStatus.Accepted), (offerer, OfferStatus.Committed), (offerer, OfferStatus.Dispatched), (offerer, OfferStatus.Delivered) })
        {
            await Host.ContactPoints.Publish(new OfferStatusChanged
            {
                OfferId = offer, RequestId = request, Requester = requester, Offerer = offerer, Country = actor, Status = status, ChangedAt = _clock.GetUtcNow(),
            });
            await Host.WaitUntilAsync(db => db.AssistanceOffers.AnyAsync(o => o.OfferId == offer && o.Status == status), $"the offer to be {status}");
        }
    }

    [Test]
    public async Task Should_relay_an_exercise_delivery_marked_and_count_it_in_no_commitment()
    {
        var exercise = await RequestAsync("RS", 400, exercise: true);
        await DeliverAsync(exercise, "RS", "AT", 400);

        var commitment = await CommitmentAsync("police-officers-rs");
        Assert.Multiple(() =>
        {
            Assert.That((int)commitment["progress"]!, Is.Zero, "400 officers delivered in an exercise are no progress");
            Assert.That(commitment["records"]!.AsArray(), Is.Empty);
        });
        var request = (await Host.Http.GetFromJsonAsync<JsonObject>($"/api/assistance/requests/{exercise}"))!;
        Assert.Multiple(() =>
        {
            Assert.That((bool?)request["exercise"], Is.True, "the request is shown as an exercise");
            Assert.That(request["offers"]!.AsArray().Select(o => (bool?)o!["exercise"]), Is.All.True, "and so is every offer against it");
        });
        var feed = (await Host.Http.GetFromJsonAsync<JsonObject>("/api/feed?limit=1000"))!["items"]!.AsArray()
            .Where(e => ((string?)e!["itemKey"])!.Contains(exercise.ToString(), StringComparison.Ordinal)
                || e["payload"]?["requestId"]?.GetValue<string>() == exercise.ToString()).ToList();
        Assert.That(feed.Select(e => (string?)e!["messageType"]), Is.SupersetOf(new[] { nameof(AssistanceRequested), nameof(AssistanceOffered), nameof(OfferStatusChanged) }));
        Assert.That(feed.Select(e => (bool?)e!["exercise"]), Is.All.True, "every step reaches the Commission marked as an exercise");

        // The same delivery for real counts: the ledger does read these deliveries.
        var real = await RequestAsync("RS", 400);
        await DeliverAsync(real, "RS", "AT", 150);
        Assert.That((int)(await CommitmentAsync("police-officers-rs"))["progress"]!, Is.EqualTo(150));
    }

    async Task<JsonObject> CommitmentAsync(string id) =>
        (await Host.Http.GetFromJsonAsync<JsonArray>("/api/commitments"))!.Single(c => (string?)c!["id"] == id)!.AsObject();

    [Test]
    public async Task Should_move_the_commitment_from_46_percent_to_met_and_call_it_missed_when_the_deadline_passes_first()
    {
        var slovenia = await RequestAsync("SI", 400);
        await DeliverAsync(slovenia, "SI", "AT", 183);
        var first = await CommitmentAsync("police-officers-si");
        Assert.Multiple(() =>
        {
            Assert.That((int)first["progress"]!, Is.EqualTo(183));
            Assert.That((int)first["sharePercent"]!, Is.EqualTo(46));
            Assert.That((string?)first["status"], Is.EqualTo("onTrack"));
            Assert.That(first["records"]!.AsArray().Select(r => (string)r!["reference"]!), Has.One.Contains("from AT"), "the source records are shown");
        });

        await DeliverAsync(slovenia, "SI", "HU", 217);
        var met = await CommitmentAsync("police-officers-si");
        Assert.That((int)met["progress"]!, Is.EqualTo(400));
        Assert.That((string?)met["status"], Is.EqualTo("met"));
        Assert.That(await Host.QueryAsync(db => db.AssistanceRequests.Where(r => r.RequestId == slovenia).Select(r => r.Status).SingleAsync()),
            Is.EqualTo(RequestStatus.Closed), "fully delivered, the request is closed");

        var croatia = await RequestAsync("HR", 400);
        await DeliverAsync(croatia, "HR", "AT", 183);
        Assert.That((string?)(await CommitmentAsync("police-officers-hr"))["status"], Is.EqualTo("onTrack"));
        _clock.Advance(TimeSpan.FromDays(4));
        Assert.That((string?)(await CommitmentAsync("police-officers-hr"))["status"], Is.EqualTo("missed"), "the deadline passed first");
        Assert.That((string?)(await CommitmentAsync("police-officers-si"))["status"], Is.EqualTo("met"));
    }

    [Test]
    public async Task Should_let_only_the_owner_report_progress_and_only_where_the_data_does_not_speak()
    {
        using var hungary = Host.ClientWith(Host.Key.Token("HU", "officer"));
        using var refused = await hungary.PostAsJsonAsync("/api/commitments/police-officers-si/progress", new { value = 400 });
        Assert.That((int)refused.StatusCode, Is.EqualTo(403), $"Hungary does not report for Slovenia: {await refused.Content.ReadAsStringAsync()}");
        using var slovenia = Host.ClientWith(Host.Key.Token("SI", "officer"));
        using var fromData = await slovenia.PostAsJsonAsync("/api/commitments/police-officers-si/progress", new { value = 400 });
        Assert.That((int)fromData.StatusCode, Is.EqualTo(409), "delivered offers count, not claims");
        Assert.That(await Host.QueryAsync(db => db.CommitmentProgress.CountAsync()), Is.Zero);
    }

    [Test]
    public async Task Should_flag_a_needs_analysis_still_open_after_24_hours_to_the_commission()
    {
        var open = Guid.NewGuid();
        var answered = Guid.NewGuid();
        var exercise = Guid.NewGuid();
        foreach (var id in new[] { open, answered, exercise })
        {
            await Host.ContactPoints.Publish(new NeedsAnalysisOpened
            {
                NeedsAnalysisId = id, Country = "SI", Title = "Winterised shelter", OpenedAt = _clock.GetUtcNow(), Exercise = id == exercise,
                Items = [new AssistanceItem { Item = "tents", Quantity = 100, Unit = "pieces" }],
            });
        }
        await Host.ContactPoints.Publish(new AssistanceRequested
        {
            RequestId = Guid.NewGuid(), Country = "SI", NeedsAnalysisId = answered, Title = "Winterised shelter", RequestedAt = _clock.GetUtcNow(),
            Items = [new AssistanceItem { Item = "tents", Quantity = 100, Unit = "pieces" }],
        });
        await Host.WaitUntilAsync(db => db.NeedsAnalyses.AnyAsync(n => n.NeedsAnalysisId == answered && n.Status == NeedsAnalysisStatus.Requested), "the analysis turned into a request");
        await Host.WaitUntilAsync(db => db.NeedsAnalyses.AnyAsync(n => n.NeedsAnalysisId == open), "the open analysis");
        await Host.WaitUntilAsync(db => db.NeedsAnalyses.AnyAsync(n => n.NeedsAnalysisId == exercise), "the exercise analysis");

        _clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(2));
        await Host.WaitUntilAsync(db => db.Items.AnyAsync(i => i.ItemKey == $"needs:{open}:overdue"), "the overdue flag");
        var feed = (await Host.Http.GetFromJsonAsync<JsonObject>("/api/feed?limit=1000"))!["items"]!.AsArray();
        var flagged = feed.Where(e => (string?)e!["messageType"] == nameof(NeedsAnalysisOverdue))
            .Select(e => e!["payload"]!.Deserialize<NeedsAnalysisOverdue>(JsonSerializerOptions.Web)!.NeedsAnalysisId).ToList();
        Assert.That(flagged, Does.Contain(open), "the Commission's feed holds it");
        Assert.That(flagged, Does.Not.Contain(answered), "an analysis turned into a request in time is not overdue");
        Assert.That(flagged, Does.Not.Contain(exercise), "an exercise analysis left open is no compliance matter");
    }
}
