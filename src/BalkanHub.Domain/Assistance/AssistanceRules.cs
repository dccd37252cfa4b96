using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using BalkanHub.Api.Contracts;
using BalkanHub.Contracts;
using BalkanHub.Domain.Route;
using BalkanHub.Domain.Validation;

namespace BalkanHub.Domain.Assistance;

/// <summary>An item as an officer posts it; checked by <see cref="AssistanceRules"/>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AssistanceItemDraft
{
    /// <summary>What.</summary>
    public string? Item { get; init; }

    /// <summary>How many.</summary>
    public int? Quantity { get; init; }

    /// <summary>The unit.</summary>
    public string? Unit { get; init; }
}

/// <summary>A needs analysis, a request or an offer as an officer posts it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AssistanceDraft
{
    /// <summary>A short title (needs analyses and requests).</summary>
    public string? Title { get; init; }

    /// <summary>The items.</summary>
    public IReadOnlyList<AssistanceItemDraft?>? Items { get; init; }

    /// <summary>A note (offers).</summary>
    public string? Note { get; init; }

    /// <summary>The numbered points of the leaders' statement this serves.</summary>
    public IReadOnlyList<int>? PlanPoints { get; init; }

    /// <summary>
    /// A needs analysis for practice: it, the request made from it and every offer against that are
    /// exercise traffic. An offer ignores this and follows its request.
    /// </summary>
    public bool Exercise { get; init; }
}

/// <summary>The rules of needs, requests and offers, shared by the contact points and the aggregator.</summary>
public static class AssistanceRules
{

    /// <summary>Longest title, item name or unit.</summary>
    public const int MaxText = 200;

    /// <summary>Longest note or reason: an offer's note, a change's note, why an analysis or request was closed.</summary>
    public const int MaxNote = 2000;

    /// <summary>
    /// Checks a needs analysis or request: a title and at least one item, each with a name, a positive
    /// quantity and a unit, no item twice.
    /// </summary>
    public static (IReadOnlyList<AssistanceItem> Items, ValidationErrors Errors) ValidateNeeds(AssistanceDraft? draft, RouteMap route)
    {
        var errors = new ValidationErrors();
        if (draft is null)
        {
            errors.Add("body", "is required.");
            return ([], errors);
        }
        if (string.IsNullOrWhiteSpace(draft.Title))
            errors.Add("title", "is required.");
        errors.Line(draft.Title, "title", MaxText);
        var items = Items(draft, errors, requested: null);
        ValidatePlanPoints(draft.PlanPoints, errors, route);
        return (items, errors);
    }

    /// <summary>
    /// Checks an offer against what the request asked for: each item must be one the request named, in
    /// the same unit, with a positive quantity.
    /// </summary>
    public static (IReadOnlyList<AssistanceItem> Items, ValidationErrors Errors) ValidateOffer(AssistanceDraft? draft, IReadOnlyList<AssistanceItem> requested, RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var errors = new ValidationErrors();
        if (draft is null)
        {
            errors.Add("body", "is required.");
            return ([], errors);
        }
        var items = Items(draft, errors, requested);
        errors.Text(draft.Note, "note", MaxNote);
        ValidatePlanPoints(draft.PlanPoints, errors, route);
        return (items, errors);
    }

    static List<AssistanceItem> Items(AssistanceDraft draft, ValidationErrors errors, IReadOnlyList<AssistanceItem>? requested)
    {
        var items = new List<AssistanceItem>();
        if (draft.Items is not { Count: > 0 })
        {
            errors.Add("items", "must list at least one item.");
            return items;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < draft.Items.Count; i++)
        {
            var path = $"items[{i}]";
            if (draft.Items[i] is not { } item)
            {
                errors.Add(path, "must not be null.");
                continue;
            }
            var name = item.Item?.Trim();
            if (string.IsNullOrEmpty(name))
                errors.Add($"{path}.item", "is required.");
            else if (name.Length > MaxText)
                errors.Add($"{path}.item", $"must be at most {MaxText} characters.");
            else if (TextRules.Problem(name, freeText: false) is { } badName)
                errors.Add($"{path}.item", badName);
            else if (!seen.Add(name))
                errors.Add($"{path}.item", $"'{name}' appears more than once.");
            if (item.Quantity is null)
                errors.Add($"{path}.quantity", "is required.");
            else if (item.Quantity <= 0)
                errors.Add($"{path}.quantity", "must be greater than 0.");
            var unit = item.Unit?.Trim();
            if (string.IsNullOrEmpty(unit))
                errors.Add($"{path}.unit", "is required.");
            else if (unit.Length > MaxText)
                errors.Add($"{path}.unit", $"must be at most {MaxText} characters.");
            else if (TextRules.Problem(unit, freeText: false) is { } badUnit)
                errors.Add($"{path}.unit", badUnit);
            if (requested is not null && !string.IsNullOrEmpty(name))
            {
                var asked = requested.FirstOrDefault(r => Same(r.Item, name));
                if (asked is null)
                    errors.Add($"{path}.item", $"'{name}' was not asked for; the request asks for {string.Join(", ", requested.Select(r => r.Item))}.");
                else if (!string.IsNullOrEmpty(unit) && !Same(asked.Unit, unit))
                    errors.Add($"{path}.unit", $"must be '{asked.Unit}', the unit of the request.");
            }
            if (!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(unit) && item.Quantity > 0)
                items.Add(new AssistanceItem { Item = name, Quantity = item.Quantity.Value, Unit = unit });
        }
        return items;
    }

