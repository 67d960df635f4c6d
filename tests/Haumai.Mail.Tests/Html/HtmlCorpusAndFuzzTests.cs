using System.Diagnostics;
using System.Text;
using Haumai.Mail.Html;
using Haumai.Mail.Mime;

namespace Haumai.Mail.Tests.Html;

public class HtmlCorpusAndFuzzTests
{
    private static readonly HtmlSanitizerOptions[] Variants =
    [
        HtmlSanitizerOptions.Default,
        new() { AllowRemoteImages = true, KeepSafeStyles = true, ResolveCid = id => "/api/v1/attachments/inline/" + Uri.EscapeDataString(id), QuotedHistorySummary = "Hiện nội dung trích dẫn" },
    ];

    [CorpusFact]
    public void Every_html_part_of_the_corpus_sanitises_safely()
    {
        var parts = 0;
        foreach (var name in Corpus.MimeKitFiles().Select(row => (string)row[0]))
        {
            using var stream = File.OpenRead(Corpus.File(name));
            using var message = new MimeParser(stream).ParseMessage();
            foreach (var part in message.AllEntities.OfType<MimePart>().Where(p => p.ContentType.MimeType == "text/html"))
            {
                var html = part.GetText();
                parts++;
                foreach (var options in Variants)
                {
                    var result = HtmlSanitizer.Sanitize(html, options);
                    SafeHtml.AssertSafe(result.Html, allowStyle: options.KeepSafeStyles);
                    result.BlockedRemoteImages.ShouldBeGreaterThanOrEqualTo(0);
                    if (options.AllowRemoteImages)
                    {
                        result.BlockedRemoteImages.ShouldBe(0);
                    }
                }
                _ = HtmlToText.Convert(html);
            }
        }
        parts.ShouldBeGreaterThan(5, "the corpus has HTML parts in a dozen messages");
    }

    private static readonly string[] Tags =
    [
        "p", "div", "span", "b", "i", "a", "img", "table", "tr", "td", "th", "tbody", "ul", "ol", "li", "blockquote", "pre",
        "br", "hr", "font", "center", "script", "style", "iframe", "svg", "math", "mi", "mtext", "mglyph", "foreignObject",
        "desc", "title", "textarea", "xmp", "noscript", "noembed", "template", "form", "input", "button", "select", "option",
        "object", "embed", "base", "meta", "link", "head", "body", "html", "frameset", "frame", "plaintext", "listing",
        "details", "summary", "annotation-xml", "image", "select", "keygen", "marquee", "x-y", "o:p", "dialog",
    ];

    private static readonly string[] Attributes =
    [
        "href", "src", "style", "onerror", "onload", "onclick", "class", "id", "type", "title", "alt", "width", "dir",
        "lang", "colspan", "action", "formaction", "srcdoc", "xlink:href", "xmlns", "background", "data", "srcset",
        "http-equiv", "content", "ontoggle", "open", "is", "color",
    ];

    private static readonly string[] Values =
    [
        "javascript:alert(1)", "JaVa&#x09;ScRiPt:alert(1)", " &#14; javascript:alert(1)", "java\0script:x", "vbscript:x",
        "data:text/html,<script>alert(1)</script>", "data:image/png;base64,iVBORw0KGgo=", "data:image/svg+xml;base64,PHN2Zz4=",
        "http://example.com/x.png", "https://e.example/?a=1&b=2", "cid:image001@x", "mailto:a@b.vn", "//evil.example/x",
        "expression(alert(1))", "color:red;background:url(javascript:x)", "color: r\\65 d", "cite", "gmail_quote", "divRplyFwdMsg",
        "\"><script>alert(1)</script>", "'", "\"", "`", "<", ">", "&", "&amp;", "&lt;", "x onerror=alert(1)", "0;url=javascript:x",
    ];

    private static readonly string[] Texts =
    [
        "Xin chào", "đã viết:", "On Mon, Lan wrote:", "-----Original Message-----", "<!--", "-->", "<![CDATA[", "]]>", "<!", "</",
        "<", ">", "&", "&#", "&#x6a;", "&nbsp;", "\"", "'", "=", "/", "\n", " ", "\t", "\0", "alert(1)", "<!DOCTYPE html>", "<?xml ?>",
        "Vào 10:00 Đức đã viết:", "\u00A0", "\uFEFF", "😀",
    ];

    [Fact]
    public void Random_tag_soup_never_throws_and_never_leaves_anything_unsafe()
    {
        var clock = Stopwatch.StartNew();
        var runs = 0;
        for (var seed = 1; clock.Elapsed < TimeSpan.FromSeconds(4); seed++, runs++)
        {
            var html = Soup(new Random(seed));
            try
            {
                foreach (var options in Variants)
                {
                    var result = HtmlSanitizer.Sanitize(html, options);
                    SafeHtml.AssertSafe(result.Html, allowStyle: options.KeepSafeStyles);
                }
                _ = HtmlToText.Convert(html);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: {html}\n{e}");
            }
        }
        runs.ShouldBeGreaterThan(50);
    }

    private static string Soup(Random random)
    {
        var builder = new StringBuilder();
        var pieces = random.Next(1, 80);
        for (var i = 0; i < pieces; i++)
        {
            switch (random.Next(6))
            {
                case 0 or 1:
                    builder.Append('<').Append(Pick(random, Tags));
                    var attributes = random.Next(4);
                    for (var a = 0; a < attributes; a++)
                    {
                        builder.Append(Pick(random, [" ", "/", "\t", "\n"])).Append(Pick(random, Attributes));
                        switch (random.Next(4))
                        {
                            case 0: break;
                            case 1: builder.Append('=').Append(Pick(random, Values).Replace(" ", "")); break;
                            case 2: builder.Append("=\"").Append(Pick(random, Values)).Append('"'); break;
                            default: builder.Append("='").Append(Pick(random, Values)).Append('\''); break;
                        }
                    }
                    builder.Append(Pick(random, [">", ">", ">", "/>", "", " "]));
                    break;
                case 2:
                    builder.Append("</").Append(Pick(random, Tags)).Append('>');
                    break;
                default:
                    builder.Append(Pick(random, Texts));
                    break;
            }
        }
        return builder.ToString();
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
