using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Haumai.Tests.Pages.Agent;

/// <summary>
/// X1 for the workspace: every string its pages ask <c>IStringLocalizer&lt;AgentText&gt;</c> for has
/// its Vietnamese in AgentText.vi.resx (a missing key would show English to a Vietnamese agent,
/// silently), and no two keys differ only by case (resource names are looked up ignoring case,
/// so one of the two would be lost).
/// </summary>
public sealed partial class AgentTextTests
{
    [Fact]
    public void Every_string_of_the_agent_pages_has_its_vietnamese_and_no_key_shadows_another()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Haumai.Web");
        var used = Directory.EnumerateFiles(Path.Combine(web, "Pages", "Agent"))
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => Key().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups[1].Value)))
            .ToHashSet(StringComparer.Ordinal);
        var resx = XDocument.Load(Path.Combine(web, "Infrastructure", "Localization", "AgentText.vi.resx"));
        var translated = resx.Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);

        used.Count.ShouldBeGreaterThan(100);
        used.Where(k => !translated.ContainsKey(k)).ShouldBeEmpty("keys without Vietnamese");
        translated.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key).ShouldBeEmpty("empty translations");
        translated.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key)
            .ShouldBeEmpty("keys that differ only by case");
        // Placeholders survive translation: "{0} selected" must not become a text without {0}.
        foreach (var (key, value) in translated)
        {
            Placeholders().Matches(key).Select(m => m.Value).Order().ShouldBe(Placeholders().Matches(value).Select(m => m.Value).Order(), key);
        }
    }

    [GeneratedRegex("""\b(?:T|text)\["((?:[^"\\]|\\.)*)"[,\]]""")]
    private static partial Regex Key();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholders();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Haumai.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Haumai.slnx not found above " + AppContext.BaseDirectory);
    }
}
