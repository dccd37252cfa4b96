using System.ComponentModel.DataAnnotations;

namespace BalkanHub.Domain.Measures;

/// <summary>The rules of announcing measures, as the participants agreed them. Section <c>Measures</c>.</summary>
public sealed class MeasureOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Measures";

    /// <summary>Less notice than this between announcement and effect is flagged short notice (default 24 h).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan MinimumNotice { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a recipient has to acknowledge a measure (default 6 h). Seconds are allowed for drills and tests.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan AcknowledgementWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often the clock checks for measures taking effect, ending, or acknowledgements falling due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many of the affected country's latest reports a chain-reaction estimate averages (default 3).</summary>
    [Range(1, 60)]
    public int ChainReactionDays { get; set; } = 3;

    /// <summary>Whether a measure announced with this lead time is short notice.</summary>
    public bool IsShortNotice(TimeSpan leadTime) => leadTime < MinimumNotice;
}
