using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Haumai.Tests.Support;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Haumai.Tests.Infrastructure;

/// <summary>
/// X1: every string a page shows goes through a localizer whose Vietnamese resource has it (keys
/// are the English text, so English needs no file). A key missing from a *.vi.resx would show
/// English to a Vietnamese user: this test reads the sources and finds it first.
/// </summary>
public sealed partial class LocalizationTests
{
    private static readonly string WebRoot = Path.Combine(RepoRoot(), "src", "Haumai.Web");

    private static readonly string[] MarkerNames = [nameof(SharedText), nameof(AgentText), nameof(PortalText), nameof(AdminText)];

    public static TheoryData<string> Markers => new(MarkerNames);

    [Fact]
    public void Every_key_a_page_or_page_model_uses_has_its_Vietnamese()
    {
        var resources = MarkerNames.ToDictionary(m => m, ResourceKeys);
        var missing = new List<string>();
        var files = Directory.EnumerateFiles(WebRoot, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var sources = files.ToDictionary(f => f, File.ReadAllText);
        // Which variable is which localizer: "@inject IStringLocalizer<AgentText> T" in views (also
        // in a folder's _ViewImports), "IStringLocalizer<AgentText> text" in constructors and base
        // page models. A declaration holds for its own folder and the folders below it; "S" is
        // SharedText in every view (Pages/_ViewImports.cshtml).
        var declarations = sources
            .SelectMany(f => LocalizerDeclaration().Matches(f.Value).Select(m =>
                (Folder: Path.GetDirectoryName(f.Key)!, Name: m.Groups["name"].Value, Marker: m.Groups["marker"].Value)))
            .ToList();
        var checkedKeys = 0;
        foreach (var (file, source) in sources)
        {
            var folder = Path.GetDirectoryName(file)!;
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            if (file.EndsWith(".cshtml", StringComparison.Ordinal))
            {
                names["S"] = nameof(SharedText);
            }
            // Nearest declaration wins: deeper folders override shallower ones.
            foreach (var d in declarations
                .Where(d => folder == d.Folder || folder.StartsWith(d.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .OrderBy(d => d.Folder.Length))
            {
                names[d.Name] = d.Marker;
            }
            foreach (Match m in LocalizerDeclaration().Matches(source))
            {
                names[m.Groups["name"].Value] = m.Groups["marker"].Value;
            }
            foreach (var (name, marker) in names)
            {
                if (!resources.TryGetValue(marker, out var keys))
                {
                    continue;
                }
                foreach (Match use in new Regex(@"(?<![\w.])" + Regex.Escape(name) + @"\[\s*""(?<key>(?:[^""\\]|\\.)*)""").Matches(source))
                {
                    var key = Regex.Unescape(use.Groups["key"].Value);
                    checkedKeys++;
                    if (!keys.Contains(key))
                    {
                        missing.Add($"{Path.GetRelativePath(WebRoot, file)}: {marker} \"{key}\"");
                    }
                }
            }
        }
        checkedKeys.ShouldBeGreaterThan(20, "the scan found the layout's strings");
        missing.ShouldBeEmpty("keys without Vietnamese:\n" + string.Join("\n", missing.Distinct()));
    }

    [Theory]
    [MemberData(nameof(Markers))]
    public void Resource_files_are_well_formed_and_have_no_empty_translation(string marker)
    {
        var path = Path.Combine(WebRoot, "Infrastructure", "Localization", marker + ".vi.resx");
        var doc = XDocument.Load(path);
        var data = doc.Root!.Elements("data").ToList();
        data.Select(d => (string)d.Attribute("name")!).ShouldBeUnique();
        data.Where(d => string.IsNullOrWhiteSpace((string?)d.Element("value"))).Select(d => (string)d.Attribute("name")!).ShouldBeEmpty();
    }

    [Fact]
    public void Money_is_whole_dong_in_the_reader_s_culture()
    {
        using var app = new SqliteApp();
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var format = scope.ServiceProvider.GetRequiredService<UserFormat>();
        WithCulture("vi-VN", () => format.Money(1_250_000.4m)).ShouldBe("1.250.000 ₫");
        WithCulture("en-US", () => format.Money(1_250_000.5m)).ShouldBe("1,250,001 ₫");
    }

    [Fact]
    public void Times_are_shown_in_Ho_Chi_Minh_City_by_default_and_enum_names_in_Vietnamese()
    {
        using var app = new SqliteApp();
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var format = scope.ServiceProvider.GetRequiredService<UserFormat>();
        var utc = new DateTime(2026, 11, 22, 2, 5, 0, DateTimeKind.Utc);
        WithCulture("vi-VN", () => format.DateTime(utc)).ShouldBe("22/11/2026 09:05");
        WithCulture("vi-VN", () => format.Status(TicketStatus.Pending)).ShouldBe("Chờ khách hàng");
        WithCulture("en-US", () => format.Status(TicketStatus.Pending)).ShouldBe("Pending");
        WithCulture("vi-VN", () => format.Remaining(-135)).ShouldBe("quá hạn 2 giờ 15 phút");
        WithCulture("en-US", () => format.Remaining(45)).ShouldBe("in 45 min");
    }

    [Fact]
    public async Task Pages_are_Vietnamese_by_default_and_English_when_asked()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var client = app.CreateClient();
        var vi = await client.GetStringAsync("/account/sign-in");
        vi.ShouldContain("<html lang=\"vi\"");
        vi.ShouldContain("Đăng nhập");

        var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=" + Uri.EscapeDataString(HaumaiCulture.CookieValue("en")));
        var en = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        en.ShouldContain("<html lang=\"en\"");
        en.ShouldContain(">Sign in<");
        en.ShouldNotContain("Đăng nhập");

        // The browser's own language does not switch a Vietnamese company's pages to English.
        var english = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        english.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        (await (await client.SendAsync(english)).Content.ReadAsStringAsync()).ShouldContain("<html lang=\"vi\"");
    }

    [Fact]
    public async Task Every_page_response_carries_a_CSP_without_unsafe_inline_scripts()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var response = await app.CreateClient().GetAsync("/account/sign-in");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("script-src 'self'");
        csp.ShouldNotContain("unsafe-inline");
        csp.ShouldNotContain("unsafe-eval");
        csp.ShouldContain("frame-ancestors 'none'");
        var html = await response.Content.ReadAsStringAsync();
        InlineScript().IsMatch(html).ShouldBeFalse("pages have no inline scripts (they would be blocked)");
    }

    private static HashSet<string> ResourceKeys(string marker)
    {
        var path = Path.Combine(WebRoot, "Infrastructure", "Localization", marker + ".vi.resx");
        return XDocument.Load(path).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
    }

    private static T WithCulture<T>(string culture, Func<T> work)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return work();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Haumai.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Haumai.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"IStringLocalizer<(?<marker>\w+Text)>\s+(?<name>\w+)")]
    private static partial Regex LocalizerDeclaration();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
