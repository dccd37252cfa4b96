using BalkanHub.Api.Contracts;
using BalkanHub.ServiceDefaults.Http;
using BalkanHub.ServiceDefaults.OpenApi;
using BalkanHub.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Scalar.AspNetCore;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>Hosting defaults every BalkanHub service starts with, in the manner of eShop's service defaults.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Tag of the checks that decide whether a service can take traffic.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Telemetry, health checks, problem details, JSON limits and OpenAPI. The hub's clock and the route
    /// are the network's, not every host's: BalkanHub.Messaging's <c>AddHubNetwork</c> registers them.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.AddOpenTelemetryDefaults();

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Binding failures (malformed JSON, wrong types, unknown fields) are thrown so that the handler
        // above can answer with problem details that name the field, like every other 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.MaxDepth = 16);

        builder.AddTrustedProxies();
        builder.AddRequestLimits();
        builder.Services.AddHubOpenApi();
        builder.Services.ConfigureHubOpenApi(o => o.Examples.Add(new Caller("Elena Petrovska", "MK", [HubRoles.Officer])));
        builder.Services.AddHttpContextAccessor();
        return builder;
    }

    /// <summary>
    /// Names the service in every span, metric and log it exports, so that thirteen contact points in one
    /// collector are thirteen services: <c>OTEL_SERVICE_NAME</c> when the deployment sets it, else
    /// <paramref name="defaultName"/>; <c>service.instance.id</c> tells replicas and restarts apart, and
    /// <c>balkanhub.participant</c> carries the country a contact point serves.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetryIdentity(this IHostApplicationBuilder builder, string defaultName, string? participant = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } configured ? configured : defaultName;
        var instance = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}");
        builder.Services.AddOpenTelemetry().ConfigureResource(r =>
        {
            r.AddService(name, serviceNamespace: "balkanhub", serviceInstanceId: instance);
            if (participant is { Length: > 0 })
                r.AddAttributes([new("balkanhub.participant", participant)]);
        });
        return builder;
    }

    static void AddOpenTelemetryDefaults(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter(HubTelemetry.Name))
            .WithTracing(t => t
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("MassTransit")
                .AddSource(HubTelemetry.Name)
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal);
                    // A feed link's secret is its credential: a trace keeps the path without it.
                    o.EnrichWithHttpRequest = (activity, request) =>
                    {
                        if (SecretPaths.CarriesSecret(request.Path))
                            activity.SetTag("url.path", SecretPaths.Redact(request.Path));
                    };
                })
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation());

        // Exported only where an operator configured a collector through the standard OTEL_* variables.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            telemetry.UseOtlpExporter();
    }

    /// <summary>
    /// <c>/health/live</c> (the process runs), <c>/health/ready</c> (the database answers; broker and outbox
    /// reported, Degraded when down or behind) and the
    /// OpenAPI document at <c>/openapi/v1.json</c>.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Probes and the API description are public: orchestrators and integrators call them unsigned.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        // The interactive reference, served with Scalar's own bundled script: no CDN, no web fonts, no telemetry.
        // Scalar 3 also offers, on localhost, a toolbar with its hosted services (share, SDKs, deploy), an AI
        // agent and an MCP server: a government API's reference advertises none of them.
        app.MapScalarApiReference("/docs", o => o
                .WithTitle($"BalkanHub {app.Environment.ApplicationName} API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .HideDeveloperTools()
                .DisableAgent()
                .DisableMcp())
            .AllowAnonymous();
        return app;
    }
}
