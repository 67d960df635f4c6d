using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Teams;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.BrowserTests.Support;

/// <summary>
/// The fixture of a browser test class: a running Haumai at <see cref="BaseUrl"/> (Kestrel on
/// loopback, a fresh SQLite data folder) and a headless Debian Chromium driven by Playwright. Tests
/// create their own people and data, get one <see cref="Actor"/> (browser context) per person, sign
/// in through the real page and take screenshots into artifacts/screenshots.
/// </summary>
public sealed partial class BrowserApp : IAsyncLifetime
{
    public const string DefaultPassword = "Mat-khau-thu-nghiem-1";

    private static int _lastClient;
    private readonly List<Actor> _actors = [];
    private HaumaiServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "haumai-browser-tests", Guid.NewGuid().ToString("N"));

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public string BaseUrl => Server.BaseUrl;

    public HaumaiServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Debian's Chromium (scripts/test.sh installs it); Playwright never downloads a browser here.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("HAUMAI_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {ChromiumPath}. Run scripts/test.sh (it installs Debian's chromium) or apt-get install chromium.");
        }
        Directory.CreateDirectory(DataDirectory);
        Assertions.SetDefaultExpectTimeout(10_000);
        _server = new HaumaiServer(DataDirectory);
        _server.Start(); // migrations run here, before the first test

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root (as in CI) and containers have no usable sandbox; /dev/shm is small in containers.
            // Haumai listens on loopback here, so a page of another site (the chat widget's shop) reaching it
            // would be a request into the local network, which Chromium refuses or asks about (Local Network
            // Access). In production both are public sites and nothing is asked: the check is off for the tests.
            Args = ["--no-sandbox", "--disable-dev-shm-usage",
                "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights"],
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var actor in _actors)
        {
            await actor.DisposeAsync();
        }
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        foreach (var dir in new[] { DataDirectory, FilesDirectory })
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
            catch (IOException)
            {
            }
        }
    }

    // --- files to upload ------------------------------------------------------------------------

    /// <summary>Where tests write files that a person uploads (beside the data folder, deleted with it).</summary>
    public string FilesDirectory => DataDirectory + "-files";

    /// <summary>A real 1×1 PNG, small enough for any upload limit.</summary>
    public static byte[] TinyPng() => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>Writes a file to upload and returns its full path.</summary>
    public async Task<string> WriteFileAsync(string name, byte[] content)
    {
        Directory.CreateDirectory(FilesDirectory);
        var path = Path.Combine(FilesDirectory, name);
        await File.WriteAllBytesAsync(path, content);
        return path;
    }

    // --- browsers -------------------------------------------------------------------------------

    /// <summary>
    /// A new, isolated browser context for one person (own cookies and storage), with one page.
    /// Vietnamese browser and Vietnam's time zone unless told otherwise. Closed with the fixture.
    /// </summary>
    public async Task<Actor> NewActorAsync(string name, string locale = "vi-VN")
    {
        var n = Interlocked.Increment(ref _lastClient);
        // A made-up client address per context (documentation prefix, never contacted): see HaumaiServer.
        var client = new IPAddress([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)(n >> 8), (byte)n]);
        var actor = await Actor.CreateAsync(name, Browser, new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            TimezoneId = "Asia/Ho_Chi_Minh",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            ExtraHTTPHeaders = new Dictionary<string, string> { [HaumaiServer.ClientIpHeader] = client.ToString() },
        });
        actor.Context.SetDefaultTimeout(15_000);
        actor.Context.SetDefaultNavigationTimeout(30_000);
        lock (_actors)
        {
            _actors.Add(actor);
        }
        return actor;
    }

    /// <summary>Signs in as a person the test created (see the other overload).</summary>
    public Task SignInAsync(IPage page, TestAccount account) => SignInAsync(page, account.Email, account.Password);

    /// <summary>
    /// Signs in through the real page: one GET and one POST of the rate-limited sign-in page (a
    /// page already showing the form is not loaded again). Throws with the page's error if the
    /// sign-in did not take.
    /// </summary>
    public async Task SignInAsync(IPage page, string email, string password = DefaultPassword)
    {
        if (!IsSignInPage(page.Url) || await page.Locator("#email").CountAsync() == 0)
        {
            var response = await page.GotoAsync("/account/sign-in");
            ThrowIfRateLimited(response);
        }
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        var post = await page.RunAndWaitForResponseAsync(
            () => SignInButton(page).ClickAsync(),
            r => r.Request.Method == "POST" && IsSignInPage(r.Url));
        ThrowIfRateLimited(post);
        if (post.Status is not (302 or 303))
        {
            await page.WaitForLoadStateAsync(LoadState.Load);
            var error = await page.Locator("[role=alert], .error").AllInnerTextsAsync();
            throw new InvalidOperationException(
                $"Sign-in as {email} did not take (HTTP {post.Status}): {string.Join(" ", error)}");
        }
        // Signed in: the app redirects to the return URL or home, never back to this page.
        await page.WaitForURLAsync(url => !IsSignInPage(url));
    }

    /// <summary>The sign-in form's submit button: <c>#sign-in-submit</c> (docs/ui.md), else the form's only submit button.</summary>
    public static ILocator SignInButton(IPage page) =>
        page.Locator("#sign-in-submit").Or(page.Locator("form:has(#password) button[type=submit]")).First;

    public static bool IsSignInPage(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath.Equals("/account/sign-in", StringComparison.OrdinalIgnoreCase);

    private static void ThrowIfRateLimited(IResponse? response)
    {
        if (response?.Status == (int)HttpStatusCode.TooManyRequests)
        {
            throw new InvalidOperationException(
                "The sign-in page answered 429: this actor's sign-in budget (10 a minute per client address) is spent. Use another actor.");
        }
    }

    // --- screenshots ----------------------------------------------------------------------------

    /// <summary>artifacts/screenshots under the repository root (the folder with Haumai.slnx).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    /// <summary>A full-page PNG at artifacts/screenshots/&lt;name&gt;.png; returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, $"{SafeName().Replace(name, "-")}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex SafeName();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Haumai.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Haumai.slnx above {AppContext.BaseDirectory}.");
    }

    // --- data -----------------------------------------------------------------------------------

    /// <summary>Runs code against the app's own services (the running server's container).</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<HaumaiDb, Task<T>> work) =>
        WithScopeAsync(sp => work(sp.GetRequiredService<HaumaiDb>()));

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>An agent (or admin) who can sign in with <paramref name="password"/>.</summary>
    public Task<TestAccount> CreateStaffAsync(Role role = Role.Agent, string? name = null, string password = DefaultPassword)
    {
        if (role == Role.Customer)
        {
            throw new ArgumentException("Staff are agents or admins; use CreateCustomerAsync.", nameof(role));
        }
        return CreateUserAsync(role, null, false, name ?? (role == Role.Admin ? "Trần Quản Trị" : "Lê Văn Hỗ Trợ"), password);
    }

    /// <summary>A customer of an organization (a new one unless given) who can sign in.</summary>
    public async Task<TestAccount> CreateCustomerAsync(string? orgSlug = null, bool orgAdmin = false, string? name = null, string password = DefaultPassword)
    {
        orgSlug ??= (await CreateOrganizationAsync()).Slug;
        return await CreateUserAsync(Role.Customer, orgSlug, orgAdmin, name ?? "Nguyễn Thị Lan", password);
    }

    private async Task<TestAccount> CreateUserAsync(Role role, string? orgSlug, bool orgAdmin, string name, string password)
    {
        var email = $"{Unique(role.ToString().ToLowerInvariant())}@example.vn";
        return await WithScopeAsync(async sp =>
        {
            var (user, field, error) = await sp.GetRequiredService<CreateUser.Handler>().HandleAsync(
                new CreateUser.Request(email, name, role.ToString(), orgSlug, password, orgAdmin), default);
            if (user is null)
            {
                throw new InvalidOperationException($"{field}: {error}");
            }
            var token = await sp.GetRequiredService<CreateApiToken.Handler>().HandleAsync(user, "browser-tests", default);
            return new TestAccount(user.Id, user.Email, user.Name, password, role, orgSlug, token.Token);
        });
    }

    public Task<Organization> CreateOrganizationAsync(string name = "Công ty TNHH Thử nghiệm", Plan plan = Plan.Free) =>
        WithDbAsync(async db =>
        {
            var org = new Organization(Unique("org"), name, plan, DateTime.UtcNow);
            db.Organizations.Add(org);
            await db.SaveChangesAsync();
            return org;
        });

    /// <summary>A new team with these members (user ids); the first lead if <paramref name="firstIsLead"/>.</summary>
    public Task<Team> CreateTeamAsync(string name = "Nhóm thử nghiệm", bool firstIsLead = false, params int[] members) =>
        WithDbAsync(async db =>
        {
            var team = new Team(Unique("team"), name);
            db.Teams.Add(team);
            await db.SaveChangesAsync();
            for (var i = 0; i < members.Length; i++)
            {
                team.AddMember(members[i], isLead: firstIsLead && i == 0);
            }
            await db.SaveChangesAsync();
            return team;
        });

    /// <summary>Adds a user to an existing team, e.g. the seeded <c>technical</c> or <c>sales</c>.</summary>
    public Task AddToTeamAsync(string teamSlug, int userId, bool lead = false) =>
        WithDbAsync(async db =>
        {
            var team = await db.Teams.SingleAsync(t => t.Slug == teamSlug);
            await db.Entry(team).Collection(t => t.Members).LoadAsync();
            team.AddMember(userId, lead);
            await db.SaveChangesAsync();
            return 0;
        });

    /// <summary>The id of a category by slug (the T2 set comes with the first migration).</summary>
    public Task<int> CategoryIdAsync(string slug) =>
        WithDbAsync(db => db.Categories.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync());

    /// <summary>An HTTP client on the real socket, authenticated with the account's API token.</summary>
    public HttpClient ApiClient(TestAccount account)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.Token);
        return client;
    }
}

/// <summary>A person the test created: sign in with <see cref="Email"/> and <see cref="Password"/>, call the API with <see cref="Token"/>.</summary>
public sealed record TestAccount(int Id, string Email, string Name, string Password, Role Role, string? OrgSlug, string Token);
