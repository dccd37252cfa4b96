using System.Text.Json.Serialization;

namespace BalkanHub.Api.Contracts;

/// <summary>Where a commitment's progress comes from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProgressSource>))]
public enum ProgressSource
{
    /// <summary>Delivered offers of one item to one country, such as police officers to Slovenia.</summary>
    [JsonStringEnumMemberName("deliveredItems")] DeliveredItems,

    /// <summary>Reception capacity added in the countries' own daily reports since the commitment was made.</summary>
    [JsonStringEnumMemberName("reportedCapacity")] ReportedCapacity,

    /// <summary>Contact points that have sent anything to the hub.</summary>
    [JsonStringEnumMemberName("contactPoints")] ContactPoints,

    /// <summary>Explicit progress reports by the owner.</summary>
    [JsonStringEnumMemberName("progressReports")] ProgressReports,
}

/// <summary>How a commitment stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CommitmentStatus>))]
public enum CommitmentStatus
{
    /// <summary>Progress keeps pace with the time elapsed.</summary>
    [JsonStringEnumMemberName("onTrack")] OnTrack,

    /// <summary>Progress lags the time elapsed by more than a quarter of the target.</summary>
    [JsonStringEnumMemberName("atRisk")] AtRisk,

    /// <summary>The deadline passed before the target was reached.</summary>
    [JsonStringEnumMemberName("missed")] Missed,

    /// <summary>The target was reached by the deadline.</summary>
    [JsonStringEnumMemberName("met")] Met,

    /// <summary>The target was reached, but only after the deadline: late, not met.</summary>
    [JsonStringEnumMemberName("metLate")] MetLate,
}
