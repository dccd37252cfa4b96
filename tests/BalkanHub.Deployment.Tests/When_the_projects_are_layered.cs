using System.Xml.Linq;
using static BalkanHub.Deployment.Tests.DeploymentFiles;

namespace BalkanHub.Deployment.Tests;

/// <summary>
/// BalkanHub.ServiceDefaults holds what every service's host needs and nothing else, as eShop's service
/// defaults do: it references neither the domain nor BalkanHub.Messaging (which builds on it, not the
/// other way round), and it runs no npm step. npm runs from web/BalkanHub.Web.proj alone, which both
/// services reach through web/BalkanHub.Web.targets, so a parallel build restores the libraries once.
/// The images build each service from the project files it needs, so each Dockerfile copies all of them.
/// </summary>
public sealed class When_the_projects_are_layered
{
    static readonly string ServiceDefaults = Path.Combine(Root, "src", "BalkanHub.ServiceDefaults", "BalkanHub.ServiceDefaults.csproj");

    static readonly string[] Forbidden = ["BalkanHub.Domain.csproj", "BalkanHub.Messaging.csproj"];

    static readonly (string Dockerfile, string Project)[] Images =
    [
        ("aggregator.Dockerfile", "src/BalkanHub.Aggregator/BalkanHub.Aggregator.csproj"),
        ("contact-point.Dockerfile", "src/BalkanHub.ContactPoint/BalkanHub.ContactPoint.csproj"),
    ];

    /// <summary>What is wrong with a ServiceDefaults project file.</summary>
    static List<string> Problems(XDocument project)
    {
        var problems = new List<string>();
        foreach (var include in Attributes(project, "ProjectReference", "Include"))
        {
            var file = include.Replace('\\', '/').Split('/')[^1];
            if (Forbidden.Contains(file, StringComparer.OrdinalIgnoreCase))
                problems.Add($"references {file}");
        }
        foreach (var command in NpmCommands(project))
            problems.Add($"runs npm: {command}");
        return problems;
    }

    static IEnumerable<string> Attributes(XDocument project, string element, string attribute) =>
        project.Descendants().Where(e => e.Name.LocalName == element).Select(e => (string?)e.Attribute(attribute) ?? "");

    static IEnumerable<string> NpmCommands(XDocument project) =>
        Attributes(project, "Exec", "Command").Where(c => c.Contains("npm", StringComparison.Ordinal));

    static XDocument Broken(string extra) =>
        XDocument.Parse(File.ReadAllText(ServiceDefaults).Replace("</Project>", extra + "</Project>", StringComparison.Ordinal));

