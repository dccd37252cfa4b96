namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Slovenia's measures of 20 October 2015, in Slovenian time (UTC+2 that day): a cap in force from 09:00 and
/// lifted by hand at 09:05; a closure that ended by itself at 00:30 after running overnight; one that only
/// starts at 00:30 the next night; and one cancelled before it took effect. The day's picture lists exactly
/// those in force at some moment of Slovenia's day, and reads the same a week later. A measure announced
/// days after it took effect is shown as retroactive and kept out of the lead-time median.
/// </summary>
[TestFixtureSource(typeof(StoreProviders), nameof(StoreProviders.All))]
[Category("Integration")]
public sealed class When_a_past_day_is_read_again(string store) : AggregatorFixture(store)
{
    static readonly DateOnly Day = new(2015, 10, 20);
    static readonly TimeSpan Cest = TimeSpan.FromHours(2);
    // 09:30 in Slovenia; a clock reads UTC.
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2015, 10, 20, 7, 30, 0, TimeSpan.Zero));

    protected override Task<AggregatorHost> StartHostAsync() => AggregatorHost.StartAsync(Store, _clock);

    static MeasureNotice Notice(Guid id, int revision, MeasureStatus status, DateTimeOffset from, DateTimeOffset? until = null, string title = "Cap at Obrežje") =>
        Messages.Cap("SI", id, revision, status, "HR-SI-BREGANA") with
        {
            Title = title, EffectiveFrom = from, EffectiveUntil = until, AnnouncedAt = from.AddDays(-1),
        };

    async Task RelayedAsync(Guid id, int revisions) =>
        await Host.WaitUntilAsync(db => db.MeasureRevisions.CountAsync(r => r.MeasureId == id && r.Relayed).ContinueWith(t => t.Result == revisions),
            $"{revisions} revisions of {id} relayed");

    [Test]
    public async Task Should_list_every_measure_in_force_during_the_countrys_day_and_read_the_same_a_week_later()
    {
        var liftedByHand = Guid.NewGuid();
        var nine = new DateTimeOffset(2015, 10, 20, 9, 0, 0, Cest);
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = Notice(liftedByHand, 1, MeasureStatus.Planned, nine) });
        await Host.ContactPoints.Publish(new MeasureTookEffect { Measure = Notice(liftedByHand, 2, MeasureStatus.InForce, nine) });
        await Host.ContactPoints.Publish(new MeasureLifted
        {
            Measure = Notice(liftedByHand, 3, MeasureStatus.Lifted, nine), Reason = "Austria took the trains", LiftedAt = nine.AddMinutes(5),
        });

        // In force overnight until 00:30 Slovenian time on the 20th: before midnight UTC, yet part of Slovenia's day.
        var overnight = Guid.NewGuid();
        var evening = new DateTimeOffset(2015, 10, 19, 23, 0, 0, Cest);
        var halfPastMidnight = new DateTimeOffset(2015, 10, 20, 0, 30, 0, Cest);
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = Notice(overnight, 1, MeasureStatus.Planned, evening, halfPastMidnight, "Night closure") });
        await Host.ContactPoints.Publish(new MeasureTookEffect { Measure = Notice(overnight, 2, MeasureStatus.InForce, evening, halfPastMidnight, "Night closure") });
        await Host.ContactPoints.Publish(new MeasureLifted
        {
            Measure = Notice(overnight, 3, MeasureStatus.Lifted, evening, halfPastMidnight, "Night closure"), LiftedAt = halfPastMidnight,
        });

        // Starts at 00:30 on the 21st in Slovenia: still the 20th in UTC, but not Slovenia's 20th.
        var tomorrow = Guid.NewGuid();
        await Host.ContactPoints.Publish(new MeasureAnnounced
        {
            Measure = Notice(tomorrow, 1, MeasureStatus.Planned, new DateTimeOffset(2015, 10, 21, 0, 30, 0, Cest), title: "Tomorrow's cap"),
        });

        var cancelled = Guid.NewGuid();
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = Notice(cancelled, 1, MeasureStatus.Planned, nine.AddHours(3)) });
        await Host.ContactPoints.Publish(new MeasureCancelled { Measure = Notice(cancelled, 2, MeasureStatus.Cancelled, nine.AddHours(3)), Reason = "Talks succeeded" });

        await Host.ContactPoints.Publish(Messages.Report("SI", Day, arrivals: 8000));
        await RelayedAsync(liftedByHand, 3);
        await RelayedAsync(overnight, 3);
        await RelayedAsync(tomorrow, 1);
        await RelayedAsync(cancelled, 2);
        await Host.WaitUntilAsync(db => db.Reports.AnyAsync(r => r.Country == "SI" && r.ReportDate == Day && r.Relayed), "Slovenia's report");

        var first = await Host.Http.GetStringAsync(new Uri($"/api/picture?date={Day:yyyy-MM-dd}", UriKind.Relative));
        var slovenia = JsonNode.Parse(first)!["participants"]!.AsArray().Single(p => (string?)p!["country"] == "SI")!;
        var inForce = slovenia["measuresInForce"]!.AsArray().ToDictionary(m => (string)m!["measureId"]!, m => m!);
        Assert.That(inForce.Keys, Is.EquivalentTo(new[] { liftedByHand.ToString(), overnight.ToString() }),
            "the cap lifted at 09:05 and the closure that ended at 00:30 were in force on Slovenia's 20th; the others were not");
        Assert.That((bool?)inForce[liftedByHand.ToString()]["lifted"], Is.True);
        Assert.That(DateTimeOffset.Parse((string)inForce[liftedByHand.ToString()]["effectiveUntil"]!, System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(nine.AddMinutes(5)), "ended when it was lifted");

        _clock.Advance(TimeSpan.FromDays(7));
        var again = await Host.Http.GetStringAsync(new Uri($"/api/picture?date={Day:yyyy-MM-dd}", UriKind.Relative));
        Assert.That(again, Is.EqualTo(first), "a week later, the same day reads the same");
    }

    [Test]
    public async Task Should_show_a_measure_announced_after_it_took_effect_as_retroactive_and_keep_it_out_of_the_median()
    {
        var announcedAt = _clock.GetUtcNow();
        MeasureNotice Hungarian(Guid id, double leadHours) => Messages.Cap("HU", id, 1, MeasureStatus.Planned, "HR-HU-BOTOVO") with
        {
            AnnouncedAt = announcedAt, EffectiveFrom = announcedAt.AddHours(leadHours),
        };
        var ahead = Guid.NewGuid();
        var late = Guid.NewGuid();
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = Hungarian(ahead, 30) });
        await Host.ContactPoints.Publish(new MeasureAnnounced { Measure = Hungarian(late, -72) with { Status = MeasureStatus.InForce } });
        await RelayedAsync(ahead, 1);
        await RelayedAsync(late, 1);

        var measures = (await Host.Http.GetFromJsonAsync<JsonObject>("/api/measures?country=HU&limit=100"))!;
        var retroactive = measures["items"]!.AsArray().Single(m => (string?)m!["measure"]!["measureId"] == late.ToString())!;
        Assert.That((bool?)retroactive["retroactive"], Is.True);
        Assert.That((string?)retroactive["leadTime"], Is.EqualTo("announced 3 days after it took effect"));
        Assert.That((bool?)retroactive["shortNotice"], Is.False, "retroactive is counted apart, not as short notice");
        var figures = measures["figures"]!["HU"]!;
        Assert.That((int)figures["announced"]!, Is.EqualTo(2));
        Assert.That((int)figures["retroactive"]!, Is.EqualTo(1));
        Assert.That((double)figures["medianLeadTimeHours"]!, Is.EqualTo(30), "the median is of the measures announced ahead");
    }
}
