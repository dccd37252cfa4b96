using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BalkanHub.Api.Contracts.ContactPoint;
using BalkanHub.Client;
using BalkanHub.Contracts;
using BalkanHub.Domain.Time;

namespace BalkanHub.Cli.Simulation;

/// <summary>
/// Replays the scenario through the public API, as each country's officers would, on the replay's own
/// clock: a day's report after the day has ended and before its deadline (a few late on purpose),
/// measures at their 2015 announcement times, acknowledgements of the measures relayed to each country,
/// and the Civil Protection Mechanism request with its offers on their days. Each country posts to its own
/// contact point with its own token. Reports carry a key derived from the seed, country and day, so
/// running the replay again stores nothing twice.
/// </summary>
public static partial class ScenarioSimulator
{
    /// <summary>When assistance steps are taken on their day (UTC).</summary>
    static readonly TimeOnly AssistanceHour = new(9, 0);

    /// <summary>Replays the days the settings select, one every <see cref="SimulationSettings.PerDay"/>.</summary>
    public static async Task RunAsync(SimulationSettings settings, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var scenario = Scenario.Load(settings.ScenarioPath);
        var first = settings.From ?? scenario.From;
        var last = settings.Days is { } days ? first.AddDays(days - 1) : scenario.To;
        if (first < scenario.From || last > scenario.To || last < first)
            throw new ArgumentException($"The scenario covers {scenario.From:yyyy-MM-dd} to {scenario.To:yyyy-MM-dd}; {first:yyyy-MM-dd} to {last:yyyy-MM-dd} is outside it.");
        var clients = settings.ContactPoints.ToDictionary(p => p.Key, p => BalkanHubClient.Create(p.Value, DevelopmentTokens.Create(settings.DevelopmentKey, p.Key, "officer")),
            StringComparer.Ordinal);
        DateTimeOffset? realStart = settings.RealStart;
        var clock = new ScenarioClock(Midnight(first), () => realStart, settings.PerDay.TotalSeconds, scenario.Clock.End);
        var timeline = Timeline(scenario, settings, first, last, clients);
        using var gate = new Gate(settings.ClockFile);
        // Automatic steps after the last replayed day are not waited for: the replay ends before them.
        var end = Midnight(last.AddDays(1));
        using var hub = new Hub(settings, cancellationToken);
        var officers = new Officers(scenario, clock, clients, gate, hub, cancellationToken);
        using var stopGate = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var gating = Task.CompletedTask;
        try
        {
            await officers.StartAsync();
            var neighbours = await NeighboursAsync(settings, clients, cancellationToken);
            // Every step holds the clock at its time until it is done, from before the clock even starts, so the
            // hold always sits at the earliest step not yet done and nothing can run ahead of it.
            var holds = timeline.Select(step => gate.Pending(step.At)).ToList();
            // The same clock the services run on: they read the real start from the file written here, once
            // the officers listen, with a moment for every service to notice the file.
            realStart ??= DateTimeOffset.UtcNow.AddSeconds(settings.ClockFile is null ? 0 : 1);
            gating = gate.RunAsync(realStart.Value, stopGate.Token);
            var state = new AssistanceState();
            var running = new List<Task>();
            int reports = 0, measures = 0, done = 0, total = last.DayNumber - first.DayNumber + 1;
            var events = new List<string>();
            var day = first;
            foreach (var (step, hold) in timeline.Zip(holds))
            {
                // A day is over when the clock passes its end: say what happened in it.
                while (day <= last && step.At >= Midnight(day.AddDays(1)))
                {
                    await UntilAsync(clock, Midnight(day.AddDays(1)), cancellationToken);
                    lock (events)
                    {
                        progress?.Report(new SimulationProgress(day, ++done, total, Volatile.Read(ref reports), Volatile.Read(ref measures), [.. events]));
                        events.Clear();
                    }
                    day = day.AddDays(1);
                }
                // Its time has come, and everything the officers owed before it is done: the hub's clock is here too.
                await UntilAsync(clock, step.At, cancellationToken);
                await gate.NothingBeforeAsync(step.At, cancellationToken);
                switch (step)
                {
                    case ReportStep report:
                        running.Add(Task.Run(async () =>
                        {
                            using (hold)
                            {
                                var accepted = await clients[report.Country].SubmitReportAsync(report.Body, Key(settings, $"report-{report.Country}-{report.Day:yyyyMMdd}"), cancellationToken);
                                // Held until the aggregator has it too, so its deadline check never runs ahead of a report on its way.
                                await hub.StoredAsync(ItemKeys.Report(report.Country, report.Day, accepted.Version));
                            }
                            Interlocked.Increment(ref reports);
                        }, cancellationToken));
                        break;
                    case MeasureStep announce:
                        var measure = announce.Measure;
                        var recipients = neighbours[measure.Country];
                        // Its automatic steps are held too, until every neighbour's officers have them.
                        var tookEffect = measure.EffectiveFrom < end ? gate.Pending(measure.EffectiveFrom) : null;
                        var lifted = measure.EffectiveUntil < end ? gate.Pending(measure.EffectiveUntil) : null;
                        using (hold)
                        {
                            var view = await clients[measure.Country].AnnounceMeasureAsync(measure.Notice.DeepClone(),
                                Key(settings, $"measure-{measure.Country}-{measure.AnnouncedAt:yyyyMMddHHmm}-{measure.Notice["type"]}"), cancellationToken);
                            Interlocked.Increment(ref measures);
                            lock (events)
                                events.Add(string.Create(CultureInfo.InvariantCulture,
                                $"{measure.Country}: {measure.Notice["title"]} (announced {measure.AnnouncedAt:dd MMM HH:mm} UTC, lead time {view.LeadTimeHours:0.#} h)"));
                            await officers.SeenAsync(view.Measure.MeasureId, "MeasureAnnounced", recipients);
                            if (tookEffect is not null)
                                running.Add(officers.SeenThenReleaseAsync(view.Measure.MeasureId, "MeasureTookEffect", recipients, tookEffect));
                            if (lifted is not null)
                                running.Add(officers.SeenThenReleaseAsync(view.Measure.MeasureId, "MeasureLifted", recipients, lifted));
                        }
                        break;
                    case AssistanceStep assist:
                        running.Add(Task.Run(async () =>
                        {
                            using (hold)
                                await AssistAsync(scenario, assist.Day, clients, state, events, cancellationToken);
                        }, cancellationToken));
                        break;
                }
            }
            await Task.WhenAll(running);
            while (day <= last)
            {
                progress?.Report(new SimulationProgress(day, ++done, total, reports, measures, [.. events]));
                events.Clear();
                day = day.AddDays(1);
            }
            await officers.FinishAsync();
        }
        finally
        {
            // Released: after the replay the clock runs free (at real pace from the scenario's end).
            await stopGate.CancelAsync();
            await gating;
            await officers.DisposeAsync();
            foreach (var client in clients.Values)
                client.Dispose();
        }
    }

