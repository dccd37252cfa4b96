namespace BalkanHub.Aggregator.Relay;

/// <summary>
/// Versions of one stream (a report's day, a measure's revisions) can overtake each other on the bus.
/// Each is stored when it arrives, but relayed only after the one before it, so every recipient sees
/// corrections and transitions in order: the arrival of a missing version relays it and every later one
/// that was waiting for it.
/// </summary>
public static class InOrder
{
    /// <summary>
    /// Relays version <paramref name="next"/> and each following one while <paramref name="waiting"/>
    /// finds it stored and not yet relayed; returns the first version still missing.
    /// </summary>
    public static async Task<int> RelayWaitingAsync<T>(int next, Func<int, CancellationToken, Task<T?>> waiting, Func<T, Task> relay,
        CancellationToken cancellationToken) where T : class
    {
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(relay);
        while (await waiting(next, cancellationToken) is { } pending)
        {
            await relay(pending);
            next++;
        }
        return next;
    }
}
