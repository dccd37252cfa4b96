using System.ComponentModel.DataAnnotations;

namespace BalkanHub.Messaging.Hosting;

/// <summary>Where the route file is.</summary>
public sealed class RouteOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Route";

    /// <summary>
    /// Path of the route file, absolute or relative. <c>Route:Path</c>. Deployments set it explicitly;
    /// the default finds the repository's <c>deploy/route.json</c> for <c>dotnet run</c>.
    /// </summary>
    [Required]
    public string Path { get; set; } = "deploy/route.json";

    /// <summary>
    /// An absolute path is used as it is. A relative one is looked for under the content root, then
    /// under each folder above it, so a service started from its build folder finds the repository's file.
    /// </summary>
    public string Resolve(string contentRoot) => ResolveFile(Path, contentRoot);

    /// <summary>Finds a deployment file the same way: absolute as it is, relative under the content root or a folder above it.</summary>
    public static string ResolveFile(string path, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (System.IO.Path.IsPathRooted(path))
            return path;
        for (var folder = new DirectoryInfo(contentRoot); folder is not null; folder = folder.Parent)
        {
            var candidate = System.IO.Path.Combine(folder.FullName, path);
            if (File.Exists(candidate))
                return candidate;
        }
        return System.IO.Path.GetFullPath(path, contentRoot);
    }
}
