using BalkanHub.ContactPoint.Data;
using BalkanHub.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace BalkanHub.ContactPoint.Tests.Consumers;

/// <summary>
/// A contact point's consumers composed as the service composes them (<c>AddServiceDefaults</c>,
/// <c>AddContactPoint</c>) on the in-memory harness (<see cref="HarnessConsumers{TDb}"/>), with the
/// country's signing keys as the service is given them.
/// </summary>
sealed class ContactPointConsumers() : HarnessConsumers<ContactPointDb>("contact-point")
{
    public static async Task<ContactPointConsumers> StartAsync(string country)
    {
        var consumers = new ContactPointConsumers();
        var settings = new Dictionary<string, string?>
        {
            ["ContactPoint:Country"] = country,
            ["ConnectionStrings:ContactPoint"] = $"Data Source={Path.Combine(consumers.DataDir, "contact-point.db")}",
        };
        foreach (var (setting, value) in new SigningKeys(Path.Combine(consumers.DataDir, "keys")).ContactPointSettings(country))
            settings[setting] = value;
        await consumers.StartAsync(typeof(ContactPointExtensions), settings, builder =>
        {
            // The harness starts every hosted service, the web server too: an in-memory one, so no port is taken.
            builder.WebHost.UseTestServer();
            builder.AddServiceDefaults();
            builder.AddContactPoint();
        }, services => services.InitializeDatabaseAsync<ContactPointDb>("ContactPoint"));
        return consumers;
    }
}
