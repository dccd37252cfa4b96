using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BalkanHub.Testing;

/// <summary>
/// What a test waits for before it starts: <c>/health/ready</c> answering 200 means a service can take
/// requests (its database answers), and it stays so while the broker is down, since the outbox keeps what
/// it accepts. A test that goes on to see messages travel also needs the bus connected and the outbox
/// drained below its threshold: every check Healthy, not merely Degraded.
/// </summary>
public static class Readiness
{
    /// <summary>Whether the service answers ready with every check Healthy.</summary>
    public static async Task<bool> IsHealthyAsync(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return response.IsSuccessStatusCode
                && (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())?["status"] == "Healthy";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return false;
        }
    }
}