    /// <summary>Each country's neighbours on the route, among those replayed: who receives its measures.</summary>
    static async Task<Dictionary<string, string[]>> NeighboursAsync(SimulationSettings settings, Dictionary<string, BalkanHubClient> clients, CancellationToken cancellationToken)
    {
        using var commission = BalkanHubClient.Create(settings.Aggregator, DevelopmentTokens.Create(settings.DevelopmentKey, "EU", "commission"));
        var route = await commission.GetAsync<JsonObject>("api/dashboard/route", cancellationToken);
        var borders = route["borders"]!.AsArray().Select(b => ((string)b!["a"]!, (string)b["b"]!)).ToList();
        return clients.Keys.ToDictionary(c => c,
            c => borders.Where(b => b.Item1 == c || b.Item2 == c).Select(b => b.Item1 == c ? b.Item2 : b.Item1).Where(clients.ContainsKey).ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Holds the services' clocks at the earliest thing the officers have not yet done, through the clock
    /// file. When the simulator keeps pace the hold is never reached; when a loaded machine slows it down,
    /// the replay waits for it instead of stamping its reports late and its lead times short. Without a
    /// clock file (a fixed real start) nothing is held.
    /// </summary>
    sealed class Gate(string? file) : IDisposable
    {
        readonly SortedDictionary<DateTimeOffset, int> _pending = [];
        readonly SemaphoreSlim _changed = new(0);

        /// <summary>Something to do at <paramref name="at"/>: the clock is held there until it is disposed.</summary>
        public IDisposable Pending(DateTimeOffset at)
        {
            lock (_pending)
                _pending[at] = _pending.GetValueOrDefault(at) + 1;
            Changed();
            return new Done(this, at);
        }

        /// <summary>Waits until nothing held earlier than <paramref name="at"/> is still to do, so steps never overtake one another.</summary>
        public async Task NothingBeforeAsync(DateTimeOffset at, CancellationToken cancellationToken)
        {
            while (Earliest() is { } earliest && earliest < at)
                await Task.Delay(5, cancellationToken);
        }

        DateTimeOffset? Earliest()
        {
            lock (_pending)
                return _pending.Count == 0 ? null : _pending.Keys.First();
        }

        void Changed()
        {
            if (_changed.CurrentCount == 0)
                _changed.Release();
        }

        /// <summary>Writes the real start and then each new hold, until stopped; then releases the hold.</summary>
        public async Task RunAsync(DateTimeOffset realStart, CancellationToken stop)
        {
            if (file is null)
                return;
            DateTimeOffset? written = null;
            var first = true;
            try
            {
                while (true)
                {
                    var hold = Earliest();
                    if (first || hold != written)
                    {
                        await ClockFile.WriteAsync(file, realStart, hold, CancellationToken.None);
                        written = hold;
                        first = false;
                    }
                    await _changed.WaitAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                await ClockFile.WriteAsync(file, realStart, null, CancellationToken.None);
            }
        }

        public void Dispose() => _changed.Dispose();

        sealed class Done(Gate gate, DateTimeOffset at) : IDisposable
        {
            int _disposed;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 1)
                    return;
                lock (gate._pending)
                {
                    if (--gate._pending[at] == 0)
                        gate._pending.Remove(at);
                }
                gate.Changed();
            }
        }
    }

    static DateTimeOffset Midnight(DateOnly day) => new(day, TimeOnly.MinValue, TimeSpan.Zero);

    /// <summary>Waits, in real time, until the replay's free-running clock reads <paramref name="at"/>.</summary>
    static async Task UntilAsync(ScenarioClock clock, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var wait = clock.RealOf(at) - clock.Real.GetUtcNow();
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, cancellationToken);
    }

