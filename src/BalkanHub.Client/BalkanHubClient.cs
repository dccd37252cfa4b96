using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Http.Resilience;
using Polly;

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
/// A typed client of one BalkanHub service: a country's contact point (reports, measures, inbox, alerts)
/// or the aggregator (feed, picture, exports). Transient failures are retried with jitter behind a circuit
/// breaker; posts carry an <c>Idempotency-Key</c>, so a retried post is stored once.
/// </summary>
public sealed class BalkanHubClient : IDisposable
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;
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

    // Contact point

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

    /// <summary>Items relayed to this country after <paramref name="after"/>, in sequence order.</summary>
    public Task<Page<RelayedItem>> GetInboxAsync(long after = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        GetAsync<Page<RelayedItem>>(string.Create(CultureInfo.InvariantCulture, $"api/inbox?after={after}&limit={limit}"), cancellationToken);

    /// <summary>Acknowledges an item; acknowledging twice changes nothing.</summary>
    public Task<Acknowledgement> AcknowledgeAsync(long sequence, CancellationToken cancellationToken = default) =>
        PostAsync<Acknowledgement>(string.Create(CultureInfo.InvariantCulture, $"api/inbox/{sequence}/ack"), null, null, cancellationToken);

    /// <summary>
    /// Subscribes to this country's <c>/hubs/alerts</c>. Every item after <paramref name="after"/> reaches
    /// <paramref name="onItem"/> once, in sequence order, across reconnects and service restarts.
    /// </summary>
    public Task<AlertsSubscription> SubscribeAsync(long after, Func<RelayedItem, Task> onItem, CancellationToken cancellationToken = default) =>
        AlertsSubscription.StartAsync(new Uri(BaseAddress, "hubs/alerts"), _token, after, onItem, cancellationToken);

    // Aggregator

    /// <summary>The Commission's feed after <paramref name="after"/>, optionally for one plan point.</summary>
    public Task<Page<FeedEntry>> GetFeedAsync(long after = 0, int limit = 100, int? planPoint = null, CancellationToken cancellationToken = default) =>
        GetAsync<Page<FeedEntry>>(string.Create(CultureInfo.InvariantCulture, $"api/feed?after={after}&limit={limit}")
            + (planPoint is null ? "" : string.Create(CultureInfo.InvariantCulture, $"&planPoint={planPoint}")), cancellationToken);

    /// <summary>The consolidated picture of one day.</summary>
    public Task<JsonObject> GetPictureAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        GetAsync<JsonObject>(string.Create(CultureInfo.InvariantCulture, $"api/picture?date={date:yyyy-MM-dd}"), cancellationToken);

    /// <summary>Writes the daily reports export, HXL CSV or JSON, to <paramref name="destination"/>.</summary>
    public async Task ExportDailyAsync(Stream destination, bool json = false, DateOnly? from = null, DateOnly? to = null, string? country = null,
        CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (from is not null)
            query.Add(string.Create(CultureInfo.InvariantCulture, $"from={from:yyyy-MM-dd}"));
        if (to is not null)
            query.Add(string.Create(CultureInfo.InvariantCulture, $"to={to:yyyy-MM-dd}"));
        if (country is not null)
            query.Add($"country={Uri.EscapeDataString(country)}");
        using var response = await _http.GetAsync(new Uri($"api/export/daily.{(json ? "json" : "csv")}" + (query.Count == 0 ? "" : "?" + string.Join('&', query)), UriKind.Relative),
            HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureAsync(response, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

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
