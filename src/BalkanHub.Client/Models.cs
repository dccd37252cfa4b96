using System.Text.Json;
using BalkanHub.Contracts;

namespace BalkanHub.Client;

/// <summary>
/// A contact point's answer to a report: the id and version it was stored under, and the figures that
/// were accepted but look wrong enough to check again.
/// </summary>
public sealed record ReportAccepted(Guid ReportId, int Version, DateOnly ReportDate, DateTimeOffset SubmittedAt, IReadOnlyList<Warning>? Warnings = null);

/// <summary>A figure accepted but looking wrong: the field, as a 400 would name it, and why.</summary>
public sealed record Warning(string Field, string Message);

/// <summary>A measure as the contact point returns it; <see cref="LeadTime"/> says the lead time in words, retroactive ones so.</summary>
public sealed record MeasureView(MeasureNotice Measure, MeasureStatus StatusNow, double LeadTimeHours, bool ShortNotice, bool Retroactive = false, string? LeadTime = null);

/// <summary>An item relayed to this country, as its inbox and <c>/hubs/alerts</c> show it.</summary>
public sealed record RelayedItem(
    long Sequence, RelayedItemKind Kind, string ItemKey, string Source, string MessageType, bool RequiresAcknowledgement,
    DateTimeOffset RelayedAt, DateTimeOffset ReceivedAt, DateTimeOffset? AcknowledgedAt, JsonElement Payload,
    DateTimeOffset? AcknowledgeBy = null, ChainReactionEstimate? ChainReaction = null);

/// <summary>A page of items; pass <see cref="Next"/> as <c>after</c> to read on.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed record Page<T>(IReadOnlyList<T> Items, long Next);

/// <summary>An acknowledgement as recorded.</summary>
public sealed record Acknowledgement(long Sequence, string ItemKey, DateTimeOffset AcknowledgedAt);

/// <summary>One entry of the Commission's feed.</summary>
public sealed record FeedEntry(
    long Sequence, RelayedItemKind Kind, string ItemKey, string Source, string MessageType, DateTimeOffset RelayedAt, string? Supersedes,
    JsonElement Payload, double? LeadTimeHours = null, bool? ShortNotice = null);

/// <summary>
/// An answer other than success, with the problem details the service gave: for a <c>400</c>, each bad
/// field and what is wrong with it.
/// </summary>
public sealed class BalkanHubApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BalkanHubApiException(int status, string title, string? detail, IReadOnlyDictionary<string, string[]> errors)
        : base(Describe(status, title, detail, errors))
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors;
    }

    /// <summary>Creates the exception.</summary>
    public BalkanHubApiException() : this(0, "Unknown problem", null, new Dictionary<string, string[]>())
    {
    }

    /// <summary>Creates the exception.</summary>
    public BalkanHubApiException(string message) : base(message)
    {
        Title = message;
        Errors = new Dictionary<string, string[]>();
    }

    /// <summary>Creates the exception.</summary>
    public BalkanHubApiException(string message, Exception innerException) : base(message, innerException)
    {
        Title = message;
        Errors = new Dictionary<string, string[]>();
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The problem's title.</summary>
    public string Title { get; }

    /// <summary>The problem's detail.</summary>
    public string? Detail { get; }

    /// <summary>Bad fields and what is wrong with each (for a <c>400</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    static string Describe(int status, string title, string? detail, IReadOnlyDictionary<string, string[]> errors) =>
        $"{status} {title}" + (detail is null ? "" : $": {detail}")
        + (errors.Count == 0 ? "" : " " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
}
