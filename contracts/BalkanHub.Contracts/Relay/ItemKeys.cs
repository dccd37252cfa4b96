using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace BalkanHub.Contracts;

/// <summary>
/// The stable identities of relayed items (<see cref="RelayItem.ItemKey"/>), such as
/// <c>report:GR:2015-10-20:v2</c> or <c>measure:{id}:r3</c>. They are public: <c>GET /api/items/{key}</c>
/// takes them, every inbox and feed entry carries one, and participants store them. This is the one place
/// that writes them, so a key means the same on the hub, in the client library and in a national system,
/// and <see cref="TryParse"/> reads them back.
/// </summary>
/// <remarks>
/// A key only ever grows new kinds: an existing kind's shape never changes, since stored keys and the
/// <c>Supersedes</c> links between them would no longer match.
/// </remarks>
public static class ItemKeys
{
    /// <summary>Version <paramref name="version"/> of a country's daily report; an exercise's reports have keys of their own.</summary>
    public static string Report(string country, DateOnly date, int version, bool exercise = false) =>
        string.Create(CultureInfo.InvariantCulture, $"{(exercise ? "exercise-report" : "report")}:{country}:{date:yyyy-MM-dd}:v{version}");

    /// <summary>Revision <paramref name="revision"/> of a measure notice.</summary>
    public static string Measure(Guid measureId, int revision) =>
        string.Create(CultureInfo.InvariantCulture, $"measure:{measureId}:r{revision}");

    /// <summary><paramref name="country"/>'s acknowledgement of the item <paramref name="itemKey"/>.</summary>
    public static string Acknowledgement(string country, string itemKey) => $"ack:{country}:{itemKey}";

    /// <summary>The hub's alert that <paramref name="recipient"/> did not acknowledge <paramref name="itemKey"/> in time.</summary>
    public static string AcknowledgementOverdue(string recipient, string itemKey) => $"overdue:{recipient}:{itemKey}";

    /// <summary>The hub's alert that <paramref name="country"/>'s report for <paramref name="date"/> did not come.</summary>
    public static string ReportMissing(string country, DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"missing:{country}:{date:yyyy-MM-dd}");

    /// <summary>The hub's reminder to <paramref name="country"/> that its report for <paramref name="date"/> is due soon and not in yet.</summary>
    public static string ReportReminder(string country, DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"reminder:{country}:{date:yyyy-MM-dd}");

    /// <summary>The hub's estimate of what the measure <paramref name="measureKey"/> means for <paramref name="upstream"/>, through <paramref name="affected"/>.</summary>
    public static string ChainReaction(string measureKey, string affected, string upstream) => $"chain:{measureKey}:{affected}:{upstream}";

    /// <summary>The withdrawal of the chain-reaction estimate that <see cref="ChainReaction"/> named.</summary>
    public static string ChainReactionWithdrawn(string measureKey, string affected, string upstream) => $"chain-withdrawn:{measureKey}:{affected}:{upstream}";

    /// <summary>The hub's record of a message it refused, by the message's id.</summary>
    public static string SecurityEvent(Guid messageId) => $"security:{messageId}";

    /// <summary>A needs analysis.</summary>
    public static string NeedsAnalysis(Guid id) => $"needs:{id}";

    /// <summary>A needs analysis closed by its country.</summary>
    public static string NeedsAnalysisClosed(Guid id) => $"needs:{id}:closed";

    /// <summary>The hub's alert that a needs analysis is still open past its deadline.</summary>
    public static string NeedsAnalysisOverdue(Guid id) => $"needs:{id}:overdue";

    /// <summary>An assistance request.</summary>
    public static string Request(Guid id) => $"request:{id}";

    /// <summary>The end of an assistance request: <c>withdrawn</c>, <c>closed</c> or <c>lapsed</c>.</summary>
    public static string RequestEnded(Guid id, RequestStatus status) =>
        $"request:{id}:{status.ToString().ToLowerInvariant()}";

    /// <summary>An offer of assistance.</summary>
    public static string Offer(Guid id) => $"offer:{id}";

    /// <summary>A step of an offer, named as on the wire (<c>accepted</c>, <c>inTransit</c>, <c>delivered</c>…).</summary>
    public static string OfferStep(Guid id, OfferStatus status) =>
        $"offer:{id}:{char.ToLowerInvariant(status.ToString()[0])}{status.ToString()[1..]}";

    /// <summary>
    /// The start shared by every reconciliation alert (<paramref name="resolved"/> false) or resolution (true) of
    /// one border and day: the newest of them says whether a gap is open.
    /// </summary>
    public static string ReconciliationPrefix(string from, string to, DateOnly date, bool exercise, bool resolved = false) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(exercise ? "exercise-reconciliation" : "reconciliation")}{(resolved ? "-resolved" : "")}:{from}-{to}:{date:yyyy-MM-dd}:");

    /// <summary>
    /// An alert (or, <paramref name="resolved"/>, a resolution) about the border <paramref name="from"/>→<paramref name="to"/>
    /// on <paramref name="date"/>, between version <paramref name="departuresVersion"/> of the one side's report and
    /// <paramref name="arrivalsVersion"/> of the other's.
    /// </summary>
    public static string Reconciliation(string from, string to, DateOnly date, int departuresVersion, int arrivalsVersion, bool exercise, bool resolved = false) =>
        ReconciliationPrefix(from, to, date, exercise, resolved) + string.Create(CultureInfo.InvariantCulture, $"v{departuresVersion}-v{arrivalsVersion}");

    /// <summary>
    /// Reads a daily report's or a measure's key back: what a participant needs to find the report or
    /// measure an inbox entry is about. Other kinds give <see langword="false"/>.
    /// </summary>
    public static bool TryParse(string? key, [NotNullWhen(true)] out ParsedItemKey? parsed)
    {
        parsed = null;
        var parts = key?.Split(':');
        if (parts is null)
            return false;
        if (parts is [("report" or "exercise-report") and var kind, var country, var date, var version]
            && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && version.StartsWith('v') && int.TryParse(version.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
            && country.Length > 0)
        {
            // Only the one spelling the hub writes: "v01" or a date with extra digits names no item.
            var exercise = kind == "exercise-report";
            if (Report(country, day, v, exercise) != key)
                return false;
            parsed = new ParsedItemKey(RelayedItemKind.DailyReport, country, day, null, v, exercise);
            return true;
        }
        if (parts is ["measure", var id, var revision]
            && Guid.TryParse(id, out var measureId)
            && revision.StartsWith('r') && int.TryParse(revision.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0)
        {
            if (Measure(measureId, r) != key)
                return false;
            parsed = new ParsedItemKey(RelayedItemKind.Measure, null, null, measureId, r, false);
            return true;
        }
        return false;
    }
}

/// <summary>What a report's or a measure's item key says.</summary>
/// <param name="Kind"><see cref="RelayedItemKind.DailyReport"/> or <see cref="RelayedItemKind.Measure"/>.</param>
/// <param name="Country">A report's country.</param>
/// <param name="Date">A report's day.</param>
/// <param name="MeasureId">A measure's id.</param>
/// <param name="Version">A report's version or a measure's revision.</param>
/// <param name="Exercise">Whether it is an exercise report's key.</param>
public sealed record ParsedItemKey(RelayedItemKind Kind, string? Country, DateOnly? Date, Guid? MeasureId, int Version, bool Exercise);
