using BalkanHub.Domain.Time;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using BalkanHub.ContactPoint.Inbox;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
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
    TimeProvider clock,
    ILogger<Notifier> logger) : BackgroundService
{
    readonly SemaphoreSlim _wake = new(0);

    /// <summary>The webhook header carrying <c>sha256=</c> and the hex HMAC of the body.</summary>
    public const string SignatureHeader = "X-BalkanHub-Signature";

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
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new { deliveryId = notification.Id, country = contactPoint.Value.Country, headline = Headline(item, contactPoint.Value.Country), exercise = item.Exercise, item }, JsonSerializerOptions.Web);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-BalkanHub-Delivery", notification.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-BalkanHub-Event", item.MessageType);
        // Alerting systems route on headers: a drill must be told apart before anyone reads the body.
        if (item.Exercise)
            request.Headers.Add("X-BalkanHub-Exercise", "true");
        request.Headers.Add(SignatureHeader, "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(webhook.Secret ?? ""), body)).ToLowerInvariant());
        using var response = await http.CreateClient("webhooks").SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return $"HTTP {(int)response.StatusCode}";
    }

    async Task<string> EmailAsync(InboxItemView item, CancellationToken cancellationToken)
    {
        var email = options.Value.Email!;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(email.From));
        foreach (var to in email.To)
            message.To.Add(MailboxAddress.Parse(to));
        // The headline leads with EXERCISE for a drill, so the subject says so before anything else.
        message.Subject = item.Exercise
            ? $"{ExerciseMark}[BalkanHub {contactPoint.Value.Country}] {Headline(item, contactPoint.Value.Country)[ExerciseMark.Length..]}"
            : $"[BalkanHub {contactPoint.Value.Country}] {Headline(item, contactPoint.Value.Country)}";
        // Plain text only: the content comes from other countries.
        message.Body = new TextPart("plain")
        {
            Text = (item.Exercise ? "EXERCISE. This is exercise traffic, not a real measure or alert: do not act on it.\n\n" : "")
                   + $"{Headline(item, contactPoint.Value.Country)}\n\nFrom: {item.Source}\nItem: {item.ItemKey} (#{item.Sequence})\n"
                   + (item.AcknowledgeBy is { } due ? $"Acknowledge by: {due:yyyy-MM-dd HH:mm} UTC\n" : "")
                   + (item.ChainReaction is { } chain ? $"Projected backlog here: about {chain.ProjectedBacklogPerDay} a day. {chain.Method}\n" : "")
                   + $"\n{item.Payload.GetRawText()}\n",
        };
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(email.Host, email.Port, email.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (email.Username is not null)
            await smtp.AuthenticateAsync(email.Username, email.Password ?? "", cancellationToken);
        var answer = await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
        return $"SMTP {answer}";
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
