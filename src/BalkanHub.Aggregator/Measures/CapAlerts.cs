using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using BalkanHub.Domain.Measures;

namespace BalkanHub.Aggregator.Measures;

/// <summary>
/// A measure revision as an OASIS CAP 1.2 alert, the format alert hubs and civil-protection tools read.
/// The announcement is an Alert; every later revision is an Update, or a Cancel when the measure was
/// withdrawn, and names all the earlier alerts of the measure in <c>references</c>.
/// </summary>
public static class CapAlerts
{
    /// <summary>The CAP 1.2 namespace.</summary>
    public static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    /// <summary>Who sends every alert: the hub relays what the countries announced.</summary>
    public const string Sender = "balkanhub@route.eu";

    /// <summary>The restriction every alert carries: these are exchanges between governments.</summary>
    public static string Restriction(RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return $"For the governments' contact points on the {route.Name} and the European Commission only ({route.Agreement}).";
    }

    /// <summary>One revision as the feed reads it, its message parsed once.</summary>
    /// <param name="MeasureId">The measure.</param>
    /// <param name="Revision">Its revision number.</param>
    /// <param name="MessageType">MeasureAnnounced, MeasureUpdated, MeasureTookEffect, MeasureCancelled or MeasureLifted.</param>
    /// <param name="ReceivedAt">When the hub received it: the alert's <c>sent</c>.</param>
    /// <param name="Notice">The notice in the message.</param>
    /// <param name="Reason">The officer's reason for an update, cancellation or lift.</param>
    public sealed record MeasureRevision(Guid MeasureId, int Revision, string MessageType, DateTimeOffset ReceivedAt, MeasureNotice Notice, string? Reason)
    {
        /// <summary>Reads a stored message: <c>{"measure": …, "reason": …}</c>.</summary>
        public static MeasureRevision Parse(Guid measureId, int revision, string messageType, DateTimeOffset receivedAt, string payload)
        {
            using var message = JsonDocument.Parse(payload);
            var root = message.RootElement;
            return new(measureId, revision, messageType, receivedAt, root.GetProperty("measure").Deserialize<MeasureNotice>(JsonSerializerOptions.Web)!,
                root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null);
        }

        /// <summary>The alert's identifier: one per measure revision.</summary>
        public string Identifier => $"urn:balkanhub:measure:{MeasureId}:{Revision}";
    }

    /// <summary>CAP's date-time form: seconds, and an explicit offset (never "Z").</summary>
    public static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+00:00";

