using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Haumai.Mail.Html;

/// <summary>
/// Finds the quoted history among sibling nodes: Apple Mail's and Thunderbird's
/// <c>blockquote type=cite</c>, Gmail's <c>gmail_quote</c>, Outlook's <c>divRplyFwdMsg</c> header and
/// "-----Original Message-----" line (everything after them is history), and a blockquote preceded
/// by an "On … wrote:" / "Vào … đã viết:" line (the line goes with it).
/// </summary>
internal static partial class QuotedHistory
{
    private static readonly string[] OriginalMessageMarkers =
    [
        "-----Original Message-----", "----- Original Message -----", "-----Thư gốc-----", "-----Tin nhắn gốc-----",
    ];

    /// <summary>Ranges [start, end) of <paramref name="nodes"/> that are quoted history, in order, not overlapping.</summary>
    public static IReadOnlyList<(int Start, int End)> Find(IReadOnlyList<INode> nodes)
    {
        List<(int, int)>? ranges = null;
        var floor = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (node is IElement element)
            {
                if (IsOutlookHeader(element))
                {
                    var start = i;
                    var before = PreviousContent(nodes, i, floor);
                    if (before >= 0 && nodes[before] is IElement { LocalName: "hr" })
                    {
                        start = before;
                    }
                    (ranges ??= []).Add((start, nodes.Count));
                    break;
                }
                if (IsQuoteBlock(element, nodes, i, floor, out var quoteStart))
                {
                    (ranges ??= []).Add((quoteStart, i + 1));
                    floor = i + 1;
                }
            }
            else if (node is IText text && StartsWithMarker(text.Data))
            {
                (ranges ??= []).Add((i, nodes.Count));
                break;
            }
        }
        return ranges ?? (IReadOnlyList<(int, int)>)[];
    }

    private static bool IsOutlookHeader(IElement element) =>
        element.Id is "divRplyFwdMsg"
        || (element.LocalName is "div" or "p" or "span" or "font" && StartsWithMarker(LeadingText(element, 80)));

    private static bool IsQuoteBlock(IElement element, IReadOnlyList<INode> nodes, int index, int floor, out int start)
    {
        start = index;
        var isBlockquote = element.LocalName == "blockquote";
        var isGmail = element.LocalName is "div" or "blockquote" && element.ClassList.Contains("gmail_quote");
        var isCite = isBlockquote && string.Equals(element.GetAttribute("type"), "cite", StringComparison.OrdinalIgnoreCase);
        var before = PreviousContent(nodes, index, floor);
        var attributed = before >= 0 && IsAttribution(nodes[before]);
        if (attributed && (isBlockquote || isGmail))
        {
            start = before;
            return true;
        }
        return isGmail || isCite;
    }

    /// <summary>The index of the nearest earlier sibling that is not white space, a line break or a comment.</summary>
    private static int PreviousContent(IReadOnlyList<INode> nodes, int index, int floor)
    {
        for (var i = index - 1; i >= floor; i--)
        {
            switch (nodes[i])
            {
                case IText text when string.IsNullOrWhiteSpace(text.Data):
                case IElement { LocalName: "br" }:
                case IComment:
                    continue;
                default:
                    return i;
            }
        }
        return -1;
    }

    private static bool IsAttribution(INode node)
    {
        var text = node switch
        {
            IText t => t.Data,
            IElement { LocalName: "div" or "p" or "span" or "font" or "b" or "i" } e => LeadingText(e, 600),
            _ => null,
        };
        if (text is null || text.Length >= 600)
        {
            return false;
        }
        return Attribution().IsMatch(Whitespace().Replace(text, " ").Trim());
    }

    private static bool StartsWithMarker(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        foreach (var marker in OriginalMessageMarkers)
        {
            if (trimmed.StartsWith(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Up to <paramref name="limit"/> characters of an element's text, gathered without recursion.</summary>
    private static string LeadingText(IElement element, int limit)
    {
        var builder = new StringBuilder();
        var stack = new Stack<INode>();
        stack.Push(element);
        // Bounded in nodes as well as characters: a deep tree with its text at the bottom must not be walked whole.
        for (var visited = 0; stack.Count > 0 && builder.Length < limit && visited < 4 * limit; visited++)
        {
            var node = stack.Pop();
            if (node is IText text)
            {
                builder.Append(text.Data);
                continue;
            }
            for (var i = node.ChildNodes.Length - 1; i >= 0; i--)
            {
                stack.Push(node.ChildNodes[i]);
            }
        }
        return builder.ToString();
    }

    [GeneratedRegex(@"^(On|Vào|Le|Am|El)\b.{4,500}\b(wrote|đã viết|viết|a écrit|schrieb|escribió)\s*:$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
