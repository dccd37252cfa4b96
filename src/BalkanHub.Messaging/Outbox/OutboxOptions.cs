using System.ComponentModel.DataAnnotations;

namespace BalkanHub.Messaging.Outbox;

/// <summary>Tuning of the outbox dispatcher. Section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Outbox";

    /// <summary>Rows claimed per round when there is a backlog.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// The fallback poll. Commits wake the dispatcher at once; the poll finds rows a crash left behind
    /// and retries streams that failed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Above this many waiting messages the outbox reports itself Degraded (the service stays ready). <c>Outbox:MaxBacklog</c>.</summary>
    [Range(1, 100_000_000)]
    public int MaxBacklog { get; set; } = 10_000;

    /// <summary>
    /// Longest pause before a failed stream is tried again (default 2 s). It was 15 s: a broker back after
    /// a few seconds then waited up to 15 s more for each stream's next try. A try against a broker that
    /// is still down costs one refused connection, so trying every 2 s costs nothing worth saving.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(2);
}