    abstract record Step(DateTimeOffset At);

    sealed record ReportStep(DateTimeOffset At, string Country, DateOnly Day, JsonObject Body) : Step(At);

    sealed record MeasureStep(DateTimeOffset At, ScenarioMeasure Measure) : Step(At);

    sealed record AssistanceStep(DateTimeOffset At, DateOnly Day) : Step(At);

    /// <summary>Everything the officers do, in the order of the replayed clock.</summary>
    static List<Step> Timeline(Scenario scenario, SimulationSettings settings, DateOnly first, DateOnly last, Dictionary<string, BalkanHubClient> clients)
    {
        var steps = new List<Step>();
        var model = new FlowModel(scenario, settings.Seed);
        // The model carries people from day to day, so days before the first replayed one are run too, without posting.
        for (var day = scenario.From; day <= last; day = day.AddDays(1))
        {
            var reports = model.Day(day);
            if (day < first)
                continue;
            steps.AddRange(reports.Where(r => clients.ContainsKey(r.Key)).Select(r => new ReportStep(scenario.ReportTime(r.Key, day), r.Key, day, r.Value)));
            if (scenario.Assistance.Any(r => r.Day == day || r.Offers.Any(o => o.Day == day || o.Deliver == day)))
                steps.Add(new AssistanceStep(new DateTimeOffset(day, AssistanceHour, TimeSpan.Zero), day));
        }
        steps.AddRange(scenario.Measures
            .Where(m => clients.ContainsKey(m.Country) && DateOnly.FromDateTime(m.AnnouncedAt.UtcDateTime) is var day && day >= first && day <= last)
            .Select(m => new MeasureStep(m.AnnouncedAt, m)));
        return [.. steps.OrderBy(s => s.At)];
    }

    static string Key(SimulationSettings settings, string what) => string.Create(CultureInfo.InvariantCulture, $"sim-{settings.Seed}-{what}");

    /// <summary>The aggregator, read as the Commission: whether an item has been stored there yet.</summary>
    sealed class Hub(SimulationSettings settings, CancellationToken cancellationToken) : IDisposable
    {
        readonly BalkanHubClient _commission = BalkanHubClient.Create(settings.Aggregator, DevelopmentTokens.Create(settings.DevelopmentKey, "EU", "commission"));

        /// <summary>Waits until the aggregator has stored <paramref name="itemKey"/>.</summary>
        public async Task StoredAsync(string itemKey)
        {
            var deadline = Stopwatch.StartNew();
            while (!await Exists(_commission, $"api/items/{Uri.EscapeDataString(itemKey)}", cancellationToken))
            {
                if (deadline.Elapsed > TimeSpan.FromMinutes(2))
                    throw new TimeoutException($"The aggregator did not store {itemKey} within two minutes.");
                await Task.Delay(20, cancellationToken);
            }
        }

