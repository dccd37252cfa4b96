using System.Globalization;
using System.Text.RegularExpressions;
using static BalkanHub.Deployment.Tests.DeploymentFiles;

namespace BalkanHub.Deployment.Tests;

/// <summary>
/// deploy/systemd's units must pass systemd-analyze verify: balkanhub-contact-point@.service as an instance
/// (balkanhub-contact-point@gr.service) the way an operator enables it, and balkanhub-aggregator.service as it
/// is. verify exits 0 on many mistakes (an unknown key, a key in the wrong section) and only writes a warning,
/// so anything it writes fails the test too. It checks that ExecStart's program exists: the units name
/// /usr/bin/dotnet, which the .NET SDK on this machine provides, as the runtime does on a national data
/// centre's server. The aggregator runs under the same sandbox as the contact point, directive for directive,
/// and systemd-analyze security rates neither worse than "OK".
/// </summary>
[NonParallelizable]
public sealed partial class When_the_systemd_unit_is_verified
{
    static readonly SystemdUnit ContactPoint = new("balkanhub-contact-point@.service", "balkanhub-contact-point@gr.service",
        "balkanhub-contact-point-%i", "/etc/balkanhub/contact-point-%i.env");

    static readonly SystemdUnit Aggregator = new("balkanhub-aggregator.service", "balkanhub-aggregator.service",
        "balkanhub-aggregator", "/etc/balkanhub/aggregator.env");

    public static readonly SystemdUnit[] Units = [ContactPoint, Aggregator];

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d+)")]
    private static partial Regex Exposure();

    /// <summary>Runs systemd-analyze with <paramref name="command"/> on the unit with this text, under its instance name.</summary>
    static (int ExitCode, string Output) Analyze(SystemdUnit unit, string text, params string[] command)
    {
        var folder = Directory.CreateTempSubdirectory("balkanhub-systemd-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, unit.File), text);
            return Run("systemd-analyze", [.. command, Path.Combine(folder.FullName, unit.Instance)]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    static (int ExitCode, string Output) Verify(SystemdUnit unit, string text) => Analyze(unit, text, "verify", "--man=no");

    /// <summary>The lines of the unit's hardening section: from its "# Hardening" comment to the next section.</summary>
    static List<string> Hardening(string text) =>
        [.. text.Split('\n').Select(l => l.Trim())
            .SkipWhile(l => !l.StartsWith("# Hardening", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => !l.StartsWith('['))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))];

    [OneTimeSetUp]
    public void Need_systemd_analyze_and_dotnet()
    {
        Assert.That(File.Exists("/usr/bin/systemd-analyze"), Is.True, "systemd-analyze is missing (Debian: apt-get install systemd)");
        Assert.That(File.Exists("/usr/bin/dotnet"), Is.True, "the units' ExecStart runs /usr/bin/dotnet, which verify checks exists");
    }

    [TestCaseSource(nameof(Units))]
    public void Should_pass_systemd_analyze_verify_without_a_word(SystemdUnit unit)
    {
        var (exitCode, output) = Verify(unit, unit.Text);
        Assert.That((exitCode, output), Is.EqualTo((0, "")));
    }

    [TestCaseSource(nameof(Units))]
    public void Should_fail_verify_when_the_unit_is_broken(SystemdUnit unit)
    {
        var text = unit.Text;
        Assert.Multiple(() =>
        {
            // A key in the wrong section: exit code 0, but a warning.
            Assert.That(Verify(unit, text.Replace("Restart=always", "Restart=always\nStartLimitIntervalSec=60", StringComparison.Ordinal)).Output,
                Does.Contain("Unknown key 'StartLimitIntervalSec' in section [Service]"));
            // A program that is not there.
            var missing = Verify(unit, text.Replace("ExecStart=/usr/bin/dotnet", "ExecStart=/opt/nowhere/dotnet", StringComparison.Ordinal));
            Assert.That(missing.ExitCode, Is.Not.Zero);
            Assert.That(missing.Output, Does.Contain("/opt/nowhere/dotnet"));
            Assert.That(Verify(unit, text.Replace("ProtectSystem=strict", "ProtectSystem=stricter", StringComparison.Ordinal)).Output,
                Does.Contain("stricter"));
        });
    }

    [TestCaseSource(nameof(Units))]
    public void Should_run_hardened_with_its_own_state_and_come_back_after_a_crash(SystemdUnit unit)
    {
        var lines = unit.Text.Split('\n').Select(l => l.Trim()).ToHashSet();
        Assert.That(new[] { "DynamicUser=yes", "ProtectSystem=strict", "ProtectHome=yes", "NoNewPrivileges=yes", "Restart=always",
            $"StateDirectory={unit.StateDirectory}", $"EnvironmentFile={unit.EnvironmentFile}" }.Where(l => !lines.Contains(l)), Is.Empty);
    }

    [Test]
    public void Should_sandbox_the_aggregator_as_the_contact_point_directive_for_directive()
    {
        var contactPoint = Hardening(ContactPoint.Text);
        Assert.That(contactPoint, Has.Count.GreaterThan(15), "the contact point's unit has a # Hardening section");
        Assert.That(Hardening(Aggregator.Text), Is.EqualTo(contactPoint));
    }

    [TestCaseSource(nameof(Units))]
    public void Should_be_rated_at_most_2_by_systemd_analyze_security(SystemdUnit unit)
    {
        var (exitCode, output) = Analyze(unit, unit.Text, "security", "--offline=yes", "--no-pager");
        var match = Exposure().Match(output);
        Assert.That(match.Success, Is.True, $"systemd-analyze security said (exit code {exitCode}): {output}");
        Assert.That(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), Is.LessThanOrEqualTo(2.0));
    }

    [Test]
    public void Should_rate_a_unit_without_its_sandbox_worse()
    {
        var bare = string.Join('\n', Aggregator.Text.Split('\n').Where(l => !Hardening(Aggregator.Text).Contains(l.Trim())));
        var match = Exposure().Match(Analyze(Aggregator, bare, "security", "--offline=yes", "--no-pager").Output);
        Assert.That(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), Is.GreaterThan(2.0));
    }
}

/// <summary>A unit file of deploy/systemd, and the name an operator starts it by.</summary>
public sealed record SystemdUnit(string File, string Instance, string StateDirectory, string EnvironmentFile)
{
    /// <summary>The unit file's text.</summary>
    public string Text => System.IO.File.ReadAllText(Path.Combine(Deploy, "systemd", File));

    /// <inheritdoc />
    public override string ToString() => File;
}