    /// <summary>Builds the alert of <paramref name="revision"/>; <paramref name="earlier"/> are the measure's previous revisions.</summary>
    public static XElement Alert(MeasureRevision revision, IReadOnlyList<MeasureRevision> earlier, RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(route);
        var notice = revision.Notice;
        var msgType = revision.MessageType == nameof(MeasureCancelled) ? "Cancel" : earlier.Count == 0 ? "Alert" : "Update";
        var lead = LeadTime.Of(notice);
        var alert = new XElement(Cap + "alert",
            new XElement(Cap + "identifier", revision.Identifier),
            new XElement(Cap + "sender", Sender),
            new XElement(Cap + "sent", Time(revision.ReceivedAt)),
            new XElement(Cap + "status", notice.Exercise ? "Exercise" : "Actual"),
            new XElement(Cap + "msgType", msgType),
            new XElement(Cap + "source", $"Contact point of {route.Find(notice.Country)?.Name ?? notice.Country}"),
            new XElement(Cap + "scope", "Restricted"),
            new XElement(Cap + "restriction", Restriction(route)));
        alert.Add(new XElement(Cap + "code", $"measure:{notice.Type}"));
        if (notice.Exercise)
            alert.Add(new XElement(Cap + "note", "Exercise traffic: not a real measure."));
        if (msgType != "Alert")
            alert.Add(new XElement(Cap + "references", string.Join(' ', earlier.Select(e => $"{Sender},{e.Identifier},{Time(e.ReceivedAt)}"))));

        // CAP 1.2 fixes the order of an info block's elements; this follows it.
        var info = new XElement(Cap + "info",
            new XElement(Cap + "language", "en"),
            new XElement(Cap + "category", "Security"),
            new XElement(Cap + "event", EventOf(notice.Type)),
            new XElement(Cap + "responseType", revision.MessageType is nameof(MeasureCancelled) or nameof(MeasureLifted) ? "AllClear" : "Prepare"),
            new XElement(Cap + "urgency", Urgency(notice, revision.ReceivedAt)),
            new XElement(Cap + "severity", notice.Severity switch
            {
                MeasureSeverity.Minor => "Minor",
                MeasureSeverity.Moderate => "Moderate",
                MeasureSeverity.Severe => "Severe",
                MeasureSeverity.Extreme => "Extreme",
                _ => "Unknown",
            }),
            new XElement(Cap + "certainty", notice.Status is MeasureStatus.InForce or MeasureStatus.Lifted ? "Observed" : "Likely"),
            new XElement(Cap + "effective", Time(notice.EffectiveFrom)));
        if (notice.EffectiveUntil is { } until)
            info.Add(new XElement(Cap + "expires", Time(until)));
        info.Add(new XElement(Cap + "senderName", $"BalkanHub, for {route.Find(notice.Country)?.Name ?? notice.Country}"),
            new XElement(Cap + "headline", Truncate(notice.Title, 160)),
            new XElement(Cap + "description", notice.Description ?? notice.Title),
            new XElement(Cap + "instruction", Instruction(notice, revision.Reason)));
        info.Add(Parameter("measureId", notice.MeasureId.ToString()),
            Parameter("revision", notice.Revision.ToString(CultureInfo.InvariantCulture)),
            Parameter("measureType", notice.Type.ToString()),
            Parameter("measureStatus", notice.Status.ToString()),
            Parameter("leadTimeHours", lead.Hours.ToString(CultureInfo.InvariantCulture)));
        if (lead.IsRetroactive)
            info.Add(Parameter("retroactive", lead.Describe()));
        if (notice.Parameters.DailyCap is { } cap)
            info.Add(Parameter("dailyCap", cap.ToString(CultureInfo.InvariantCulture)));
        if (notice.Parameters.CapacityDelta is { } delta)
            info.Add(Parameter("capacityDelta", delta.ToString(CultureInfo.InvariantCulture)));
        if (notice.Parameters.Nationalities is { Count: > 0 } nationalities)
            info.Add(Parameter("admittedNationalities", string.Join(' ', nationalities)));
        if (notice.PlanPoints is { Count: > 0 } points)
            info.Add(Parameter("planPoints", string.Join(' ', points)));

        var area = new XElement(Cap + "area", new XElement(Cap + "areaDesc", AreaDescription(notice, route)),
            Geocode("ISO3166-1", notice.Country));
        foreach (var country in notice.AffectedCountries.Where(c => c != notice.Country))
            area.Add(Geocode("ISO3166-1", country));
        foreach (var crossing in notice.AffectedCrossingPoints)
            area.Add(Geocode("crossingPoint", crossing));
        info.Add(area);
        alert.Add(info);
        return XmlSafeText.Cleaned(alert);
    }

    static string EventOf(MeasureType type) => type switch
    {
        MeasureType.BorderClosure => "Border closure",
        MeasureType.DailyCap => "Daily entry cap",
        MeasureType.NationalityRestriction => "Entry restricted by nationality",
        MeasureType.TransportArrangement => "Transport arrangement",
        MeasureType.RegistrationChange => "Registration procedure change",
        MeasureType.CapacityChange => "Reception capacity change",
        _ => "Border measure",
    };

    static string Urgency(MeasureNotice notice, DateTimeOffset sent) =>
        notice.Status == MeasureStatus.InForce || notice.EffectiveFrom - sent <= TimeSpan.FromHours(24) ? "Immediate" : "Expected";

    static string Instruction(MeasureNotice notice, string? reason)
    {
        var text = notice.Status switch
        {
            MeasureStatus.Cancelled => "The measure was withdrawn and will not take effect.",
            MeasureStatus.Lifted => "The measure has ended.",
            _ => "Neighbouring contact points acknowledge this notice and adjust transport and reception plans.",
        };
        return reason is { Length: > 0 } ? $"{text} Reason given: {reason}" : text;
    }

    static string AreaDescription(MeasureNotice notice, RouteMap route)
    {
        var country = route.Find(notice.Country)?.Name ?? notice.Country;
        var crossings = notice.AffectedCrossingPoints.Select(c => route.CrossingPoints.FirstOrDefault(p => p.Code == c)?.Name ?? c).ToList();
        return crossings.Count == 0 ? $"{country}: all borders" : $"{country}: {string.Join(", ", crossings)}";
    }

    static XElement Parameter(string name, string value) =>
        new(Cap + "parameter", new XElement(Cap + "valueName", name), new XElement(Cap + "value", value));

    static XElement Geocode(string name, string value) =>
        new(Cap + "geocode", new XElement(Cap + "valueName", name), new XElement(Cap + "value", value));

    static string Truncate(string text, int length)
    {
        if (text.Length <= length)
            return text;
        // Never cut a surrogate pair in two: half a character is one XML cannot carry.
        var cut = char.IsHighSurrogate(text[length - 2]) ? length - 2 : length - 1;
        return text[..cut] + "…";
    }
}
