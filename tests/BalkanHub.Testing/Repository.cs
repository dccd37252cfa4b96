using System.Reflection;

namespace BalkanHub.Testing;

/// <summary>Where things are in the clone the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string RouteFile => Path.Combine(Root, "deploy", "route.json");

    /// <summary>Debug or Release: the services were built alongside this assembly, in the same configuration.</summary>
    public static string Configuration { get; } =
        typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>
    /// Where a service's program is: its build output, or, when BALKANHUB_PUBLISHED names a folder holding
    /// <c>&lt;project&gt;/&lt;project&gt;.dll</c>, that published copy (the benchmark runs the services as the
    /// images ship them, compiled ahead of time).
    /// </summary>
    public static string BuildFolder(string project) =>
        Environment.GetEnvironmentVariable("BALKANHUB_PUBLISHED") is { Length: > 0 } published && File.Exists(Path.Combine(published, project, project + ".dll"))
            ? Path.Combine(published, project)
            : Path.Combine(Root, "src", project, "bin", Configuration, "net10.0");

    static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "BalkanHub.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No BalkanHub.sln above {AppContext.BaseDirectory}.");
    }
}
