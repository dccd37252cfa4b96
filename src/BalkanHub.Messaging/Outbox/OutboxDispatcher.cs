using BalkanHub.Domain.Time;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using BalkanHub.ServiceDefaults.Hosting;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;
using Polly.Timeout;
using BalkanHub.Messaging.Messaging;

namespace BalkanHub.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows through MassTransit and marks each one dispatched only after the
/// broker confirmed it.
/// </summary>
/// <remarks>
/// Guarantees, and where they end:
/// <list type="bullet">
/// <item>At least once: a row is marked only after the confirm. A crash between confirm and mark
/// publishes it again with the same MessageId, which is why every consumer deduplicates.</item>
/// <item>Order within a stream: rows of one stream go out one after the other, and a stream whose
/// head fails waits for it (with backoff) instead of letting later rows overtake it.</item>
/// <item>Bounded waits: each publish has a timeout (RabbitMQ.Client 7.2.x can hang a publish after a
/// broker restart) inside a Polly retry pipeline, and every publish is mandatory, so a message no
/// queue would take is returned by the broker and retried later instead of being silently dropped.</item>
/// <item>A row that can never be published as it is (its message type was renamed, its body no
/// longer reads) is parked, not retried: it would fail forever and hold back its whole stream. The
/// rows after it go on, and an operator replays or discards it (<see cref="ParkedOutboxApi"/>).</item>
/// <item>Not covered: a lost database. The outbox is exactly as durable as the service's database.</item>
/// </list>
/// </remarks>
public sealed partial class OutboxDispatcher<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    ResiliencePipelineProvider<string> pipelines,
    StalledPublishes stalled,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext, IOutboxDbContext
{
    /// <summary>Key of the Polly pipeline each publish runs in.</summary>
    public const string PipelineKey = "outbox-publish";

    const string PostgresProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>The advisory lock replicas take for a batch: an arbitrary number no other code uses.</summary>
    const long PostgresLockKey = 0x4248_4F55_5442_4F58; // "BHOUTBOX"

    readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset RetryAt)> _blocked = new(StringComparer.Ordinal);
    static readonly ConcurrentDictionary<string, Type> Types = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            int published;
            try
            {
                published = await DispatchBatchAsync(settings.BatchSize, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // The database is briefly unavailable (locked, restarting): the rows are safe, try again soon.
                LogDatabaseUnavailable(logger, ex);
                published = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Anything else is a defect, but one that must not end the dispatcher: a BackgroundService
                // that throws stops the whole host, and every row would wait for a restart. The rows are
                // safe in the table; back off and try again.
                LogUnexpected(logger, ex);
                published = 0;
                await Task.Delay(options.Value.MaxBackoff, stoppingToken);
            }

            // A full batch means there is more waiting; otherwise sleep until a commit or the poll.
            if (published < settings.BatchSize)
                await signal.WaitAsync(NextWake(settings), stoppingToken);
        }
    }

    // Backoff and wake-ups are machinery: real time, even where the hub's clock replays a scenario (HubClocks).
    TimeSpan NextWake(OutboxOptions settings)
    {
        var now = clock.RealTime().GetUtcNow();
        var soonest = _blocked.Values.Select(b => b.RetryAt - now).Where(d => d > TimeSpan.Zero).DefaultIfEmpty(settings.PollInterval).Min();
        return soonest < settings.PollInterval ? soonest : settings.PollInterval;
    }

    async Task<int> DispatchBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = clock.RealTime().GetUtcNow();
        var blocked = _blocked.Where(b => b.Value.RetryAt > now).Select(b => b.Key).ToList();

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        // Replicas on one PostgreSQL database share one outbox table. One batch at a time, whoever holds
        // the lock, keeps each stream in order and publishes each row once; a replica that dies mid-batch
        // drops the lock with its connection, and the rows it did not mark go out again with the same
        // MessageId. SQLite serves one process, and its write lock needs no such help.
        await using var batch = db.Database.ProviderName == PostgresProvider ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (batch is not null && !await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({PostgresLockKey}) AS \"Value\"").SingleAsync(cancellationToken))
            return 0;
        var rows = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DispatchedAt == null && m.ParkedAt == null && !blocked.Contains(m.Stream))
            .OrderBy(m => m.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
            return 0;

        // Streams go out concurrently; the rows of one stream strictly in order.
        var outcomes = await Task.WhenAll(rows.GroupBy(r => r.Stream).Select(g => PublishStreamAsync(g.Key, g.ToList(), cancellationToken)));

        var sent = outcomes.SelectMany(o => o.Sent).ToList();
        if (sent.Count > 0)
        {
            // Stored next to CreatedAt, so both are the hub's clock: retention compares them with it.
            var at = clock.GetUtcNow();
            foreach (var chunk in sent.Chunk(500))
                await db.OutboxMessages.Where(m => chunk.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, at), CancellationToken.None);
        }
        foreach (var (id, error) in outcomes.SelectMany(o => o.Parked))
        {
            var at = clock.GetUtcNow();
            await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ParkedAt, at)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LastError, error), CancellationToken.None);
        }
        foreach (var (id, error) in outcomes.Where(o => o.Failed is not null).Select(o => o.Failed!.Value))
        {
            await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LastError, error), CancellationToken.None);
        }
        if (batch is not null)
            await batch.CommitAsync(CancellationToken.None);
        return sent.Count;
    }

    async Task<(List<long> Sent, List<(long Id, string Error)> Parked, (long Id, string Error)? Failed)> PublishStreamAsync(
        string stream, List<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(PipelineKey);
        var sent = new List<long>(rows.Count);
        var parked = new List<(long Id, string Error)>();
        foreach (var row in rows)
        {
            if (!TryRead(row, out var message, out var type, out var unreadable))
            {
                // Retrying cannot help a row that does not read; it waits for an operator instead of its stream.
                parked.Add((row.Id, unreadable));
                LogParked(logger, row.Id, row.MessageId, stream, unreadable);
                HubTelemetry.OutboxParked.Add(1, new KeyValuePair<string, object?>("stream", stream));
                continue;
            }
            var started = clock.RealTime().GetUtcNow();
            try
            {
                await pipeline.ExecuteAsync(static async (state, ct) => await state.Self.PublishAsync(state.Row, state.Message, state.Type, ct),
                    (Self: this, Row: row, Message: message, Type: type), cancellationToken);
                sent.Add(row.Id);
                stalled.Confirmed();
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Every attempt timed out: if nothing else got through meanwhile, the connection is stuck, not this row.
                if (ex is TimeoutRejectedException)
                    await stalled.TimedOutAsync(started, cancellationToken);
                var failures = _blocked.TryGetValue(stream, out var b) ? b.Failures + 1 : 1;
                var backoff = TimeSpan.FromMilliseconds(Math.Min(options.Value.MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, failures)));
                _blocked[stream] = (failures, clock.RealTime().GetUtcNow() + backoff);
                LogPublishFailed(logger, ex, row.MessageId, stream, failures, backoff);
                return (sent, parked, (row.Id, $"{ex.GetType().Name}: {ex.Message}"));
            }
        }
        _blocked.TryRemove(stream, out _);
        return (sent, parked, null);
    }

    /// <summary>Reads a row's message back, or says why it cannot be read.</summary>
    static bool TryRead(OutboxMessage row, out object message, out Type type, out string error)
    {
        message = null!;
        type = null!;
        try
        {
            type = Types.GetOrAdd(row.MessageType, static name =>
                Type.GetType(name, throwOnError: false) ?? throw new TypeLoadException($"The message type {name} no longer exists."));
            message = JsonSerializer.Deserialize(row.Body, type, OutboxModel.BodyOptions)
                ?? throw new JsonException("The body is empty (null).");
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is TypeLoadException or JsonException or NotSupportedException or FileNotFoundException or FileLoadException or BadImageFormatException or ArgumentException)
        {
            error = $"Cannot be read: {ex.GetType().Name}: {ex.Message}";
            return false;
        }
    }

    async Task PublishAsync(OutboxMessage row, object message, Type type, CancellationToken cancellationToken)
    {
        // Continue the trace of the request that wrote the row, so one trace spans POST to inbox.
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = HubTelemetry.Source.StartActivity("outbox dispatch", ActivityKind.Internal, parent);
        // OpenTelemetry's messaging conventions, so a collector groups it with MassTransit's producer span
        // under it: the exchange is the destination (a type's, as MassTransit names it, when published).
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.operation.name", row.Destination is null ? "publish" : "send");
        activity?.SetTag("messaging.destination.name", row.Destination ?? $"{type.Namespace}:{type.Name}");
        activity?.SetTag("messaging.message.id", row.MessageId);

        var headers = row.Headers is null ? null : JsonSerializer.Deserialize<Dictionary<string, string?>>(row.Headers);
        if (row.Destination is null)
        {
            await bus.Publish(message, type, context =>
            {
                context.MessageId = row.MessageId;
                context.Mandatory = true;
                SetHeaders(context, headers);
            }, cancellationToken);
        }
        else
        {
            var endpoint = await bus.GetSendEndpoint(new Uri($"exchange:{row.Destination}"));
            await endpoint.Send(message, type, context =>
            {
                context.MessageId = row.MessageId;
                SetHeaders(context, headers);
                if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
                    rabbit.Mandatory = true;
            }, cancellationToken);
        }
    }

    static void SetHeaders(SendContext context, Dictionary<string, string?>? headers)
    {
        foreach (var (key, value) in headers ?? [])
        {
            if (value is not null)
                context.Headers.Set(key, value);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox message {MessageId} of stream {Stream} failed ({Failures} in a row); retrying the stream in {Backoff}")]
    static partial void LogPublishFailed(ILogger logger, Exception exception, Guid messageId, string stream, int failures, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Parked outbox row {Id} ({MessageId}) of stream {Stream}; the rows after it go on. {Reason}")]
    static partial void LogParked(ILogger logger, long id, Guid messageId, string stream, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox could not read or update its table; retrying")]
    static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox dispatcher met an unexpected error; its rows are kept, and it tries again")]
    static partial void LogUnexpected(ILogger logger, Exception exception);
}
