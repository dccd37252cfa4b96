using System.Text.RegularExpressions;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// A container restarts with an empty home folder; a systemd DynamicUser unit has none at all. The
/// keys behind sign-in cookies live in the service's database, so an officer signed in before a restart
/// is still signed in after it. Here Greece's contact point gets a fresh home folder at each start.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed partial class When_a_service_restarts_with_people_signed_in() : NetworkFixture("GR")
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    readonly List<string> _homes = [];

    string FreshHome()
    {
        var home = Directory.CreateTempSubdirectory("balkanhub-home.").FullName;
        _homes.Add(home);
        return home;
    }

    protected override ValueTask CleanUpAsync()
    {
        foreach (var home in _homes)
            Directory.Delete(home, recursive: true);
        return ValueTask.CompletedTask;
    }

    protected override void Configure(string service, IDictionary<string, string?> settings) => settings["HOME"] = FreshHome();

    [Test]
    public async Task Should_keep_an_officer_signed_in_across_a_restart()
    {
        var greece = Network.ContactPoints["GR"];
        using var handler = new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = greece.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var page = await browser.GetStringAsync(new Uri("/signin", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryField().Match(page).Groups[1].Value,
            ["identity"] = "GR officer",
            ["returnUrl"] = "/",
        });
        using var signIn = await browser.PostAsync(new Uri("/signin", UriKind.Relative), form);
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed in");
        Assert.That((await browser.GetAsync(new Uri("/api/inbox", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the cookie works");

        greece.Kill();
        greece.Environment["HOME"] = FreshHome();
        greece.Start();
        await greece.WaitUntilReadyAsync();

        using var after = await browser.GetAsync(new Uri("/api/inbox", UriKind.Relative));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the same cookie still signs the officer in after the restart");
        using var me = await browser.GetAsync(new Uri("/api/me", UriKind.Relative));
        Assert.That(await me.Content.ReadAsStringAsync(), Does.Contain("GR"), "as the same officer");
    }
}