    /// <summary>A path relative to the repository, with forward slashes, as Dockerfiles write it.</summary>
    static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>The project file and every project it references, directly or not, relative to the repository.</summary>
    static SortedSet<string> ProjectsOf(string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(Path.Combine(Root, project))]);
        while (pending.TryPop(out var file))
        {
            if (!found.Add(Relative(file)))
                continue;
            foreach (var include in Attributes(XDocument.Load(file), "ProjectReference", "Include"))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, include.Replace('\\', '/'))));
        }
        return found;
    }

    /// <summary>The files a project file imports by a path of its own (not the SDK's), relative to the repository.</summary>
    static IEnumerable<string> ImportsOf(string project) =>
        Attributes(XDocument.Load(Path.Combine(Root, project)), "Import", "Project")
            .Select(i => Relative(Path.GetFullPath(Path.Combine(Root, Path.GetDirectoryName(project)!, i.Replace('\\', '/')))));

    /// <summary>What a Dockerfile's COPY lines copy from the context before its first line that starts with <paramref name="step"/>, or null without one.</summary>
    static List<string>? CopiedBefore(IEnumerable<string> dockerfile, string step)
    {
        var sources = new List<string>();
        foreach (var line in dockerfile.Select(l => l.Trim()))
        {
            if (line.StartsWith(step, StringComparison.Ordinal))
                return sources;
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["COPY", .. var rest] && !rest.Any(w => w.StartsWith("--from", StringComparison.Ordinal)))
                sources.AddRange(rest[..^1].Where(w => !w.StartsWith("--", StringComparison.Ordinal)));
        }
        return null;
    }

    static bool Covers(IEnumerable<string> sources, string file) =>
        sources.Any(s => s == file || (s.EndsWith('/') && file.StartsWith(s, StringComparison.Ordinal)));

    /// <summary>
    /// What an image's Dockerfile fails to copy of what <paramref name="project"/> needs: dotnet restore
    /// reads the project files and what they import, dotnet publish their folders and the pages' build.
    /// </summary>
    static List<string> ImageProblems(IReadOnlyList<string> dockerfile, string project)
    {
        var problems = new List<string>();
        var beforeRestore = CopiedBefore(dockerfile, "RUN dotnet restore");
        var beforePublish = CopiedBefore(dockerfile, "RUN dotnet publish");
        if (beforeRestore is null || beforePublish is null)
            return ["no dotnet restore and dotnet publish"];
        var projects = ProjectsOf(project);
        foreach (var file in projects.Concat(projects.SelectMany(ImportsOf)).Where(f => !Covers(beforeRestore, f)))
            problems.Add($"{file} not copied before dotnet restore");
        foreach (var folder in projects.Select(p => p[..(p.LastIndexOf('/') + 1)]).Where(f => !beforePublish.Contains(f)))
            problems.Add($"{folder} not copied before dotnet publish");
        if (!Covers(beforePublish, "web/BalkanHub.Web.proj") || !Covers(beforePublish, "web/package-lock.json"))
            problems.Add("web/ not copied before dotnet publish");
        return problems;
    }

    static string[] Dockerfile(string name) => File.ReadAllLines(Path.Combine(Deploy, "docker", name));

    [Test]
    public void Should_reference_neither_the_domain_nor_messaging_from_service_defaults_and_run_no_npm_there()
    {
        Assert.That(Problems(XDocument.Load(ServiceDefaults)), Is.Empty);
    }

    [Test]
    public void Should_name_each_broken_rule_in_a_broken_copy()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems(Broken(@"<ItemGroup><ProjectReference Include=""..\BalkanHub.Domain\BalkanHub.Domain.csproj"" /></ItemGroup>")),
                Does.Contain("references BalkanHub.Domain.csproj"));
            Assert.That(Problems(Broken(@"<ItemGroup><ProjectReference Include=""../BalkanHub.Messaging/BalkanHub.Messaging.csproj"" /></ItemGroup>")),
                Does.Contain("references BalkanHub.Messaging.csproj"));
            Assert.That(Problems(Broken(@"<Target Name=""Pages""><Exec Command=""npm ci"" /></Target>")),
                Does.Contain("runs npm: npm ci"));
        });
    }

    [Test]
    public void Should_run_npm_from_the_web_project_alone_which_both_services_import()
    {
        var projects = Directory.EnumerateFiles(Root, "*.*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".csproj" or ".proj" or ".props" or ".targets")
            .Where(f => !Relative(f).Split('/').Any(d => d is "bin" or "obj" or "node_modules" or ".git" or ".run"));
        var npm = projects.Where(f => NpmCommands(XDocument.Load(f)).Any()).Select(Relative);
        Assert.Multiple(() =>
        {
            Assert.That(npm, Is.EqualTo(new[] { "web/BalkanHub.Web.proj" }));
            foreach (var (_, project) in Images)
                Assert.That(ImportsOf(project), Does.Contain("web/BalkanHub.Web.targets"), project);
        });
    }

    [Test]
    public void Should_copy_every_project_a_service_needs_into_its_image()
    {
        Assert.Multiple(() =>
        {
            foreach (var (dockerfile, project) in Images)
            {
                Assert.That(ProjectsOf(project), Does.Contain("src/BalkanHub.Messaging/BalkanHub.Messaging.csproj"), project);
                Assert.That(ImageProblems(Dockerfile(dockerfile), project), Is.Empty, dockerfile);
            }
        });
    }

    [Test]
    public void Should_name_a_project_an_image_leaves_out()
    {
        var (dockerfile, project) = Images[1];
        var broken = Dockerfile(dockerfile).Where(l => !l.Contains("BalkanHub.Messaging", StringComparison.Ordinal)).ToList();
        Assert.That(ImageProblems(broken, project), Is.EquivalentTo(new[]
        {
            "src/BalkanHub.Messaging/BalkanHub.Messaging.csproj not copied before dotnet restore",
            "src/BalkanHub.Messaging/ not copied before dotnet publish",
        }));
    }
}
