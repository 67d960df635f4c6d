using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Haumai.Mail.Html;

namespace Haumai.Mail.Tests.Html;

/// <summary>
/// The invariants of sanitised output, checked independently of the sanitiser's own tables: the
/// output is parsed again as a browser would and every element, attribute and URL must be on the list.
/// </summary>
internal static class SafeHtml
{
    private static readonly HashSet<string> Elements =
    [
        "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "sub", "sup", "small", "blockquote",
        "pre", "code", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col", "hr", "a", "img",
        "details", "summary",
    ];

    private static readonly HashSet<string> Global = ["dir", "lang", "title", "style"];

    private static readonly Dictionary<string, HashSet<string>> PerElement = new()
    {
        ["a"] = ["href", "rel", "target"],
        ["img"] = ["src", "alt", "width", "height"],
        ["td"] = ["colspan", "rowspan", "align", "valign"],
        ["th"] = ["colspan", "rowspan", "align", "valign"],
        ["table"] = ["border", "cellpadding", "cellspacing", "width"],
        ["details"] = ["class"],
    };

    public static void AssertSafe(string html, bool allowStyle = false)
    {
        var parser = new HtmlParser();
        var document = parser.ParseDocument("<!DOCTYPE html><html><head></head><body>" + html + "</body></html>");
        document.Head!.ChildNodes.Length.ShouldBe(0, "nothing may end up in the head");
        foreach (var element in document.Body!.Descendants<IElement>())
        {
            var name = element.LocalName;
            element.NamespaceUri.ShouldBe("http://www.w3.org/1999/xhtml", html);
            Elements.ShouldContain(name, html);
            foreach (var attribute in element.Attributes)
            {
                var attributeName = attribute.Name;
                attributeName.ShouldNotStartWith("on", Case.Insensitive, html);
                var allowed = Global.Contains(attributeName) || (PerElement.TryGetValue(name, out var own) && own.Contains(attributeName));
                allowed.ShouldBeTrue($"<{name} {attributeName}> in {html}");
                if (attributeName == "style")
                {
                    allowStyle.ShouldBeTrue($"style kept in {html}");
                    attribute.Value.ShouldNotContain("url", Case.Insensitive);
                    attribute.Value.ShouldNotContain("expression", Case.Insensitive);
                    attribute.Value.ShouldNotContain("\\");
                }
                if (attributeName == "class")
                {
                    attribute.Value.ShouldBe("quoted");
                }
                if (attributeName is "title" or "alt")
                {
                    // Plain text shown as a tooltip or in place of an image: never a URL, never run.
                    continue;
                }
                var compact = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
                compact.ShouldNotContain("javascript:", Case.Insensitive, html);
                compact.ShouldNotContain("vbscript:", Case.Insensitive, html);
                compact.ShouldNotContain("livescript:", Case.Insensitive, html);
            }
            if (name == "a" && element.GetAttribute("href") is { } href)
            {
                (href.StartsWith("http://") || href.StartsWith("https://") || href.StartsWith("mailto:")).ShouldBeTrue(href);
                element.GetAttribute("rel").ShouldBe("noopener noreferrer nofollow");
                element.GetAttribute("target").ShouldBe("_blank");
            }
            if (name == "img")
            {
                var src = element.GetAttribute("src");
                src.ShouldNotBeNull();
                var ok = src.StartsWith("http://") || src.StartsWith("https://") || src.StartsWith('/')
                    || src.StartsWith("data:image/png;") || src.StartsWith("data:image/jpeg;") || src.StartsWith("data:image/gif;")
                    || src.StartsWith("data:image/webp;") || src.StartsWith("data:image/jpg;");
                ok.ShouldBeTrue(src);
            }
        }
    }
}
