using BalkanHub.Domain.Time;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using BalkanHub.ContactPoint.Inbox;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MimeKit;
using StandardWebhooks;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;

namespace BalkanHub.ContactPoint.Notifications;

/// <summary>
/// Queues notifications for urgent relayed items, in the inbox's own transaction, and delivers them in
/// the background. Each target has its own Polly pipeline (retry with jitter, then a circuit breaker),
/// every attempt is recorded, and a dead endpoint never holds up the relays: the inbox only writes rows.
/// </summary>
public sealed partial class Notifier(
    IServiceScopeFactory scopes,
    IHttpClientFactory http,
    ResiliencePipelineRegistry<string> pipelines,
    IOptions<NotificationOptions> options,
    IOptions<ContactPointOptions> contactPoint,
    IServer server,
    RouteMap route,
    TimeProvider clock,
    ILogger<Notifier> logger) : BackgroundService
{
    readonly SemaphoreSlim _wake = new(0);

    /// <summary>Whether an item is urgent enough to reach officers outside the app.</summary>
    public static bool IsUrgent(RelayItem relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return relay.Kind is RelayedItemKind.Measure
            || relay.MessageType is nameof(AcknowledgementOverdue) or nameof(ChainReactionWarning) or nameof(ChainReactionWithdrawn) or nameof(ReportReminderIssued);
    }

    /// <summary>Adds a notification per configured target, in the caller's transaction.</summary>
    public void Queue(ContactPointDb db, long sequence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        var settings = options.Value;
        foreach (var webhook in settings.Webhooks.Where(w => w.Url is not null))
            db.Notifications.Add(new StoredNotification { Sequence = sequence, Channel = "webhook", Target = webhook.Url!.ToString(), Status = "pending", CreatedAt = now, NextAttemptAt = now });
        if (settings.Email is { To.Count: > 0 } email)
            db.Notifications.Add(new StoredNotification { Sequence = sequence, Channel = "email", Target = string.Join(", ", email.To), Status = "pending", CreatedAt = now, NextAttemptAt = now });
    }

    /// <summary>Asks the sender to look now.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
            _wake.Release();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(logger, ex);
            }
            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactPointDb>();
        var now = clock.GetUtcNow();
        var due = await db.Notifications.Where(n => n.Status == "pending" && n.NextAttemptAt <= now).OrderBy(n => n.Id).Take(50).ToListAsync(cancellationToken);
        // Targets are independent: one slow or dead endpoint does not delay the others.
        await Task.WhenAll(due.GroupBy(n => (n.Channel, n.Target)).Select(async group =>
        {
            await using var inner = scopes.CreateAsyncScope();
            var innerDb = inner.ServiceProvider.GetRequiredService<ContactPointDb>();
            foreach (var id in group.Select(n => n.Id))
                await DeliverAsync(innerDb, id, cancellationToken);
        }));
    }

    async Task DeliverAsync(ContactPointDb db, long id, CancellationToken cancellationToken)
    {
        var notification = await db.Notifications.FirstAsync(n => n.Id == id, cancellationToken);
        var item = await db.Inbox.AsNoTracking().FirstAsync(i => i.Sequence == notification.Sequence, cancellationToken);
        var view = InboxItemView.From(item);
        var settings = options.Value;
        var pipeline = pipelines.GetOrAddPipeline($"{notification.Channel}:{notification.Target}", builder => builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = 2 * settings.AttemptsPerRound,
                SamplingDuration = TimeSpan.FromMinutes(2),
                BreakDuration = TimeSpan.FromMinutes(1),
            })
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, settings.AttemptsPerRound - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryDelay,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException and not BrokenCircuitException),
            }));

        try
        {
            await pipeline.ExecuteAsync(async ct =>
            {
                var outcome = "";
                var succeeded = false;
                try
                {
                    outcome = notification.Channel == "webhook"
                        ? await PostAsync(notification, view, ct)
                        : await EmailAsync(view, ct);
                    succeeded = true;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    outcome = $"{ex.GetType().Name}: {ex.Message}";
                    throw;
                }
                finally
                {
                    notification.Attempts++;
                    db.NotificationAttempts.Add(new StoredNotificationAttempt { NotificationId = notification.Id, At = clock.GetUtcNow(), Succeeded = succeeded, Outcome = outcome });
                    await db.SaveChangesAsync(CancellationToken.None);
                }
            }, cancellationToken);
            notification.Status = "delivered";
            notification.DeliveredAt = clock.GetUtcNow();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            notification.LastError = $"{ex.GetType().Name}: {ex.Message}";
            // Backoff and giving up are real time; the stored times stay on the hub's clock, which the due query compares them with.
            notification.NextAttemptAt = clock.AfterRealDelay(TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Min(notification.Attempts / Math.Max(1, settings.AttemptsPerRound), 6)))));
            if (clock.RealAge(notification.CreatedAt) > settings.GiveUpAfter)
                notification.Status = "failed";
            LogDeliveryFailed(logger, notification.Channel, notification.Target, notification.Attempts, notification.LastError);
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    async Task<string> PostAsync(StoredNotification notification, InboxItemView item, CancellationToken cancellationToken)
    {
        var webhook = options.Value.Webhooks.First(w => w.Url?.ToString() == notification.Target);
        var body = JsonSerializer.Serialize(
            new { deliveryId = notification.Id, country = contactPoint.Value.Country, headline = Headline(item, contactPoint.Value.Country), link = LinkTo(item), exercise = item.Exercise, item },
            JsonSerializerOptions.Web);
        // Standard Webhooks: the id is the delivery's, the same on every retry, so a receiver drops a repeat.
        var id = $"msg_{contactPoint.Value.Country}_{notification.Id.ToString(CultureInfo.InvariantCulture)}";
        var timestamp = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookId, id);
        request.Headers.Add(WebhookTimestamp, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature, new StandardWebhook(webhook.Secret!).Sign(id, timestamp, body));
        request.Headers.Add("X-BalkanHub-Event", item.MessageType);
        // Alerting systems route on headers: a drill must be told apart before anyone reads the body.
        if (item.Exercise)
            request.Headers.Add("X-BalkanHub-Exercise", "true");
        using var response = await http.CreateClient("webhooks").SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return $"HTTP {(int)response.StatusCode}";
    }

    /// <summary>The Standard Webhooks headers.</summary>
    public const string WebhookId = "webhook-id", WebhookTimestamp = "webhook-timestamp", WebhookSignature = "webhook-signature";

    async Task<string> EmailAsync(InboxItemView item, CancellationToken cancellationToken)
    {
        var email = options.Value.Email!;
        var us = contactPoint.Value.Country;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(email.From));
        foreach (var to in email.To)
            message.To.Add(MailboxAddress.Parse(to));
        // The headline leads with EXERCISE for a drill, so the subject says so before anything else.
        message.Subject = item.Exercise
            ? $"{ExerciseMark}[BalkanHub {us}] {Headline(item, us)[ExerciseMark.Length..]}"
            : $"[BalkanHub {us}] {Headline(item, us)}";
        var lines = Details(item).ToList();
        var link = LinkTo(item);
        var warning = item.Exercise ? "EXERCISE. This is exercise traffic, not a real measure or alert: do not act on it." : null;
        var text = new StringBuilder();
        if (warning is not null)
            text.Append(warning).Append("\n\n");
        text.Append(Headline(item, us)).Append("\n\n");
        foreach (var (label, value) in lines)
            text.Append(label).Append(": ").Append(value).Append('\n');
        text.Append("\nOpen it in the officer console: ").Append(link).Append('\n');
        text.Append("\nReference for the hub's support: ").Append(item.ItemKey).Append('\n');
        // The words come from other countries: every one is encoded, so the HTML part shows text only.
        var html = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\">");
        if (warning is not null)
            html.Append("<p style=\"font-weight:bold;color:#6b4e00\">").Append(Html(warning)).Append("</p>");
        html.Append("<h1 style=\"font-size:1.2em\">").Append(Html(Headline(item, us))).Append("</h1><table>");
        foreach (var (label, value) in lines)
            html.Append("<tr><th style=\"text-align:left;padding-right:1em\">").Append(Html(label)).Append("</th><td>").Append(Html(value)).Append("</td></tr>");
        html.Append("</table><p><a href=\"").Append(Html(link.ToString())).Append("\">Open it in the officer console</a></p>")
            .Append("<p style=\"color:#555;font-size:.85em\">Reference for the hub's support: ").Append(Html(item.ItemKey)).Append("</p></body></html>");
        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(email.Host, email.Port, email.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (email.Username is not null)
            await smtp.AuthenticateAsync(email.Username, email.Password ?? "", cancellationToken);
        var answer = await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
        return $"SMTP {answer}";
    }

    static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    /// <summary>The item in the officer console: the configured address, else the service's own.</summary>
    Uri LinkTo(InboxItemView item)
    {
        var console = options.Value.ConsoleUrl?.ToString()
            ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            ?? "http://localhost/";
        return new Uri(new Uri(console.EndsWith('/') ? console : console + "/"), $"#item-{item.Sequence.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>What an officer needs to know of the item, in words, label by label; never the raw message.</summary>
    IEnumerable<(string Label, string Value)> Details(InboxItemView item)
    {
        string Name(string? code) => code is null ? "" : route.Find(code)?.Name is { } name ? $"{name} ({code})" : code;
        static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        yield return ("From", item.Source == "HUB" ? "the hub" : Name(item.Source));
        var payload = item.Payload;
        if (payload.TryGetProperty("measure", out var measure))
        {
            yield return ("Measure", measure.GetProperty("title").GetString() ?? "");
            yield return ("Severity", measure.GetProperty("severity").GetString() ?? "");
            yield return ("Effective from", Utc(measure.GetProperty("effectiveFrom").GetDateTimeOffset()));
            if (measure.TryGetProperty("effectiveUntil", out var until) && until.ValueKind == JsonValueKind.String)
                yield return ("Effective until", Utc(until.GetDateTimeOffset()));
            if (measure.TryGetProperty("affectedCrossingPoints", out var points) && points.GetArrayLength() > 0)
                yield return ("Crossing points", string.Join(", ", points.EnumerateArray().Select(p => route.FindCrossingPoint(p.GetString())?.Name is { } name ? $"{name} ({p.GetString()})" : p.GetString())));
            if (measure.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("dailyCap", out var cap) && cap.ValueKind == JsonValueKind.Number)
                yield return ("Daily cap", cap.GetInt32().ToString("N0", CultureInfo.InvariantCulture));
            if (measure.TryGetProperty("description", out var description) && description.GetString() is { Length: > 0 } words)
                yield return ("Description", words);
            if (payload.TryGetProperty("reason", out var reason) && reason.GetString() is { Length: > 0 } why)
                yield return ("Reason", why);
        }
        if (item.AcknowledgeBy is { } due)
            yield return ("Acknowledge by", Utc(due));
        if (item.ChainReaction is { } chain)
            yield return ("Projected backlog here", $"about {chain.ProjectedBacklogPerDay.ToString("N0", CultureInfo.InvariantCulture)} a day. {chain.Method}");
        yield return ("Received", $"{Utc(item.RelayedAt)}, inbox item #{item.Sequence.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>What every exercise headline starts with.</summary>
    public const string ExerciseMark = "EXERCISE: ";

    /// <summary>One line saying what happened; an exercise's starts with <see cref="ExerciseMark"/>.</summary>
    static string Headline(InboxItemView item, string us) => (item.Exercise ? ExerciseMark : "") + What(item, us);

    static string What(InboxItemView item, string us)
    {
        var payload = item.Payload;
        return item.MessageType switch
        {
            // Sent to the late country and to the one that announced the item: each reads what is theirs to do.
            nameof(AcknowledgementOverdue) when payload.GetProperty("country").GetString() != us =>
                string.Create(CultureInfo.InvariantCulture, $"{payload.GetProperty("country").GetString()} has not acknowledged your {payload.GetProperty("itemKey").GetString()} by its deadline ({payload.GetProperty("dueAt").GetDateTimeOffset():yyyy-MM-dd HH:mm} UTC)"),
            nameof(AcknowledgementOverdue) => $"Reminder: acknowledge {payload.GetProperty("itemKey").GetString()} from {payload.GetProperty("sender").GetString()}",
            nameof(ReportReminderIssued) =>
                string.Create(CultureInfo.InvariantCulture, $"Reminder: your daily report for {payload.GetProperty("reportDate").GetString()} is not in yet; it is due {payload.GetProperty("dueAt").GetDateTimeOffset():yyyy-MM-dd HH:mm} UTC"),
            nameof(ChainReactionWarning) => $"Chain reaction: {payload.GetProperty("estimate").GetProperty("affectedCountry").GetString()} may hold back about {payload.GetProperty("estimate").GetProperty("projectedBacklogPerDay").GetInt32()} people a day",
            nameof(ChainReactionWithdrawn) => $"Chain reaction withdrawn: the backlog expected in {payload.GetProperty("affectedCountry").GetString()} no longer applies. {payload.GetProperty("reason").GetString()}",
            _ when payload.TryGetProperty("measure", out var measure) =>
                $"{item.Source} {item.MessageType.Replace("Measure", "measure ", StringComparison.Ordinal).ToLowerInvariant().Trim()}: {measure.GetProperty("title").GetString()} ({measure.GetProperty("severity").GetString()})",
            _ => $"{item.MessageType} from {item.Source}",
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifying {Channel} {Target} failed after {Attempts} attempts: {Error}")]
    static partial void LogDeliveryFailed(ILogger logger, string channel, string target, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A notification round failed")]
    static partial void LogRoundFailed(ILogger logger, Exception exception);
}
