using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BalkanHub.Client;

namespace BalkanHub.Cli.Simulation;

/// <summary>
/// Replays the scenario through the public API, as each country's officers would: daily reports, the
/// measures on the days they were announced, and the Civil Protection Mechanism request with its offers.
/// Each country posts to its own contact point with its own token. Reports carry a key derived from the
/// seed, country and day, so running the replay again stores nothing twice.
/// </summary>
public static partial class ScenarioSimulator
{
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
        try
        {
            var model = new FlowModel(scenario, settings.Seed);
            // The model carries people from day to day, so days before the first replayed one are run too, without posting.
            for (var day = scenario.From; day < first; day = day.AddDays(1))
                model.Day(day);
            var state = new AssistanceState();
            int reports = 0, measures = 0, done = 0, total = last.DayNumber - first.DayNumber + 1;
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                var clock = Stopwatch.StartNew();
                var events = new List<string>();
                foreach (var measure in scenario.Measures.Where(m => m.Announce == day))
                {
                    foreach (var country in measure.Announcers.Where(clients.ContainsKey))
                    {
                        await clients[country].AnnounceMeasureAsync(measure.Notice.DeepClone(), Key(settings, $"measure-{country}-{day:yyyyMMdd}-{measure.Notice["type"]}"), cancellationToken);
                        measures++;
                    }
                    events.Add($"{string.Join(", ", measure.Announcers)}: {measure.Notice["title"]}");
                }
                foreach (var (country, report) in model.Day(day).OrderBy(r => r.Key, StringComparer.Ordinal))
                {
                    if (!clients.TryGetValue(country, out var client))
                        continue;
                    await client.SubmitReportAsync(report, Key(settings, $"report-{country}-{day:yyyyMMdd}"), cancellationToken);
                    reports++;
                }
                await AssistAsync(scenario, day, clients, state, events, cancellationToken);
                progress?.Report(new SimulationProgress(day, ++done, total, reports, measures, events));
                var rest = settings.PerDay - clock.Elapsed;
                if (rest > TimeSpan.Zero && day < last)
                    await Task.Delay(rest, cancellationToken);
            }
        }
        finally
        {
            foreach (var client in clients.Values)
                client.Dispose();
        }
    }

    static string Key(SimulationSettings settings, string what) => string.Create(CultureInfo.InvariantCulture, $"sim-{settings.Seed}-{what}");

    sealed class AssistanceState
    {
        public Dictionary<ScenarioRequest, string> Requests { get; } = [];

        public Dictionary<ScenarioOffer, string> Offers { get; } = [];
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
                var needs = await requester.PostAsync<JsonObject>("api/needs", new JsonObject
                {
                    ["title"] = request.Title, ["items"] = request.Items.DeepClone(), ["planPoints"] = new JsonArray((request.PlanPoints ?? []).Select(p => (JsonNode)p).ToArray()),
                }, null, cancellationToken);
                var opened = await requester.PostAsync<JsonObject>($"api/needs/{needs["needsAnalysisId"]}/request", null, null, cancellationToken);
                state.Requests[request] = (string)opened["requestId"]!;
                events.Add($"{request.Country} asks for assistance: {request.Title}");
            }
            if (!state.Requests.TryGetValue(request, out var requestId))
                continue;
            foreach (var offer in request.Offers.Where(o => clients.ContainsKey(o.Country)))
            {
                var offerer = clients[offer.Country];
                if (offer.Day == day)
                {
                    // The request reaches the offering country through the hub; wait for it as an officer would.
                    await UntilAsync(async () => await Exists(offerer, $"api/requests/{requestId}", cancellationToken), cancellationToken);
                    var made = await offerer.PostAsync<JsonObject>($"api/requests/{requestId}/offers", new JsonObject { ["items"] = offer.Items.DeepClone() }, null, cancellationToken);
                    var offerId = (string)made["offerId"]!;
                    state.Offers[offer] = offerId;
                    await UntilAsync(async () => (await requester.GetAsync<JsonArray>("api/offers", cancellationToken)).Any(o => (string?)o!["offerId"] == offerId), cancellationToken);
                    await requester.PostAsync<JsonObject>($"api/offers/{offerId}/accept", null, null, cancellationToken);
                    await UntilAsync(async () => (await offerer.GetAsync<JsonArray>("api/offers", cancellationToken))
                        .Any(o => (string?)o!["offerId"] == offerId && (string?)o["status"] == "accepted"), cancellationToken);
                    await offerer.PostAsync<JsonObject>($"api/offers/{offerId}/commit", null, null, cancellationToken);
                    await offerer.PostAsync<JsonObject>($"api/offers/{offerId}/dispatch", null, null, cancellationToken);
                    events.Add($"{offer.Country} offers {Describe(offer.Items)}; {request.Country} accepts");
                }
                if (offer.Deliver == day && state.Offers.TryGetValue(offer, out var id))
                {
                    await offerer.PostAsync<JsonObject>($"api/offers/{id}/deliver", null, null, cancellationToken);
                    events.Add($"{offer.Country} delivers {Describe(offer.Items)} to {request.Country}");
                }
            }
        }
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

    static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(1))
                throw new TimeoutException("The hub did not relay the assistance step within a minute.");
            await Task.Delay(200, cancellationToken);
        }
    }
}
