namespace BalkanHub.Testing;

/// <summary>Waits for a condition with a generous timeout. Tests check behaviour, never speed.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<T> Get<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } value)
                    return value;
            }
            catch (HttpRequestException ex)
            {
                last = ex;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Timed out waiting for {what}.", last);
    }

    public static Task True(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        Get(async () => await probe() ? "yes" : null, what, timeout);
}
