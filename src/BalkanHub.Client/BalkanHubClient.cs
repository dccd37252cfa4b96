using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using BalkanHub.Api.Contracts.Aggregator;
using BalkanHub.Api.Contracts.ContactPoint;
using BalkanHub.Contracts;
using Hub = BalkanHub.Api.Contracts.Aggregator;
using NeedsView = BalkanHub.Api.Contracts.ContactPoint.NeedsView;
using OfferView = BalkanHub.Api.Contracts.ContactPoint.OfferView;
using RequestView = BalkanHub.Api.Contracts.ContactPoint.RequestView;

namespace BalkanHub.Client;

/// <summary>How the client retries, times out and stops calling a service that keeps failing.</summary>
public sealed class BalkanHubClientOptions
{
    /// <summary>Retries after a transient failure (default 4), with exponential back-off and jitter.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first back-off (default 500 ms).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait for one attempt (default 15 s).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// A typed client of one BalkanHub service: a country's contact point (reports, measures, inbox, alerts,
/// assistance) or the aggregator (feed, items, picture, measures, compliance, commitments, assistance,
/// exports). Answers are the records of <c>BalkanHub.Api.Contracts</c>, the very ones the services write,
/// so no field is lost between them. Transient failures are retried with jitter behind a circuit
/// breaker; posts carry an <c>Idempotency-Key</c>, so a retried post is stored once.
/// </summary>
public sealed class BalkanHubClient : IDisposable
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>The JSON options the client reads answers with (the web defaults, as the services write them).</summary>
    public static JsonSerializerOptions JsonOptions => Json;
    readonly HttpClient _http;
    readonly bool _ownsHttp;
    readonly string? _token;

    /// <summary>Uses an <see cref="HttpClient"/> the caller configured (for example through <c>IHttpClientFactory</c>).</summary>
    public BalkanHubClient(HttpClient http, string? token = null) : this(http, token, ownsHttp: false)
    {
    }

    BalkanHubClient(HttpClient http, string? token, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _token = token;
        _ownsHttp = ownsHttp;
        if (token is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The service's address.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Creates a client for the service at <paramref name="baseAddress"/>, presenting <paramref name="token"/>.</summary>
    public static BalkanHubClient Create(Uri baseAddress, string? token, BalkanHubClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        options ??= new BalkanHubClientOptions();
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions())
            .AddTimeout(options.AttemptTimeout)
            .Build();
#pragma warning disable CA2000 // The handlers belong to the HttpClient, which the client disposes.
        var http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() })
#pragma warning restore CA2000
        {
            BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return new BalkanHubClient(http, token, ownsHttp: true);
    }

    // Contact point: reports and measures