    /// <summary>Checks a note or reason sent with a step (closing an analysis, withdrawing a request, moving an offer on): free text, at most <see cref="MaxNote"/> characters.</summary>
    public static ValidationErrors ValidateNote(string? note, string field = "note")
    {
        var errors = new ValidationErrors();
        errors.Text(note, field, MaxNote);
        return errors;
    }

    /// <summary>Each plan point must be one of the numbered points of the route's agreement.</summary>
    public static void ValidatePlanPoints(IReadOnlyList<int>? points, ValidationErrors errors, RouteMap route)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(route);
        for (var i = 0; i < (points?.Count ?? 0); i++)
        {
            if (points![i] < 1 || points[i] > route.PlanPointCount)
            {
                errors.Add($"planPoints[{i}]", route.PlanPointCount == 0
                    ? $"{route.Agreement} numbers no points."
                    : $"must be a point of the {route.Agreement}, 1 to {route.PlanPointCount}.");
            }
        }
    }

    /// <summary>Item names and units compare without regard to case.</summary>
    public static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="actor"/> may move an offer from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <returns>Null when allowed; otherwise why not.</returns>
    public static string? CheckTransition(OfferStatus from, OfferStatus to, bool actorIsRequester, bool actorIsOfferer)
    {
        var (allowedFrom, byRequester) = to switch
        {
            OfferStatus.Accepted or OfferStatus.Declined => (new[] { OfferStatus.Offered }, true),
            OfferStatus.Committed => ([OfferStatus.Accepted], false),
            OfferStatus.Dispatched => ([OfferStatus.Committed], false),
            OfferStatus.Delivered => ([OfferStatus.Dispatched], false),
            OfferStatus.Withdrawn => ([OfferStatus.Offered, OfferStatus.Accepted, OfferStatus.Committed], false),
            _ => (Array.Empty<OfferStatus>(), false),
        };
        if (byRequester ? !actorIsRequester : !actorIsOfferer)
            return byRequester ? "Only the requesting country accepts or declines an offer." : "Only the offering participant moves its offer on.";
        return allowedFrom.Contains(from) ? null : $"An offer that is {Name(from)} cannot become {Name(to)}.";
    }

    /// <summary>
    /// How far along its lifecycle an offer is: offered, accepted, committed, dispatched, then an end
    /// (delivered, declined or withdrawn). Relays may arrive out of order at a contact point, which
    /// consumes several at once, so a projection only ever moves an offer to a later stage.
    /// </summary>
    public static int Stage(OfferStatus status) => status switch
    {
        OfferStatus.Offered => 0,
        OfferStatus.Accepted => 1,
        OfferStatus.Committed => 2,
        OfferStatus.Dispatched => 3,
        _ => 4,
    };

    /// <summary>The wire name of a status.</summary>
    public static string Name(OfferStatus status) => JsonNamingPolicy(status.ToString());

    static string JsonNamingPolicy(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Offers that still count toward what was offered: not declined or withdrawn.</summary>
    public static bool CountsAsOffered(OfferStatus status) => status is not (OfferStatus.Declined or OfferStatus.Withdrawn);

    /// <summary>Offers the requester accepted, at any later stage.</summary>
    public static bool CountsAsAccepted(OfferStatus status) => status is OfferStatus.Accepted or OfferStatus.Committed or OfferStatus.Dispatched or OfferStatus.Delivered;

    /// <summary>Per requested item: requested, offered, accepted, delivered and the shares covered.</summary>
    public static IReadOnlyList<ItemCoverage> Coverage(IReadOnlyList<AssistanceItem> requested, IEnumerable<(OfferStatus Status, IReadOnlyList<AssistanceItem> Items)> offers)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var list = offers.ToList();
        return [.. requested.Select(r =>
        {
            int Sum(Func<OfferStatus, bool> counts) =>
                list.Where(o => counts(o.Status)).SelectMany(o => o.Items).Where(i => Same(i.Item, r.Item)).Sum(i => i.Quantity);
            var offered = Sum(CountsAsOffered);
            var accepted = Sum(CountsAsAccepted);
            var delivered = Sum(s => s == OfferStatus.Delivered);
            return new ItemCoverage(r.Item, r.Unit, r.Quantity, offered, accepted, delivered,
                Share(offered, r.Quantity), Share(accepted, r.Quantity), Share(delivered, r.Quantity));
        })];
    }

    /// <summary>Whether everything asked for was delivered.</summary>
    public static bool FullyDelivered(IReadOnlyList<ItemCoverage> coverage) => coverage.Count > 0 && coverage.All(c => c.Delivered >= c.Requested);

    static double Share(int part, int whole) => whole <= 0 ? 0 : Math.Round(Math.Min(part, whole) * 100.0 / whole, 1);
}

/// <summary>Settings of the assistance workflow. Section <c>Assistance</c>.</summary>
public sealed class AssistanceOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Assistance";

    /// <summary>A needs analysis is due this long after it was opened (default 24 h).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan NeedsAnalysisWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A request lapses when nothing has changed for this long (default 90 days, the Mechanism's rule).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan LapseAfter { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the clock checks for overdue analyses and lapsed requests.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
