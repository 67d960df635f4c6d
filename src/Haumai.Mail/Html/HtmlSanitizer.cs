using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Haumai.Mail.Html;

/// <summary>
/// An allow-list HTML sanitiser for showing mail: the input is parsed as a browser would (AngleSharp,
/// as a fragment in a body) and the output is rebuilt from the elements and attributes on the list
/// only, so nothing the parser understood differently can slip through.
/// </summary>
public static partial class HtmlSanitizer
{
    /// <summary>Elements kept (font and center are kept as span and div).</summary>
    public static IReadOnlySet<string> AllowedElements { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "sub", "sup", "small", "blockquote",
        "pre", "code", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col", "hr", "a", "img",
    };

    /// <summary>Elements dropped together with everything inside them.</summary>
    public static IReadOnlySet<string> DroppedWithContent { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
        "select", "option", "textarea", "template", "noscript", "noembed", "noframes", "svg", "math", "head",
        "title", "meta", "link", "base", "xmp", "plaintext", "param", "audio", "video", "source", "track",
        "canvas", "dialog", "portal",
    };

    /// <summary>Attributes allowed on every kept element.</summary>
    public static IReadOnlySet<string> GlobalAttributes { get; } = new HashSet<string>(StringComparer.Ordinal) { "dir", "lang", "title" };

