namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// What an image carries is what <c>dotnet publish</c> leaves: the design-time packages behind
/// <c>dotnet ef</c> (EF Core Design, Roslyn, Humanizer, MSBuild's build hosts) and the packages'
/// translations have no place in it. Published here from the build ./test.sh made, without building again.
/// </summary>
[TestFixture]
[Category("Integration")]
public sealed class When_the_aggregator_is_published
{
    [Test]
    public async Task Should_carry_no_design_time_assemblies_and_no_translations()
    {
        var output = Directory.CreateTempSubdirectory("balkanhub-publish.").FullName;
        try
        {
            await Shell.RunAsync("dotnet", ["publish", Path.Combine("src", "BalkanHub.Aggregator", "BalkanHub.Aggregator.csproj"),
                "-c", Repository.Configuration, "--no-build", "-nologo", "-o", output], timeout: TimeSpan.FromMinutes(3));

            var files = Directory.GetFiles(output, "*.dll").Select(Path.GetFileName).ToList();
            Assert.That(files, Does.Contain("BalkanHub.Aggregator.dll"), "the publish produced the service");
            Assert.That(files.Where(f => f!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || f.StartsWith("Humanizer", StringComparison.Ordinal)
                || f == "Microsoft.EntityFrameworkCore.Design.dll" || f.StartsWith("Microsoft.Build", StringComparison.Ordinal)), Is.Empty, "design-time assemblies");
            var folders = Directory.GetDirectories(output).Select(Path.GetFileName).ToList();
            Assert.That(folders, Is.SubsetOf(new[] { "web", "runtimes" }), "no build hosts and no language folders (de, zh-Hans…)");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
