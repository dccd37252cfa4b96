using BalkanHub.Messaging.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;

namespace BalkanHub.ContactPoint.Tests;

/// <summary>
/// /health/ready tells a load balancer whether a contact point can take requests: its database answers.
/// The broker and the outbox are reported in the detail, never a reason to leave rotation.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_the_contact_point_reports_readiness
{
    [Test]
    public async Task Should_stay_ready_while_the_broker_is_unreachable_name_it_and_accept_reports()
    {
        var closed = Ports.Free();
        await using var host = await ContactPointHost.StartAsync("AL",
            b => b.UseSetting("RabbitMq:Uri", $"amqp://guest:guest@127.0.0.1:{closed}/"), waitUntilReady: false);
        using var probe = host.ClientWith(null);
        var ready = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var detail = (await ready.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the outbox can take reports, so the service stays in rotation");
        Assert.That((string?)detail["status"], Is.EqualTo("Degraded"));
        Assert.That((string?)detail["checks"]!["masstransit-bus"]!["status"], Is.EqualTo("Degraded"), "the detail names the broker");
        Assert.That((string?)detail["checks"]!["database"]!["status"], Is.EqualTo("Healthy"));
        Assert.That((await probe.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "alive all the same");

        using var accepted = await host.Http.PostAsJsonAsync("/api/reports", Samples.PlainReport(new DateOnly(2015, 10, 20)));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the outbox keeps the report until the broker is back");
    }

    [Test]
    public async Task Should_treat_a_stall_checked_while_the_broker_is_unreachable_as_no_stall()
    {
        // A publish can time out as the broker goes down; the check that follows then finds no connection
        // to open. That is an answer (nothing open is stalled), not an error: an exception here once left
        // the outbox dispatcher and stopped a contact point for good during a broker restart on CI.
        var closed = Ports.Free();
        await using var host = await ContactPointHost.StartAsync("AL",
            b => b.UseSetting("RabbitMq:Uri", $"amqp://guest:guest@127.0.0.1:{closed}/"), waitUntilReady: false);
        var stalled = host.Services.GetRequiredService<StalledPublishes>();

        Assert.That(async () => await stalled.TimedOutAsync(DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None), Throws.Nothing);

        using var accepted = await host.Http.PostAsJsonAsync("/api/reports", Samples.PlainReport(new DateOnly(2015, 10, 21)));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "still taking reports");
    }

    [Test]
    public async Task Should_report_an_outbox_backlog_over_its_threshold_and_stay_ready()
    {
        // No aggregator listens on this virtual host, so the broker returns every report and they wait in the outbox.
        await using var host = await ContactPointHost.StartAsync("BG", b => b.UseSetting("Outbox:MaxBacklog", "2"));
        using var probe = host.ClientWith(null);
        Assert.That((await probe.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        for (var day = 1; day <= 3; day++)
            Assert.That((await host.Http.PostAsJsonAsync("/api/reports", Samples.PlainReport(new DateOnly(2015, 10, 15 + day)))).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var ready = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var outbox = (await ready.Content.ReadFromJsonAsync<JsonObject>())!["checks"]!["outbox"]!;
        Assert.That((string?)outbox["status"], Is.EqualTo("Degraded"));
        Assert.That((int)outbox["data"]!["backlog"]!, Is.GreaterThanOrEqualTo(3));
    }
}