    /// <summary>Attributes allowed per element, on top of <see cref="GlobalAttributes"/> (and style when kept).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> ElementAttributes { get; } = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["a"] = new HashSet<string> { "href", "rel", "target" },
        ["img"] = new HashSet<string> { "src", "alt", "width", "height" },
        ["td"] = new HashSet<string> { "colspan", "rowspan", "align", "valign" },
        ["th"] = new HashSet<string> { "colspan", "rowspan", "align", "valign" },
        ["table"] = new HashSet<string> { "border", "cellpadding", "cellspacing", "width" },
    };

    private static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal) { "br", "hr", "img", "col" };

    private const string HtmlNamespace = "http://www.w3.org/1999/xhtml";

    public static SanitizedHtml Sanitize(string html) => Sanitize(html, HtmlSanitizerOptions.Default);

    public static SanitizedHtml Sanitize(string html, HtmlSanitizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(options);
        var nodes = ParseFragment(html);
        var run = new Run(options);
        run.Children(nodes, 0, inQuote: false);
        return new SanitizedHtml(run.Output.ToString(), run.BlockedRemoteImages, run.FoundQuotedHistory);
    }

    /// <summary>Parses markup as the content of a body element, as a browser would.</summary>
    internal static IReadOnlyList<INode> ParseFragment(string html)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        var document = parser.ParseDocument(string.Empty);
        return parser.ParseFragment(html, document.Body!).ToList();
    }

    private sealed class Run(HtmlSanitizerOptions options)
    {
        public StringBuilder Output { get; } = new();

        public int BlockedRemoteImages { get; private set; }

        public bool FoundQuotedHistory { get; private set; }

        public void Children(IReadOnlyList<INode> nodes, int depth, bool inQuote)
        {
            var ranges = inQuote ? [] : QuotedHistory.Find(nodes);
            if (ranges.Count > 0)
            {
                FoundQuotedHistory = true;
            }
            var next = 0;
            foreach (var (start, end) in ranges)
            {
                Nodes(nodes, next, start, depth, inQuote);
                if (options.FoldQuotedHistory)
                {
                    Output.Append("<details class=\"quoted\"><summary>");
                    AppendText(options.QuotedHistorySummary);
                    Output.Append("</summary>");
                }
                Nodes(nodes, start, end, depth, inQuote: true);
                if (options.FoldQuotedHistory)
                {
                    Output.Append("</details>");
                }
                next = end;
            }
            Nodes(nodes, next, nodes.Count, depth, inQuote);
        }

        private void Nodes(IReadOnlyList<INode> nodes, int from, int to, int depth, bool inQuote)
        {
            for (var i = from; i < to; i++)
            {
                switch (nodes[i])
                {
                    case IText text:
                        AppendText(text.Data);
                        break;
                    case IElement element:
                        Element(element, depth, inQuote);
                        break;
                    // Comments, processing instructions and doctypes are dropped.
                }
            }
        }

        private void Element(IElement element, int depth, bool inQuote)
        {
            var name = element.LocalName;
            if (element.NamespaceUri != HtmlNamespace || DroppedWithContent.Contains(name))
            {
                return;
            }
            if (depth >= options.MaxDepth)
            {
                AppendText(PlainText(element));
                return;
            }
            var style = options.KeepSafeStyles ? SafeCss.Filter(element.GetAttribute("style")) : null;
            switch (name)
            {
                case "font":
                    name = "span";
                    if (options.KeepSafeStyles && element.GetAttribute("color") is { } color && SafeCss.IsSafeValue(color.Trim()))
                    {
                        style = style is null ? $"color: {color.Trim()}" : $"color: {color.Trim()}; {style}";
                    }
                    break;
                case "center":
                    name = "div";
                    break;
                case "img":
                    Image(element, style);
                    return;
            }
            if (!AllowedElements.Contains(name))
            {
                Children(element.ChildNodes.ToList(), depth + 1, inQuote);
                return;
            }
            string? href = null;
            if (name == "a")
            {
                href = SafeUrl.Link(element.GetAttribute("href"));
                if (href is null)
                {
                    // A link with nowhere safe to go is only its text.
                    Children(element.ChildNodes.ToList(), depth + 1, inQuote);
                    return;
                }
            }
            Output.Append('<').Append(name);
            if (href is not null)
            {
                Attribute("href", href);
            }
            Attributes(element, name, style);
            if (href is not null)
            {
                Attribute("rel", "noopener noreferrer nofollow");
                Attribute("target", "_blank");
            }
            Output.Append('>');
            if (VoidElements.Contains(name))
            {
                return;
            }
            Children(element.ChildNodes.ToList(), depth + 1, inQuote);
            Output.Append("</").Append(name).Append('>');
        }

        private void Image(IElement element, string? style)
        {
            var raw = element.GetAttribute("src");
            if (raw is null)
            {
                return;
            }
            var src = SafeUrl.Clean(raw);
            string? kept = null;
            switch (SafeUrl.Scheme(src))
            {
                case "cid":
                    var id = Uri.UnescapeDataString(src[4..]).Trim().Trim('<', '>');
                    kept = id.Length > 0 ? SafeUrl.Resolved(options.ResolveCid?.Invoke(id)) : null;
                    break;
                case "http" or "https" when SafeUrl.IsHttp(src):
                    if (!options.AllowRemoteImages)
                    {
                        BlockedRemoteImages++;
                        if (element.GetAttribute("alt") is { } alt && !string.IsNullOrWhiteSpace(alt))
                        {
                            AppendText(alt.Trim());
                        }
                        return;
                    }
                    kept = src;
                    break;
                case "data" when SafeUrl.IsSafeDataImage(src, options.MaxDataImageLength):
                    kept = src;
                    break;
            }
            if (kept is null)
            {
                return;
            }
            Output.Append("<img");
            Attribute("src", kept);
            Attributes(element, "img", style);
            Output.Append('>');
        }

        private void Attributes(IElement element, string name, string? style)
        {
            ElementAttributes.TryGetValue(name, out var own);
            foreach (var attribute in element.Attributes)
            {
                var attributeName = attribute.Name;
                if (attributeName is "href" or "src" or "rel" or "target" || attribute.NamespaceUri is not null)
                {
                    continue;
                }
                if (!GlobalAttributes.Contains(attributeName) && own?.Contains(attributeName) != true)
                {
                    continue;
                }
                if (CleanValue(attributeName, attribute.Value) is { } value)
                {
                    Attribute(attributeName, value);
                }
            }
            if (style is not null)
            {
                Attribute("style", style);
            }
        }

        private void Attribute(string name, string value)
        {
            Output.Append(' ').Append(name).Append("=\"");
            foreach (var c in value)
            {
                Output.Append(c switch
                {
                    '&' => "&amp;",
                    '"' => "&quot;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    '\u00A0' => "&nbsp;",
                    _ => c.ToString(),
                });
            }
            Output.Append('"');
        }

        private void AppendText(string text)
        {
            foreach (var c in text)
            {
                switch (c)
                {
                    case '&': Output.Append("&amp;"); break;
                    case '<': Output.Append("&lt;"); break;
                    case '>': Output.Append("&gt;"); break;
                    case '\u00A0': Output.Append("&nbsp;"); break;
                    case '\0': break;
                    default: Output.Append(c); break;
                }
            }
        }
    }

    private static string? CleanValue(string name, string value)
    {
        var trimmed = value.Trim();
        return name switch
        {
            "title" or "alt" => value,
            "dir" => trimmed.ToLowerInvariant() is "ltr" or "rtl" or "auto" ? trimmed.ToLowerInvariant() : null,
            "lang" => Language().IsMatch(trimmed) ? trimmed : null,
            "width" or "height" => Length().IsMatch(trimmed) ? trimmed : null,
            "colspan" or "rowspan" or "border" or "cellpadding" or "cellspacing" => Number().IsMatch(trimmed) ? trimmed : null,
            "align" => trimmed.ToLowerInvariant() is "left" or "center" or "right" or "justify" ? trimmed.ToLowerInvariant() : null,
            "valign" => trimmed.ToLowerInvariant() is "top" or "middle" or "bottom" or "baseline" ? trimmed.ToLowerInvariant() : null,
            _ => null,
        };
    }

    /// <summary>The text inside an element, gathered without recursion (it may be nested very deep).</summary>
    internal static string PlainText(INode root)
    {
        var builder = new StringBuilder();
        var stack = new Stack<INode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is IText text)
            {
                builder.Append(text.Data);
                continue;
            }
            if (node is IElement element && (element.NamespaceUri != HtmlNamespace || DroppedWithContent.Contains(element.LocalName)))
            {
                continue;
            }
            for (var i = node.ChildNodes.Length - 1; i >= 0; i--)
            {
                stack.Push(node.ChildNodes[i]);
            }
        }
        return builder.ToString();
    }

    [GeneratedRegex(@"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")]
    private static partial Regex Language();

    [GeneratedRegex(@"^\d{1,5}(\.\d+)?%?$")]
    private static partial Regex Length();

    [GeneratedRegex(@"^\d{1,4}$")]
    private static partial Regex Number();
}
