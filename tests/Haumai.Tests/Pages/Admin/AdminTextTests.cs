using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Haumai.Tests.Pages.Admin;

/// <summary>
/// X1: every string the admin pages pass through <c>IStringLocalizer&lt;AdminText&gt;</c> has its
/// Vietnamese in AdminText.vi.resx (English needs none: the key is the English). Read from the
/// sources, so that a new string without a translation fails here rather than shows in English.
/// </summary>
public sealed partial class AdminTextTests
{
    [Fact]
    public void Every_admin_string_has_its_vietnamese()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Haumai.Web");
        var resx = XDocument.Load(Path.Combine(web, "Infrastructure", "Localization", "AdminText.vi.resx"));
        var translated = resx.Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

        // The invitation and domain pages are the portal's, with their own resource (PortalText).
        var sources = Directory.EnumerateFiles(Path.Combine(web, "Pages", "Admin"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Invitations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Domains{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        sources.Count.ShouldBeGreaterThan(20);
        var used = sources.SelectMany(f => Key().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: Regex.Unescape(m.Groups[1].Value))))
            .ToList();
        used.Count.ShouldBeGreaterThan(150);

        var missing = used.Where(u => !translated.ContainsKey(u.Key)).Select(u => $"{u.File}: {u.Key}").Distinct().ToList();
        missing.ShouldBeEmpty();
        translated.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key).ShouldBeEmpty();
        // A translation keeps the key's format items: "{0} users" must not lose its {0}.
        translated.Where(t => FormatItems(t.Key) != FormatItems(t.Value)).Select(t => t.Key).ShouldBeEmpty();
    }

    private static string FormatItems(string s) => string.Join(",", FormatItem().Matches(s).Select(m => m.Value).Order());

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Haumai.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Haumai.slnx not found above the test binaries.");
    }

    [GeneratedRegex("""\b(?:T|Text|text)\["((?:[^"\\]|\\.)*)"[,\]]""")]
    private static partial Regex Key();

    [GeneratedRegex(@"(?<!\{)\{\d+\}(?!\})")]
    private static partial Regex FormatItem();
}
