using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BalkanHub.IntegrationTests;

/// <summary>One span as a collector received it: which service sent it, its trace, its name and its attributes' names.</summary>
public sealed record ReceivedSpan(string Service, string TraceId, string Name, IReadOnlyList<string> Attributes)
{
    /// <summary>The string attributes of the resource that exported the span (service.instance.id, balkanhub.participant…).</summary>
    public IReadOnlyDictionary<string, string> Resource { get; init; } = new Dictionary<string, string>();
}

/// <summary>One metric as a collector received it: which service sent it, and its name.</summary>
public sealed record ReceivedMetric(string Service, string Name);

/// <summary>
/// A stand-in for an OpenTelemetry collector: it takes what the services export over OTLP/HTTP (the
/// standard <c>OTEL_EXPORTER_OTLP_*</c> variables point them here) and keeps the spans. Only the fields
/// a trace check needs are read from the protobuf; the rest is skipped.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    readonly ConcurrentQueue<ReceivedMetric> _metrics = new();
    WebApplication? _app;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public IReadOnlyList<ReceivedMetric> Metrics => [.. _metrics];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.Read(body.ToArray());
            return Results.Ok();
        });
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.ReadMetrics(body.ToArray());
            return Results.Ok();
        });
        // Logs arrive too; a collector accepts them.
        app.MapPost("/v1/logs", () => Results.Ok());
        await app.StartAsync();
        receiver._app = app;
        receiver.Endpoint = new Uri($"http://127.0.0.1:{port}");
        return receiver;
    }

    /// <summary>ExportTraceServiceRequest: resource_spans (1) → resource (1) and scope_spans (2) → spans (2) → attributes (9) → key (1).</summary>
    void Read(byte[] request)
    {
        foreach (var resourceSpans in Fields(request, 1))
        {
            var service = ServiceOf(resourceSpans);
            var resource = ResourceOf(resourceSpans);
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                foreach (var span in Fields(scopeSpans, 2))
                {
                    var traceId = Fields(span, 1).FirstOrDefault();
                    if (traceId is not null)
                        _spans.Enqueue(new ReceivedSpan(service, Convert.ToHexStringLower(traceId), Text(span, 5) ?? "",
                            [.. Fields(span, 9).Select(Attribute)]) { Resource = resource });
                }
            }
        }
    }

    /// <summary>ExportMetricsServiceRequest: resource_metrics (1) → resource (1) and scope_metrics (2) → metrics (2) → name (1).</summary>
    void ReadMetrics(byte[] request)
    {
        foreach (var resourceMetrics in Fields(request, 1))
        {
            var service = ServiceOf(resourceMetrics);
            foreach (var scopeMetrics in Fields(resourceMetrics, 2))
            {
                foreach (var metric in Fields(scopeMetrics, 2))
                    _metrics.Enqueue(new ReceivedMetric(service, Text(metric, 1) ?? ""));
            }
        }
    }

    /// <summary>Resource (1) → attributes (1) → key (1) and value (2) → string_value (1).</summary>
    /// <summary>A span attribute as <c>key=value</c> when its value is a string (AnyValue field 1), else its key.</summary>
    static string Attribute(byte[] attribute) =>
        (Text(attribute, 1) ?? "") + (Fields(attribute, 2).FirstOrDefault() is { } value && Text(value, 1) is { } text ? $"={text}" : "");

    static Dictionary<string, string> ResourceOf(byte[] resourceEnvelope)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in Fields(resourceEnvelope, 1).SelectMany(resource => Fields(resource, 1)))
            if (Text(attribute, 1) is { } key && Fields(attribute, 2).FirstOrDefault() is { } value && Text(value, 1) is { } text)
                attributes[key] = text;
        return attributes;
    }

    static string ServiceOf(byte[] resourceEnvelope)
    {
        foreach (var resource in Fields(resourceEnvelope, 1))
        {
            foreach (var attribute in Fields(resource, 1))
            {
                if (Text(attribute, 1) == "service.name" && Fields(attribute, 2).FirstOrDefault() is { } value)
                    return Text(value, 1) ?? "?";
            }
        }
        return "?";
    }

    static string? Text(byte[] message, int field) =>
        Fields(message, field).FirstOrDefault() is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The length-delimited values of <paramref name="field"/> in a protobuf message.</summary>
    static List<byte[]> Fields(byte[] message, int field)
    {
        var values = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                values.Add(input.ReadBytes().ToByteArray());
            else
                input.SkipLastField();
        }
        return values;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
