using static BalkanHub.Deployment.Tests.DeploymentFiles;

namespace BalkanHub.Deployment.Tests;

/// <summary>
/// deploy/systemd/balkanhub-contact-point@.service must pass systemd-analyze verify, as an instance
/// (balkanhub-contact-point@gr.service) the way an operator enables it. verify exits 0 on many mistakes
/// (an unknown key, a key in the wrong section) and only writes a warning, so anything it writes fails
/// the test too. It checks that ExecStart's program exists: the unit names /usr/bin/dotnet, which the
/// .NET SDK on this machine provides, as the runtime does on a national data centre's server.
/// </summary>
[NonParallelizable]
public sealed class When_the_systemd_unit_is_verified
{
    const string Unit = "balkanhub-contact-point@.service";
    static readonly string Text = File.ReadAllText(Path.Combine(Deploy, "systemd", Unit));

    /// <summary>verify's exit code and output for the unit with this text, as the gr instance.</summary>
    static (int ExitCode, string Output) Verify(string text)
    {
        var folder = Directory.CreateTempSubdirectory("balkanhub-systemd-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, Unit), text);
            return Run("systemd-analyze", "verify", "--man=no", Path.Combine(folder.FullName, "balkanhub-contact-point@gr.service"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [OneTimeSetUp]
    public void Need_systemd_analyze_and_dotnet()
    {
        Assert.That(File.Exists("/usr/bin/systemd-analyze"), Is.True, "systemd-analyze is missing (Debian: apt-get install systemd)");
        Assert.That(File.Exists("/usr/bin/dotnet"), Is.True, "the unit's ExecStart runs /usr/bin/dotnet, which verify checks exists");
    }

    [Test]
    public void Should_pass_systemd_analyze_verify_without_a_word()
    {
        var (exitCode, output) = Verify(Text);
        Assert.That((exitCode, output), Is.EqualTo((0, "")));
    }

    [Test]
    public void Should_fail_verify_when_the_unit_is_broken()
    {
        Assert.Multiple(() =>
        {
            // A key in the wrong section: exit code 0, but a warning.
            Assert.That(Verify(Text.Replace("Restart=always", "Restart=always\nStartLimitIntervalSec=60", StringComparison.Ordinal)).Output,
                Does.Contain("Unknown key 'StartLimitIntervalSec' in section [Service]"));
            // A program that is not there.
            var missing = Verify(Text.Replace("ExecStart=/usr/bin/dotnet", "ExecStart=/opt/nowhere/dotnet", StringComparison.Ordinal));
            Assert.That(missing.ExitCode, Is.Not.Zero);
            Assert.That(missing.Output, Does.Contain("/opt/nowhere/dotnet"));
            Assert.That(Verify(Text.Replace("ProtectSystem=strict", "ProtectSystem=stricter", StringComparison.Ordinal)).Output,
                Does.Contain("stricter"));
        });
    }

    [Test]
    public void Should_run_hardened_with_its_own_state_and_come_back_after_a_crash()
    {
        var lines = Text.Split('\n').Select(l => l.Trim()).ToHashSet();
        Assert.That(new[] { "DynamicUser=yes", "ProtectSystem=strict", "ProtectHome=yes", "NoNewPrivileges=yes", "Restart=always",
            "StateDirectory=balkanhub-contact-point-%i", "EnvironmentFile=/etc/balkanhub/contact-point-%i.env" }.Where(l => !lines.Contains(l)), Is.Empty);
    }
}
