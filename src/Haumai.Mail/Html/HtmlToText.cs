using System.Text;
using AngleSharp.Dom;

namespace Haumai.Mail.Html;

/// <summary>
/// Readable plain text from HTML, for mail that has only an HTML part: paragraphs separated by an
/// empty line, line breaks kept, list items bulleted or numbered, quotes prefixed with "> ", links
/// written as "text (url)".
/// </summary>
public static class HtmlToText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "p", "div", "center", "blockquote", "pre", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "address", "article", "aside", "footer", "header", "main", "nav", "section", "figure",
        "figcaption", "details", "summary", "fieldset", "hr",
    };

    private static readonly HashSet<string> Paragraphs = new(StringComparer.Ordinal)
    {
        "p", "blockquote", "pre", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr",
    };

    private const int MaxDepth = 200;

    public static string Convert(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var writer = new Writer();
        foreach (var node in HtmlSanitizer.ParseFragment(html))
        {
            Walk(node, writer, 0);
        }
        return writer.ToString();
    }

    private static void Walk(INode node, Writer writer, int depth)
    {
        if (node is IText text)
        {
            writer.Text(text.Data);
            return;
        }
        if (node is not IElement element)
        {
            return;
        }
        var name = element.LocalName;
        if (HtmlSanitizer.DroppedWithContent.Contains(name) || element.NamespaceUri != "http://www.w3.org/1999/xhtml")
        {
            return;
        }
        if (depth >= MaxDepth)
        {
            writer.Text(HtmlSanitizer.PlainText(element));
            return;
        }
        switch (name)
        {
            case "br":
                writer.LineBreak();
                return;
            case "hr":
                writer.Break(2);
                writer.Raw("----------");
                writer.Break(2);
                return;
            case "img":
                if (element.GetAttribute("alt") is { } alt && !string.IsNullOrWhiteSpace(alt))
                {
                    writer.Text("[" + alt.Trim() + "]");
                }
                return;
            case "li":
                writer.Break(1);
                var list = element.ParentElement;
                var indent = new string(' ', 2 * Math.Max(0, writer.ListDepth - 1));
                if (list?.LocalName == "ol")
                {
                    var number = 1;
                    for (var sibling = element.PreviousElementSibling; sibling is not null; sibling = sibling.PreviousElementSibling)
                    {
                        if (sibling.LocalName == "li")
                        {
                            number++;
                        }
                    }
                    writer.Raw(indent + number + ". ");
                }
                else
                {
                    writer.Raw(indent + "• ");
                }
                Children(element, writer, depth);
                writer.Break(1);
                return;
            case "tr" or "dt" or "dd" or "caption":
                writer.Break(1);
                Children(element, writer, depth);
                writer.Break(1);
                return;
            case "td" or "th":
                writer.Cell();
                Children(element, writer, depth);
                return;
            case "a":
                var before = writer.Length;
                Children(element, writer, depth);
                var href = SafeUrl.Link(element.GetAttribute("href"));
                if (href is not null)
                {
                    var shown = href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href[7..] : href;
                    var linkText = writer.Since(before).Trim();
                    if (linkText.Length == 0)
                    {
                        writer.Text(shown);
                    }
                    else if (!string.Equals(linkText, shown, StringComparison.OrdinalIgnoreCase)
                        && !string.Equals(linkText, href, StringComparison.OrdinalIgnoreCase))
                    {
                        writer.Text(" (" + shown + ")");
                    }
                }
                return;
        }
        if (!Blocks.Contains(name))
        {
            Children(element, writer, depth);
            return;
        }
        var gap = Paragraphs.Contains(name) && !(name is "ul" or "ol" && writer.ListDepth > 0) ? 2 : 1;
        writer.Break(gap);
        switch (name)
        {
            case "pre":
                writer.Preformatted(HtmlSanitizer.PlainText(element));
                break;
            case "blockquote":
                writer.Quote++;
                Children(element, writer, depth);
                writer.Break(gap);
                writer.Quote--;
                break;
            case "ul" or "ol":
                writer.ListDepth++;
                Children(element, writer, depth);
                writer.ListDepth--;
                break;
            default:
                Children(element, writer, depth);
                break;
        }
        writer.Break(gap);
    }

    private static void Children(IElement element, Writer writer, int depth)
    {
        foreach (var child in element.ChildNodes.ToList())
        {
            Walk(child, writer, depth + 1);
        }
    }

    /// <summary>Writes text with white space collapsed as a browser would, and breaks that never pile up.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _output = new();
        private int _pendingBreaks;
        private int _breakQuote;
        private bool _lineStart = true;
        private bool _space;
        private bool _cellStarted;

        public int Quote { get; set; }

        public int ListDepth { get; set; }

        public int Length => _output.Length;

        public string Since(int position) => _output.ToString(position, _output.Length - position);

        public void Break(int lines)
        {
            if (_output.Length > 0)
            {
                // Blank lines between a quote and what surrounds it belong to the outer level.
                _breakQuote = _pendingBreaks == 0 ? Quote : Math.Min(_breakQuote, Quote);
                _pendingBreaks = Math.Max(_pendingBreaks, lines);
            }
            _space = false;
            _cellStarted = false;
        }

        public void LineBreak()
        {
            Flush();
            _output.Append('\n');
            _lineStart = true;
            _space = false;
        }

        public void Cell()
        {
            if (_cellStarted)
            {
                Raw("\t");
            }
            _cellStarted = true;
        }

        public void Text(string text)
        {
            foreach (var c in text)
            {
                if (c is ' ' or '\t' or '\n' or '\r' or '\f')
                {
                    _space = true;
                    continue;
                }
                if (_space && !_lineStart && _pendingBreaks == 0)
                {
                    _output.Append(' ');
                }
                _space = false;
                Put(c == '\u00A0' ? ' ' : c);
            }
        }

        public void Raw(string text)
        {
            foreach (var c in text)
            {
                Put(c);
            }
            _space = false;
        }

        public void Preformatted(string text)
        {
            foreach (var c in text.ReplaceLineEndings("\n"))
            {
                if (c == '\n')
                {
                    LineBreak();
                }
                else
                {
                    Put(c);
                }
            }
        }

        private void Put(char c)
        {
            Flush();
            if (_lineStart)
            {
                for (var i = 0; i < Quote; i++)
                {
                    _output.Append("> ");
                }
                _lineStart = false;
            }
            _output.Append(c);
        }

        private void Flush()
        {
            if (_pendingBreaks == 0)
            {
                return;
            }
            if (!_lineStart)
            {
                _output.Append('\n');
            }
            for (var i = 1; i < _pendingBreaks; i++)
            {
                _output.Append('>', Math.Min(_breakQuote, Quote)).Append('\n');
            }
            _pendingBreaks = 0;
            _lineStart = true;
        }

        public override string ToString()
        {
            var lines = _output.ToString().Split('\n').Select(l => l.TrimEnd());
            return string.Join('\n', lines).Trim('\n');
        }
    }
}
