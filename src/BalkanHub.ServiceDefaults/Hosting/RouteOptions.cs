using System.ComponentModel.DataAnnotations;

namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>Where the route file is.</summary>
public sealed class RouteOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Route";

    /// <summary>Path of the route file, absolute or relative to the content root. <c>Route:Path</c>.</summary>
    [Required]
    public string Path { get; set; } = "route.json";
}
