namespace BalkanHub.Aggregator.Data;

/// <summary>Times as the store keeps them.</summary>
public static class StoredTime
{
    /// <summary>
    /// <paramref name="time"/> cut to the microsecond, PostgreSQL's precision (SQLite's ticks keep more):
    /// what is sent or hashed now must equal what is read back from either store later.
    /// </summary>
    public static DateTimeOffset Of(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMicrosecond));
}
