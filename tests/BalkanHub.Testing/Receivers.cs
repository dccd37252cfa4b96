using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace BalkanHub.Testing;

/// <summary>
/// A national officer's webhook endpoint: it answers <c>failWith</c> (503 unless said) to its first
/// <c>failFirst</c> calls, as a flaky endpoint would, then 200, and keeps every call with its headers.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    WebApplication _app = null!;
    int _calls;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<(int Status, string Body, HeaderDictionary Headers)> Calls { get; } = new();

    public static async Task<WebhookReceiver> StartAsync(int failFirst, int failWith = 503)
    {
        var receiver = new WebhookReceiver();
        var port = Ports.Free();
        receiver.Url = new Uri($"http://127.0.0.1:{port}/balkanhub");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        receiver._app = builder.Build();
        receiver._app.MapPost("/balkanhub", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var status = Interlocked.Increment(ref receiver._calls) <= failFirst ? failWith : 200;
            receiver.Calls.Enqueue((status, body, new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => h.Value))));
            return Results.StatusCode(status);
        });
        await receiver._app.StartAsync();
        return receiver;
    }

    /// <summary>A new Standard Webhooks secret: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Whether the call carries a valid Standard Webhooks signature under <paramref name="secret"/>, checked by
    /// the standard's own library as a receiver would (id, timestamp within five minutes, HMAC of id.timestamp.body).
    /// </summary>
    public static bool IsSigned(string body, HeaderDictionary headers, string secret)
    {
        try
        {
            new StandardWebhooks.StandardWebhook(secret).Verify(body, headers);
            return true;
        }
        catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}

/// <summary>A contact point's notification settings, as its service reads them from the environment.</summary>
public static class NotificationSettings
{
    /// <summary>Sends the contact point's notifications to <paramref name="webhook"/> (signed with <paramref name="secret"/>) and by email to <paramref name="smtp"/>.</summary>
    public static void To(IDictionary<string, string?> settings, string country, WebhookReceiver webhook, string secret, SmtpSink smtp)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(smtp);
        var lower = country.ToLowerInvariant();
        settings["Notifications__Webhooks__0__Url"] = webhook.Url.ToString();
        settings["Notifications__Webhooks__0__Secret"] = secret;
        settings["Notifications__RetryDelay"] = "00:00:00.200";
        settings["Notifications__Email__Host"] = "127.0.0.1";
        settings["Notifications__Email__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Notifications__Email__From"] = $"balkanhub@{lower}.example";
        settings["Notifications__Email__To__0"] = $"duty-officer@{lower}.example";
    }
}

/// <summary>An SMTP server that keeps every message it is given.</summary>
public sealed class SmtpSink : IDisposable
{
    readonly CancellationTokenSource _stop = new();

    public int Port { get; } = Ports.Free();

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public SmtpSink()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Port(Port).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Messages));
        _ = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
