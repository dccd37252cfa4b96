using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace BalkanHub.IntegrationTests.Browser;

/// <summary>
/// Debian's headless Chromium through Playwright. Never a downloaded browser: CI has no access to
/// Playwright's browser store, and ./test.sh installs the chromium package. Each test signs in through
/// the service's own sign-in page, as a person would, and records what the page printed to its console
/// and which requests it made to another origin (there must be none).
/// </summary>
public sealed class Pages : IAsyncDisposable
{
    /// <summary>Where Debian puts Chromium; <c>BALKANHUB_CHROMIUM</c> overrides it.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("BALKANHUB_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    IPlaywright _playwright = null!;
    IBrowser _browser = null!;

    /// <summary>Script errors and CSP violations the pages reported, for assertions and for failure messages.</summary>
    public List<string> Console { get; } = [];

    /// <summary>Requests to any host but 127.0.0.1 and localhost.</summary>
    public List<string> ForeignRequests { get; } = [];

    public static async Task<Pages> StartAsync()
    {
        if (!File.Exists(Chromium))
            throw new FileNotFoundException($"{Chromium} is missing: ./test.sh installs it (apt-get install -y chromium).");
        var pages = new Pages { _playwright = await Playwright.CreateAsync() };
        pages._browser = await pages._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        });
        return pages;
    }

    /// <summary>A fresh browser context, not signed in, at <paramref name="path"/> of <paramref name="service"/>.</summary>
    public async Task<IPage> OpenAsync(Uri service, string path)
    {
        var page = await NewPageAsync(service);
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>A fresh browser context (its own cookies) signed in on <paramref name="service"/> as <paramref name="identity"/>, such as "GR officer".</summary>
    public async Task<IPage> SignInAsync(Uri service, string identity, string path = "/")
    {
        var page = await NewPageAsync(service);
        await page.GotoAsync($"/signin?returnUrl={Uri.EscapeDataString(path)}");
        await page.Locator($"button[name=identity][value='{identity}']").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path.Split('?')[0]);
        return page;
    }

    async Task<IPage> NewPageAsync(Uri service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = service.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            TimezoneId = "Europe/Skopje",
            // Services over HTTPS in the tests carry a throwaway CA's certificate (TlsFiles).
            IgnoreHTTPSErrors = true,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                lock (Console)
                    Console.Add($"{message.Type}: {message.Text}");
        };
        page.PageError += (_, error) =>
        {
            lock (Console)
                Console.Add($"pageerror: {error}");
        };
        page.Request += (_, request) =>
        {
            var host = new Uri(request.Url).Host;
            if (request.Url.StartsWith("http", StringComparison.Ordinal) && host is not ("127.0.0.1" or "localhost"))
                lock (ForeignRequests)
                    ForeignRequests.Add(request.Url);
        };
        return page;
    }

    /// <summary>
    /// Keeps <paramref name="page"/> from connecting to the SignalR hub at <paramref name="hub"/> (its
    /// negotiation fails as if the service could not be reached) until the returned action is called.
    /// Whatever the service pushes meanwhile never reaches the page: only catching up from the API can show it.
    /// </summary>
    public static async Task<Func<Task>> HoldOffHubAsync(IPage page, string hub)
    {
        ArgumentNullException.ThrowIfNull(page);
        var negotiate = new Regex($"{Regex.Escape(hub)}/negotiate", RegexOptions.None, TimeSpan.FromSeconds(1));
        await page.RouteAsync(negotiate, route => route.AbortAsync("connectionrefused"));
        return () => page.UnrouteAsync(negotiate);
    }

    /// <summary>Saves a full-page screenshot under the test output, where CI keeps it, and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