    /// <summary>Submits a daily report, or a correction of the same day's report, given as the JSON body the API takes.</summary>
    public Task<ReportAccepted> SubmitReportAsync(JsonNode report, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        PostAsync<ReportAccepted>("api/reports", report, idempotencyKey ?? Guid.NewGuid().ToString("N"), cancellationToken);

    /// <summary>Announces a measure, given as the JSON body the API takes.</summary>
    public Task<MeasureView> AnnounceMeasureAsync(JsonNode notice, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        PostAsync<MeasureView>("api/measures", notice, idempotencyKey ?? Guid.NewGuid().ToString("N"), cancellationToken);

    /// <summary>Updates a planned or in-force measure.</summary>
    public async Task<MeasureView> UpdateMeasureAsync(Guid measureId, JsonNode notice, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PutAsJsonAsync($"api/measures/{measureId}", notice, Json, cancellationToken);
        return await ReadAsync<MeasureView>(response, cancellationToken);
    }

    /// <summary>Cancels a planned measure.</summary>
    public Task<MeasureView> CancelMeasureAsync(Guid measureId, string? reason = null, CancellationToken cancellationToken = default) =>
        PostAsync<MeasureView>($"api/measures/{measureId}/cancel", new JsonObject { ["reason"] = reason }, null, cancellationToken);

    /// <summary>Lifts a measure in force.</summary>
    public Task<MeasureView> LiftMeasureAsync(Guid measureId, string? reason = null, CancellationToken cancellationToken = default) =>
        PostAsync<MeasureView>($"api/measures/{measureId}/lift", new JsonObject { ["reason"] = reason }, null, cancellationToken);

    // Contact point: inbox

    /// <summary>Items relayed to this country after <paramref name="after"/>, in sequence order.</summary>
    public Task<InboxPage> GetInboxAsync(long after = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        GetAsync<InboxPage>(string.Create(CultureInfo.InvariantCulture, $"api/inbox?after={after}&limit={limit}"), cancellationToken);

    /// <summary>One item relayed to this country.</summary>
    public Task<InboxItemView> GetInboxItemAsync(long sequence, CancellationToken cancellationToken = default) =>
        GetAsync<InboxItemView>(string.Create(CultureInfo.InvariantCulture, $"api/inbox/{sequence}"), cancellationToken);

    /// <summary>Acknowledges an item; acknowledging twice changes nothing.</summary>
    public Task<Acknowledgement> AcknowledgeAsync(long sequence, CancellationToken cancellationToken = default) =>
        PostAsync<Acknowledgement>(string.Create(CultureInfo.InvariantCulture, $"api/inbox/{sequence}/ack"), null, null, cancellationToken);

    /// <summary>
    /// Subscribes to this country's <c>/hubs/alerts</c>. Every item after <paramref name="after"/> reaches
    /// <paramref name="onItem"/> once, in sequence order, across reconnects and service restarts.
    /// </summary>
    public Task<AlertsSubscription> SubscribeAsync(long after, Func<InboxItemView, Task> onItem, CancellationToken cancellationToken = default) =>
        AlertsSubscription.StartAsync(new Uri(BaseAddress, "hubs/alerts"), _token, after, onItem, cancellationToken);

    // Contact point: assistance (needs analyses, requests, offers)

    /// <summary>Opens a needs analysis, given as the JSON body <c>POST /api/needs</c> takes (title, items, optional plan points and exercise flag).</summary>
    public Task<NeedsView> OpenNeedsAsync(JsonNode needs, CancellationToken cancellationToken = default) =>
        PostAsync<NeedsView>("api/needs", needs, null, cancellationToken);

    /// <summary>This country's needs analyses.</summary>
    public Task<List<NeedsView>> GetNeedsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<List<NeedsView>>("api/needs", cancellationToken);

    /// <summary>Turns an open needs analysis into an assistance request asking for its items.</summary>
    public Task<RequestView> RequestFromNeedsAsync(Guid needsAnalysisId, CancellationToken cancellationToken = default) =>
        PostAsync<RequestView>($"api/needs/{needsAnalysisId}/request", null, null, cancellationToken);

    /// <summary>Closes an open needs analysis without a request.</summary>
    public Task<NeedsView> CloseNeedsAsync(Guid needsAnalysisId, string? note = null, CancellationToken cancellationToken = default) =>
        PostAsync<NeedsView>($"api/needs/{needsAnalysisId}/close", Note(note), null, cancellationToken);

    /// <summary>Requests known to this contact point: its own, with offers and coverage, and those relayed to it; optionally of one status.</summary>
    public Task<List<RequestView>> GetRequestsAsync(RequestStatus? status = null, CancellationToken cancellationToken = default) =>
        GetAsync<List<RequestView>>("api/requests" + (status is null ? "" : $"?status={status}"), cancellationToken);

    /// <summary>One request known to this contact point.</summary>
    public Task<RequestView> GetRequestAsync(Guid requestId, CancellationToken cancellationToken = default) =>
        GetAsync<RequestView>($"api/requests/{requestId}", cancellationToken);

    /// <summary>Withdraws this country's open request.</summary>
    public Task<RequestView> WithdrawRequestAsync(Guid requestId, string? note = null, CancellationToken cancellationToken = default) =>
        PostAsync<RequestView>($"api/requests/{requestId}/withdraw", Note(note), null, cancellationToken);

    /// <summary>Offers items against another participant's open request, given as the JSON body the API takes (items, optional note and plan points).</summary>
    public Task<OfferView> OfferAsync(Guid requestId, JsonNode offer, CancellationToken cancellationToken = default) =>
        PostAsync<OfferView>($"api/requests/{requestId}/offers", offer, null, cancellationToken);

    /// <summary>Offers known to this contact point: its own, and those against its requests.</summary>
    public Task<List<OfferView>> GetOffersAsync(CancellationToken cancellationToken = default) =>
        GetAsync<List<OfferView>>("api/offers", cancellationToken);

    /// <summary>
    /// Moves an offer one step: the requester accepts or declines it; the offerer commits, dispatches,
    /// delivers or withdraws it. The service answers 409 for a step out of order or taken by the wrong side.
    /// </summary>
    public Task<OfferView> ChangeOfferAsync(Guid offerId, OfferStep step, string? note = null, CancellationToken cancellationToken = default) =>
        PostAsync<OfferView>($"api/offers/{offerId}/{OfferSteps.PathOf(step)}", Note(note), null, cancellationToken);

    static JsonObject Note(string? note) => new() { ["note"] = note };

    // Aggregator

    /// <summary>The Commission's feed after <paramref name="after"/>, optionally for one plan point.</summary>
    public Task<FeedPage> GetFeedAsync(long after = 0, int limit = 100, int? planPoint = null, CancellationToken cancellationToken = default) =>
        GetAsync<FeedPage>(string.Create(CultureInfo.InvariantCulture, $"api/feed?after={after}&limit={limit}")
            + (planPoint is null ? "" : string.Create(CultureInfo.InvariantCulture, $"&planPoint={planPoint}")), cancellationToken);

    /// <summary>One item by its key, for a participant that sent or received it (or reads everything).</summary>
    public Task<FeedEntry> GetItemAsync(string itemKey, CancellationToken cancellationToken = default) =>
        GetAsync<FeedEntry>($"api/items/{Uri.EscapeDataString(itemKey)}", cancellationToken);

    /// <summary>The consolidated picture of one day.</summary>
    public Task<PictureView> GetPictureAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        GetAsync<PictureView>(string.Create(CultureInfo.InvariantCulture, $"api/picture?date={date:yyyy-MM-dd}"), cancellationToken);

    /// <summary>Every country's measures with their lead times and acknowledgements, and each country's figures.</summary>
    public Task<MeasuresView> GetMeasuresAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        GetAsync<MeasuresView>(string.Create(CultureInfo.InvariantCulture, $"api/measures?limit={limit}"), cancellationToken);

    /// <summary>Missing reports, overdue acknowledgements and punctuality over <paramref name="from"/>–<paramref name="to"/> (default: the last 14 days due).</summary>
    public Task<ComplianceView> GetComplianceAsync(DateOnly? from = null, DateOnly? to = null, CancellationToken cancellationToken = default) =>
        GetAsync<ComplianceView>("api/compliance" + Query(
            ("from", from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))), cancellationToken);

    /// <summary>The commitments of the leaders' statement with their progress and status, optionally for one plan point.</summary>
    public Task<List<CommitmentView>> GetCommitmentsAsync(int? planPoint = null, CancellationToken cancellationToken = default) =>
        GetAsync<List<CommitmentView>>("api/commitments" + Query(("planPoint", planPoint?.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    /// <summary>Reports the total reached on a commitment whose progress its owner reports by hand.</summary>
    public Task<CommitmentView> ReportProgressAsync(string commitmentId, int value, string? note = null, CancellationToken cancellationToken = default) =>
        PostAsync<CommitmentView>($"api/commitments/{Uri.EscapeDataString(commitmentId)}/progress", new JsonObject { ["value"] = value, ["note"] = note }, null, cancellationToken);

    /// <summary>Needs analyses with their 24-hour clock, at the aggregator: all for the Commission, a country's own otherwise.</summary>
    public Task<List<Hub.NeedsView>> GetAssistanceNeedsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<List<Hub.NeedsView>>("api/assistance/needs", cancellationToken);

    /// <summary>Assistance requests with offers and coverage, at the aggregator, optionally of one status.</summary>
    public Task<List<Hub.RequestView>> GetAssistanceRequestsAsync(RequestStatus? status = null, CancellationToken cancellationToken = default) =>
        GetAsync<List<Hub.RequestView>>("api/assistance/requests" + (status is null ? "" : $"?status={status}"), cancellationToken);

    /// <summary>One assistance request with its offers and coverage, at the aggregator.</summary>
    public Task<Hub.RequestView> GetAssistanceRequestAsync(Guid requestId, CancellationToken cancellationToken = default) =>
        GetAsync<Hub.RequestView>($"api/assistance/requests/{requestId}", cancellationToken);

    /// <summary>
    /// What the caller's participant receives at the aggregator: its neighbours' items (obligatory) and its
    /// subscriptions; every participant's for the Commission, or <paramref name="subscriber"/>'s.
    /// </summary>
    public Task<List<SubscriptionView>> GetSubscriptionsAsync(string? subscriber = null, CancellationToken cancellationToken = default) =>
        GetAsync<List<SubscriptionView>>("api/subscriptions" + Query(("subscriber", subscriber)), cancellationToken);

    /// <summary>
    /// Subscribes to a source's reports or measures at the aggregator (<c>*</c> for every source), relaying the last
    /// <paramref name="historyDays"/> days now. Only the Commission names a <paramref name="subscriber"/> other than itself.
    /// </summary>
    public Task<SubscriptionCreated> AddSubscriptionAsync(string source, RelayedItemKind kind, int historyDays = 0, string? subscriber = null,
        CancellationToken cancellationToken = default) =>
        PostAsync<SubscriptionCreated>("api/subscriptions",
            JsonSerializer.SerializeToNode(new NewSubscription(source, kind, subscriber, historyDays), Json), null, cancellationToken);

    /// <summary>Ends a subscription at the aggregator; a neighbour's items cannot be given up (409, as a <see cref="BalkanHubApiException"/>).</summary>
    public async Task RemoveSubscriptionAsync(string source, RelayedItemKind kind, string? subscriber = null, CancellationToken cancellationToken = default)
    {
        var path = "api/subscriptions" + Query(("source", source), ("kind", JsonSerializer.Serialize(kind, Json).Trim('"')), ("subscriber", subscriber));
        using var response = await _http.DeleteAsync(new Uri(path, UriKind.Relative), cancellationToken);
        await EnsureAsync(response, cancellationToken);
    }

    static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    /// <summary>Writes the daily reports export, HXL CSV or JSON, to <paramref name="destination"/>.</summary>
    public Task ExportDailyAsync(Stream destination, bool json = false, DateOnly? from = null, DateOnly? to = null, string? country = null,
        CancellationToken cancellationToken = default) =>
        ExportDailyAsync(destination, json ? DailyExportFormat.Json : DailyExportFormat.Csv, from, to, country, hxl: true, cancellationToken);

    /// <summary>
    /// Writes the daily reports export in <paramref name="format"/> to <paramref name="destination"/>; a CSV
    /// without its HXL hashtag row when <paramref name="hxl"/> is false (the workbook never has one).
    /// </summary>
    public async Task ExportDailyAsync(Stream destination, DailyExportFormat format, DateOnly? from = null, DateOnly? to = null, string? country = null,
        bool hxl = true, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(ExportPath(format, from, to, country, hxl), UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureAsync(response, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>Reads the JSON daily export whole: fine for a period or a country, where <see cref="ExportDailyAsync(Stream, DailyExportFormat, DateOnly?, DateOnly?, string?, bool, CancellationToken)"/> streams years to a file.</summary>
    public Task<DailyExportDocument> ReadDailyExportAsync(DateOnly? from = null, DateOnly? to = null, string? country = null, CancellationToken cancellationToken = default) =>
        GetAsync<DailyExportDocument>(ExportPath(DailyExportFormat.Json, from, to, country, hxl: true), cancellationToken);

    static string ExportPath(DailyExportFormat format, DateOnly? from, DateOnly? to, string? country, bool hxl) =>
        $"api/export/daily.{format.ToString().ToLowerInvariant()}" + Query(
            ("from", from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("country", country),
            ("hxl", format == DailyExportFormat.Csv && !hxl ? "false" : null));

    /// <summary>Any GET of the public interface, read as <typeparamref name="T"/>.</summary>
    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>Any POST of the public interface, with an optional <c>Idempotency-Key</c>, read as <typeparamref name="T"/>.</summary>
    public async Task<T> PostAsync<T>(string path, JsonNode? body, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = JsonContent.Create(body ?? new JsonObject(), options: Json),
        };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await _http.SendAsync(request, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var status = (int)response.StatusCode;
        JsonObject? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<JsonObject>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            // Not problem details: the status says enough.
        }
        var errors = problem?["errors"] is JsonObject e
            ? e.ToDictionary(f => f.Key, f => f.Value is JsonArray a ? a.Select(m => (string?)m ?? "").ToArray() : [f.Value?.ToString() ?? ""])
            : new Dictionary<string, string[]>();
        throw new BalkanHubApiException(status, (string?)problem?["title"] ?? response.ReasonPhrase ?? "Error", (string?)problem?["detail"], errors);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
            _http.Dispose();
    }
}
