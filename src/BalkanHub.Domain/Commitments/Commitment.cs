using System.Text.Json;
using System.Text.Json.Serialization;
using BalkanHub.Api.Contracts;

namespace BalkanHub.Domain.Commitments;

/// <summary>One commitment of the leaders' statement, as configured in <c>deploy/commitments.json</c>.</summary>
public sealed record Commitment
{
    /// <summary>Stable id, such as <c>police-officers-si</c>.</summary>
    public required string Id { get; init; }

    /// <summary>What was promised, in words.</summary>
    public required string Title { get; init; }

    /// <summary>The participant answerable for it: a country, an agency such as UNHCR, or EU for the Commission.</summary>
    public required string Owner { get; init; }

    /// <summary>How much.</summary>
    public required int Target { get; init; }

    /// <summary>The unit of the target: <c>places</c>, <c>persons</c>, <c>contact points</c>…</summary>
    public required string Unit { get; init; }

    /// <summary>When it was promised; progress counts from here.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>When it must be met.</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>The point of the leaders' statement it implements.</summary>
    public int? PlanPoint { get; init; }

    /// <summary>Where progress comes from.</summary>
    public required ProgressSource Source { get; init; }

    /// <summary>For <see cref="ProgressSource.DeliveredItems"/>: the item counted.</summary>
    public string? Item { get; init; }

    /// <summary>For <see cref="ProgressSource.DeliveredItems"/>: the receiving country.</summary>
    public string? Recipient { get; init; }

    /// <summary>
    /// For <see cref="ProgressSource.ReportedCapacity"/>: the countries whose capacity counts. Named one by
    /// one, so a commitment for "the other countries along the route" can never count Greece's places.
    /// </summary>
    public IReadOnlyList<string> Countries { get; init; } = [];

    /// <summary>
    /// The status at <paramref name="now"/>, with <paramref name="progress"/> done by the deadline and
    /// <paramref name="progressIncludingLate"/> done by now: a target reached only after the deadline is late, not met.
    /// </summary>
    public CommitmentStatus StatusAt(DateTimeOffset now, int progress, int progressIncludingLate)
    {
        if (progress >= Target)
            return CommitmentStatus.Met;
        if (now > Deadline)
            return progressIncludingLate >= Target ? CommitmentStatus.MetLate : CommitmentStatus.Missed;
        var span = (Deadline - Since).TotalSeconds;
        var elapsed = span <= 0 ? 1 : Math.Clamp((now - Since).TotalSeconds / span, 0, 1);
        return elapsed - (double)progress / Target > 0.25 ? CommitmentStatus.AtRisk : CommitmentStatus.OnTrack;
    }

    /// <summary>Reads a commitments file: a JSON array of commitments.</summary>
    public static IReadOnlyList<Commitment> Load(string path)
    {
        var list = JsonSerializer.Deserialize<List<Commitment>>(File.ReadAllText(path), JsonSerializerOptions.Web)
            ?? throw new InvalidDataException($"{path} holds no commitments.");
        var problems = list.SelectMany(Problems).ToList();
        if (list.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() != list.Count)
            problems.Add("commitment ids must be unique");
        return problems.Count == 0 ? list : throw new InvalidDataException($"{path}: {string.Join("; ", problems)}");
    }

    static IEnumerable<string> Problems(Commitment c)
    {
        if (c.Target <= 0)
            yield return $"{c.Id}: target must be positive";
        if (c.Deadline < c.Since)
            yield return $"{c.Id}: deadline before since";
        if (c.Source == ProgressSource.DeliveredItems && (string.IsNullOrWhiteSpace(c.Item) || string.IsNullOrWhiteSpace(c.Recipient)))
            yield return $"{c.Id}: deliveredItems needs item and recipient";
        if (c.Source == ProgressSource.ReportedCapacity && c.Countries.Count == 0)
            yield return $"{c.Id}: reportedCapacity needs the countries whose places count, named one by one";
    }
}
