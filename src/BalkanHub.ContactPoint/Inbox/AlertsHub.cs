using Microsoft.AspNetCore.SignalR;

namespace BalkanHub.ContactPoint.Inbox;

/// <summary>What the hub pushes to a client.</summary>
public interface IAlertsClient
{
    /// <summary>An item relayed to this country, as it becomes visible in the inbox.</summary>
    Task Relayed(InboxItemView item);
}

/// <summary>
/// <c>/hubs/alerts</c>: pushes each relayed item as it arrives. Pushes can be missed (a dropped
/// connection, a restart), so every item carries its sequence and <see cref="ItemsAfter"/> catches up.
/// </summary>
public sealed class AlertsHub(ContactPointDb db, IOptions<ContactPointOptions> options) : Hub<IAlertsClient>
{
    /// <summary>The group of a country's connections.</summary>
    public static string GroupOf(string country) => $"country:{country}";

    /// <inheritdoc />
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(options.Value.Country));
        await base.OnConnectedAsync();
    }

    /// <summary>Items after <paramref name="after"/>, for a client that reconnects.</summary>
    public Task<List<InboxItemView>> ItemsAfter(long after, int limit = 100) =>
        InboxStore.AfterAsync(db, after, HubLimits.Check(limit, after), Context.ConnectionAborted);
}
