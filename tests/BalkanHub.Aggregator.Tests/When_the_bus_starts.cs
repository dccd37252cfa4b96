using BalkanHub.Messaging.Messaging;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;

namespace BalkanHub.Aggregator.Tests;

/// <summary>How the bus that both programs share behaves before and after the broker goes away.</summary>
public sealed class When_the_bus_starts
{
    /// <summary>
    /// A government system's bus talks to the broker and nothing else: MassTransit's usage reports to its
    /// vendor, on by default since 8.5, were seen failing in the services' logs where the network has no way out.
    /// </summary>
    [Test]
    [Category("Security")]
    public async Task Should_send_no_usage_reports_to_the_library_vendor()
    {
        await using var host = await AggregatorHost.StartAsync("Sqlite");
        var telemetry = host.Factory.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;
        Assert.That(telemetry.Enabled, Is.False);
    }

    /// <summary>
    /// The failures a consumer's connection met in fault runs, and others it may meet: none of them may end
    /// the receive endpoint for good. MassTransit's own list missed at least one, and a contact point then
    /// stopped reading its inbox after a broker kill.
    /// </summary>
    static IEnumerable<Exception> Failures() =>
    [
        new EndOfStreamException("the broker closed the socket"),
        new TimeoutException("opening a channel took too long on a busy machine"),
        new IOException("connection reset by peer"),
        new BrokerUnreachableException(new IOException("connection refused")),
        new InvalidOperationException("a channel was used after it closed"),
        new AggregateException(new EndOfStreamException()),
    ];

    [TestCaseSource(nameof(Failures))]
    public void Should_reconnect_a_consumer_after_any_connection_failure(Exception failure)
    {
        var policy = BusExtensions.ReconnectPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        using var context = policy.CreatePolicyContext(new Attempt());
        Assert.That(context.CanRetry(failure, out var retry), Is.True, failure.GetType().Name);
        Assert.That(retry.Delay, Is.InRange(TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(3.75)), "the first retry soon, never later than the longest wait");
    }

    [Test]
    public void Should_keep_reconnecting_with_waits_that_grow_to_the_longest()
    {
        var policy = BusExtensions.ReconnectPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        using var context = policy.CreatePolicyContext(new Attempt());
        Assert.That(context.CanRetry(new EndOfStreamException(), out var retry), Is.True);
        var delays = new List<TimeSpan?> { retry.Delay };
        for (var i = 0; i < 50; i++)
        {
            Assert.That(retry.CanRetry(new EndOfStreamException(), out retry), Is.True, $"attempt {i + 2}");
            delays.Add(retry.Delay);
        }
        // MassTransit spreads each wait by ±25 % so that many consumers do not knock at the same instant.
        Assert.That(delays, Is.All.InRange(TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(3.75)), "never longer than the longest wait");
        Assert.That(delays.Skip(10), Is.All.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2.25)), "the waits reach the longest");
    }

    [Test]
    public void Should_not_retry_a_login_the_broker_refuses()
    {
        var policy = BusExtensions.ReconnectPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        using var context = policy.CreatePolicyContext(new Attempt());
        Assert.That(context.CanRetry(new BrokerUnreachableException(new AuthenticationFailureException("ACCESS_REFUSED")), out _), Is.False,
            "retrying a wrong password only locks the account; the operator must fix it");
    }

    sealed class Attempt() : BasePipeContext(CancellationToken.None), PipeContext;
}
