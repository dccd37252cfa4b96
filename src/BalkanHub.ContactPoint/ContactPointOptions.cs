using System.ComponentModel.DataAnnotations;

namespace BalkanHub.ContactPoint;

/// <summary>Which country this contact point serves. Section <c>ContactPoint</c>.</summary>
public sealed class ContactPointOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "ContactPoint";

    /// <summary>The participant's code from the route file, such as <c>GR</c>. <c>ContactPoint:Country</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Country { get; set; } = "";
}
