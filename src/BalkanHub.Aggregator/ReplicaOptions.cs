using System.ComponentModel.DataAnnotations;

namespace BalkanHub.Aggregator;

/// <summary>
/// Which replica this process is, when several aggregators share one PostgreSQL database and one
/// intake queue. The audit trail names it as the service that saw each action, so an operator can
/// tell which replica handled an item.
/// </summary>
public sealed class ReplicaOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Replica";

    /// <summary>The replica's name in the audit trail: <c>aggregator</c> when only one runs.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,62}$", ErrorMessage = "Replica:Name must be lower-case letters, digits and hyphens, such as aggregator-2.")]
    public string Name { get; set; } = "aggregator";
}
