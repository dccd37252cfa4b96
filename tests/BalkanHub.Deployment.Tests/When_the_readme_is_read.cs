using System.Text.RegularExpressions;
using static BalkanHub.Deployment.Tests.DeploymentFiles;

namespace BalkanHub.Deployment.Tests;

/// <summary>
/// The README is what a newcomer reads in five minutes: short, and every link it and the pages in docs/
/// make lands on a file of the repository (a clone, a mirror or an air-gapped copy has no other).
/// The first request's commands are run as written by the integration suite's run.sh fixture.
/// </summary>
public sealed partial class When_the_readme_is_read
{
    static readonly string Readme = Path.Combine(Root, "README.md");

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [Test]
    public void Should_fit_in_150_lines()
    {
        Assert.That(File.ReadAllLines(Readme), Has.Length.LessThanOrEqualTo(150));
    }

    [Test]
    public void Should_link_only_to_files_in_the_repository()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md").Append(Readme).ToList();
        var broken = new List<string>();
        var links = 0;
        foreach (var page in pages)
        {
            foreach (Match match in MarkdownLink().Matches(File.ReadAllText(page)))
            {
                var target = match.Groups[1].Value.Split('#')[0];
                if (target.Length == 0 || Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "mailto")
                    continue;
                links++;
                var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(target)));
                if (!resolved.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !(File.Exists(resolved) || Directory.Exists(resolved)))
                    broken.Add($"{Path.GetRelativePath(Root, page)} → {target}");
            }
        }
        Assert.That(links, Is.GreaterThan(10), "the README and docs/ link to each other");
        Assert.That(broken, Is.Empty, "links that leave the repository or point to nothing");
    }
}
