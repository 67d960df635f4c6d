using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Haumai.Tests.Pages.Portal;

/// <summary>
/// X1 for the portal: every string its pages and use cases show has its Vietnamese in
/// PortalText.vi.resx. The portal's views get their localizer <c>T</c> from Pages/Portal/_ViewImports,
/// its page models say <c>Text[...]</c>, and its use cases return English messages (FieldError)
/// that pages localize: the shared LocalizationTests cannot see those, this test reads them.
/// </summary>
public sealed partial class PortalTextTests
{
    private static readonly string WebRoot = Path.Combine(RepoRoot(), "src", "Haumai.Web");

    [Fact]
    public void Every_portal_string_has_its_Vietnamese()
    {
        var resx = XDocument.Load(Path.Combine(WebRoot, "Infrastructure", "Localization", "PortalText.vi.resx"));
        var keys = resx.Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var used = new List<(string File, string Key)>();

        foreach (var folder in new[] { "Pages/Portal", "Pages/Admin/Invitations", "Pages/Admin/Domains" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(WebRoot, folder), "*.cs*", SearchOption.AllDirectories))
            {
                var source = File.ReadAllText(file);
                used.AddRange(PageKey().Matches(source).Select(m => (file, m.Groups["key"].Value)));
                used.AddRange(SwitchedMessage().Matches(source).Select(m => (file, m.Groups["key"].Value)));
            }
        }
        foreach (var file in Directory.EnumerateFiles(Path.Combine(WebRoot, "Features", "Portal"), "*.cs"))
        {
            used.AddRange(UseCaseMessage().Matches(File.ReadAllText(file)).Select(m => (file, m.Groups["key"].Value)));
        }

        used.Count.ShouldBeGreaterThan(150, "the scan found the portal's strings");
        var missing = used.Where(u => !keys.Contains(Regex.Unescape(u.Key)))
            .Select(u => $"{Path.GetRelativePath(WebRoot, u.File)}: \"{u.Key}\"").Distinct().ToList();
        missing.ShouldBeEmpty("strings without Vietnamese:\n" + string.Join("\n", missing));
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

    /// <summary><c>T["…"]</c> in views, <c>Text["…"]</c> in page models.</summary>
    [GeneratedRegex(@"(?<![\w.])(?:T|Text)\[\s*""(?<key>(?:[^""\\]|\\.)*)""")]
    private static partial Regex PageKey();

    /// <summary>Messages chosen in a switch and shown through <c>AddError(new FieldError(…))</c>.</summary>
    [GeneratedRegex(@"=> ""(?<key>(?:[^""\\]|\\.)*\.)"",")]
    private static partial Regex SwitchedMessage();

    /// <summary>What the use cases refuse with: <c>Fail("Field", "…")</c>, <c>Invalid(…)</c>, <c>new FieldError(field, "…")</c>, <c>WithMessage("…")</c>.</summary>
    [GeneratedRegex(@"(?:(?:Fail|Invalid)\(""\w+"",\s*|new FieldError\(\w+,\s*|WithMessage\()""(?<key>(?:[^""\\]|\\.)*)""")]
    private static partial Regex UseCaseMessage();
}