        public void Dispose() => _commission.Dispose();
    }

    /// <summary>
    /// Each country's officers: they follow their inbox through <c>/hubs/alerts</c> and acknowledge every
    /// relayed measure when the scenario says, by the replayed clock (most within the hour, a planted few late).
    /// </summary>
    sealed class Officers(Scenario scenario, ScenarioClock clock, Dictionary<string, BalkanHubClient> clients, Gate gate, Hub hub, CancellationToken cancellationToken)
        : IAsyncDisposable
    {
        readonly List<AlertsSubscription> _subscriptions = [];
        readonly ConcurrentBag<Task> _acknowledgements = [];
        readonly ConcurrentDictionary<(Guid Measure, string MessageType), ConcurrentDictionary<string, bool>> _seen = new();

        /// <summary>Waits until each of <paramref name="countries"/> has the measure's step in its inbox.</summary>
        public async Task SeenAsync(Guid measureId, string messageType, IReadOnlyCollection<string> countries)
        {
            var deadline = Stopwatch.StartNew();
            while (!countries.All(c => _seen.TryGetValue((measureId, messageType), out var seen) && seen.ContainsKey(c)))
            {
                if (deadline.Elapsed > TimeSpan.FromMinutes(2))
                    throw new TimeoutException($"{messageType} of measure {measureId} did not reach {string.Join(", ", countries)} within two minutes.");
                await Task.Delay(10, cancellationToken);
            }
        }

        void Seen(Guid measureId, string messageType, string country) =>
            _seen.GetOrAdd((measureId, messageType), _ => new(StringComparer.Ordinal))[country] = true;

        /// <summary>Holds the clock at a measure's automatic step until every neighbour has it, then releases it.</summary>
        public async Task SeenThenReleaseAsync(Guid measureId, string messageType, IReadOnlyCollection<string> countries, IDisposable hold)
        {
            using (hold)
                await SeenAsync(measureId, messageType, countries);
        }

        public async Task StartAsync()
        {
            foreach (var (country, client) in clients)
                _subscriptions.Add(await client.SubscribeAsync(0, item => OnItem(country, client, item), cancellationToken));
        }

        Task OnItem(string country, BalkanHubClient client, InboxItemView item)
        {
            var measureId = MeasureId(item.Payload);
            if (!item.RequiresAcknowledgement || item.AcknowledgedAt is not null)
            {
                // A step that asks for no acknowledgement (took effect, lifted: the announcement's covers them) has arrived all the same.
                if (measureId is { } arrived)
                    Seen(arrived, item.MessageType, country);
                return Task.CompletedTask;
            }
            var at = item.RelayedAt + scenario.Acknowledgements.Delay(country, item.Source, MeasureType(item.Payload));
            // Held there before the arrival counts as seen, so the clock is never free between the two.
            var hold = gate.Pending(at);
            if (measureId is { } owed)
                Seen(owed, item.MessageType, country);
            _acknowledgements.Add(Task.Run(async () =>
            {
                using (hold)
                {
                    // When the hub's clock gets there: not before the steps held earlier are done.
                    await UntilAsync(clock, at, cancellationToken);
                    await gate.NothingBeforeAsync(at, cancellationToken);
                    await client.AcknowledgeAsync(item.Sequence, cancellationToken);
                    // Held until the aggregator has it, so its deadline check never escalates an acknowledgement on its way.
                    await hub.StoredAsync(ItemKeys.Acknowledgement(country, item.ItemKey));
                }
            }, cancellationToken));
            return Task.CompletedTask;
        }

        static Guid? MeasureId(JsonElement payload) =>
            payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("measure", out var measure) && measure.TryGetProperty("measureId", out var id)
                && id.TryGetGuid(out var guid) ? guid : null;

        static string? MeasureType(JsonElement payload) =>
            payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("measure", out var measure) && measure.TryGetProperty("type", out var type)
                ? type.GetString()
                : null;

        /// <summary>Waits for the acknowledgements already due, giving late relays a moment to arrive.</summary>
        public async Task FinishAsync()
        {
            var quiet = Stopwatch.StartNew();
            var seen = -1;
            while (quiet.Elapsed < TimeSpan.FromSeconds(2))
            {
                if (_acknowledgements.Count != seen)
                {
                    seen = _acknowledgements.Count;
                    quiet.Restart();
                }
                await Task.Delay(200, cancellationToken);
            }
            await Task.WhenAll(_acknowledgements);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var subscription in _subscriptions)
                await subscription.DisposeAsync();
        }
    }

    sealed class AssistanceState
    {
        public Dictionary<ScenarioRequest, Task<string>> Requests { get; } = [];

        public ConcurrentDictionary<ScenarioOffer, Task<string>> Offers { get; } = [];
    }

    /// <summary>Opens the needs analysis and request, makes, accepts and moves the offers on their days.</summary>
    static async Task AssistAsync(Scenario scenario, DateOnly day, Dictionary<string, BalkanHubClient> clients, AssistanceState state, List<string> events,
        CancellationToken cancellationToken)
    {
        foreach (var request in scenario.Assistance.Where(r => clients.ContainsKey(r.Country)))
        {
            var requester = clients[request.Country];
            if (request.Day == day)
            {
                state.Requests[request] = OpenAsync(requester, request, cancellationToken);
                lock (events)
                    events.Add($"{request.Country} asks for assistance: {request.Title}");
            }
            if (!state.Requests.TryGetValue(request, out var opening))
                continue;
            var requestId = await opening;
            foreach (var offer in request.Offers.Where(o => clients.ContainsKey(o.Country)))
            {
                var offerer = clients[offer.Country];
                if (offer.Day == day)
                {
                    state.Offers[offer] = OfferAsync(requester, offerer, requestId, offer, cancellationToken);
                    await state.Offers[offer];
                    lock (events)
                        events.Add($"{offer.Country} offers {Describe(offer.Items)}; {request.Country} accepts");
                }
                if (offer.Deliver == day && state.Offers.TryGetValue(offer, out var made))
                {
                    await offerer.PostAsync<JsonObject>($"api/offers/{await made}/deliver", null, null, cancellationToken);
                    lock (events)
                        events.Add($"{offer.Country} delivers {Describe(offer.Items)} to {request.Country}");
                }
            }
        }
    }

    static async Task<string> OpenAsync(BalkanHubClient requester, ScenarioRequest request, CancellationToken cancellationToken)
    {
        var needs = await requester.PostAsync<JsonObject>("api/needs", new JsonObject
        {
            ["title"] = request.Title, ["items"] = request.Items.DeepClone(), ["planPoints"] = new JsonArray((request.PlanPoints ?? []).Select(p => (JsonNode)p).ToArray()),
        }, null, cancellationToken);
        var opened = await requester.PostAsync<JsonObject>($"api/needs/{needs["needsAnalysisId"]}/request", null, null, cancellationToken);
        return (string)opened["requestId"]!;
    }

    static async Task<string> OfferAsync(BalkanHubClient requester, BalkanHubClient offerer, string requestId, ScenarioOffer offer, CancellationToken cancellationToken)
    {
        // The request reaches the offering country through the hub; wait for it as an officer would.
        await RetryUntilAsync(async () => await Exists(offerer, $"api/requests/{requestId}", cancellationToken), cancellationToken);
        var made = await offerer.PostAsync<JsonObject>($"api/requests/{requestId}/offers", new JsonObject { ["items"] = offer.Items.DeepClone() }, null, cancellationToken);
        var offerId = (string)made["offerId"]!;
        await RetryUntilAsync(async () => (await requester.GetAsync<JsonArray>("api/offers", cancellationToken)).Any(o => (string?)o!["offerId"] == offerId), cancellationToken);
        await requester.PostAsync<JsonObject>($"api/offers/{offerId}/accept", null, null, cancellationToken);
        await RetryUntilAsync(async () => (await offerer.GetAsync<JsonArray>("api/offers", cancellationToken))
            .Any(o => (string?)o!["offerId"] == offerId && (string?)o["status"] == "accepted"), cancellationToken);
        await offerer.PostAsync<JsonObject>($"api/offers/{offerId}/commit", null, null, cancellationToken);
        await offerer.PostAsync<JsonObject>($"api/offers/{offerId}/dispatch", null, null, cancellationToken);
        return offerId;
    }

    static string Describe(JsonArray items) => string.Join(", ", items.Select(i => $"{i!["quantity"]} {i["item"]}"));

    static async Task<bool> Exists(BalkanHubClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetAsync<JsonObject>(path, cancellationToken);
            return true;
        }
        catch (BalkanHubApiException e) when (e.Status == 404)
        {
            return false;
        }
    }

    static async Task RetryUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(1))
                throw new TimeoutException("The hub did not relay the assistance step within a minute.");
            await Task.Delay(100, cancellationToken);
        }
    }
}
