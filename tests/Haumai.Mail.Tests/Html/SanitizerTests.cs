using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Haumai.Mail.Html;

namespace Haumai.Mail.Tests.Html;

public class SanitizerTests
{
    private const string Summary = "Hiện nội dung trích dẫn";

    private static readonly HtmlSanitizerOptions Folding = new() { QuotedHistorySummary = Summary };

    [Fact]
    public void Cid_images_are_rewritten_through_the_resolver_or_dropped()
    {
        var options = new HtmlSanitizerOptions
        {
            ResolveCid = id => id switch
            {
                "image001.png@01DA1234.5678ABCD" => "/api/v1/attachments/7/inline",
                "logo@haumai" => "/api/v1/attachments/8/inline",
                "evil" => "javascript:alert(1)",
                _ => null,
            },
        };
        var result = HtmlSanitizer.Sanitize(
            "<img src=\"cid:image001.png@01DA1234.5678ABCD\" alt=\"Ảnh\" width=\"120\" height=\"40px\" onerror=x>"
            + "<img src=\"CID:logo%40haumai\"><img src=\"cid:missing\" alt=\"không có\"><img src=\"cid:evil\">",
            options);
        result.Html.ShouldBe("<img src=\"/api/v1/attachments/7/inline\" alt=\"Ảnh\" width=\"120\"><img src=\"/api/v1/attachments/8/inline\">");
        result.BlockedRemoteImages.ShouldBe(0);
        SafeHtml.AssertSafe(result.Html);

        HtmlSanitizer.Sanitize("<img src=\"cid:image001.png@01DA1234.5678ABCD\">").Html.ShouldBe("", "no resolver: no inline image");
    }

    [Fact]
    public void Remote_images_are_blocked_and_counted_unless_allowed()
    {
        const string input = "<p>Trước<img src=\"https://tracker.example/p.gif\" width=1 height=1>"
            + "<img src=\"http://cdn.example/logo.png\" alt=\"Logo công ty\"> sau</p><img src='//cdn.example/x.png'>"
            + "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==\" alt=dot>";
        var blocked = HtmlSanitizer.Sanitize(input);
        blocked.BlockedRemoteImages.ShouldBe(2);
        blocked.Html.ShouldBe("<p>TrướcLogo công ty sau</p><img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==\" alt=\"dot\">");
        SafeHtml.AssertSafe(blocked.Html);

        var shown = HtmlSanitizer.Sanitize(input, new HtmlSanitizerOptions { AllowRemoteImages = true });
        shown.BlockedRemoteImages.ShouldBe(0);
        shown.Html.ShouldBe("<p>Trước<img src=\"https://tracker.example/p.gif\" width=\"1\" height=\"1\">"
            + "<img src=\"http://cdn.example/logo.png\" alt=\"Logo công ty\"> sau</p>"
            + "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==\" alt=\"dot\">");
        SafeHtml.AssertSafe(shown.Html);
    }

    [Fact]
    public void Data_images_only_of_raster_types_and_under_the_limit()
    {
        var png = "data:image/png;base64," + new string('A', 64);
        HtmlSanitizer.Sanitize($"<img src=\"{png}\">").Html.ShouldBe($"<img src=\"{png}\">");
        HtmlSanitizer.Sanitize("<img src=\"data:image/jpeg;base64,/9j/4AAQ\">").Html.ShouldBe("<img src=\"data:image/jpeg;base64,/9j/4AAQ\">");
        HtmlSanitizer.Sanitize("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">").Html.ShouldBe("");
        HtmlSanitizer.Sanitize("<img src=\"data:text/html;base64,PHN2Zz4=\">").Html.ShouldBe("");
        HtmlSanitizer.Sanitize("<img src=\"data:image/png,rawbytes\">").Html.ShouldBe("");
        HtmlSanitizer.Sanitize($"<img src=\"{png}\">", new HtmlSanitizerOptions { MaxDataImageLength = 40 }).Html.ShouldBe("");
    }

    [Fact]
    public void Vietnamese_text_is_preserved()
    {
        const string text = "Xin chào anh Nguyễn Văn Đức, đơn hàng số 123 đã được giao. Cảm ơn quý khách đã tin dùng dịch vụ hậu mãi!";
        HtmlSanitizer.Sanitize($"<p>{text}</p>").Html.ShouldBe($"<p>{text}</p>");
        HtmlSanitizer.Sanitize("<p>Ch&#7883; Lan &amp; anh T&ugrave;ng&nbsp;ơi</p>").Html.ShouldBe("<p>Chị Lan &amp; anh Tùng&nbsp;ơi</p>");
        HtmlToText.Convert($"<p>{text}</p>").ShouldBe(text);
    }

    [Fact]
    public void Gmail_quote_is_folded()
    {
        const string input = "<div dir=\"ltr\">Cảm ơn anh, em đã nhận được.</div><br>"
            + "<div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">Vào Th 2, 16 thg 11, 2026 vào lúc 10:00 Nguyễn Văn A &lt;<a href=\"mailto:a@b.vn\">a@b.vn</a>&gt; đã viết:<br></div>"
            + "<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">"
            + "<div dir=\"ltr\">Chào em, gửi em báo giá.</div></blockquote></div>";
        var result = HtmlSanitizer.Sanitize(input, Folding);
        result.HasQuotedHistory.ShouldBeTrue();
        result.Html.ShouldStartWith("<div dir=\"ltr\">Cảm ơn anh, em đã nhận được.</div><br><details class=\"quoted\"><summary>Hiện nội dung trích dẫn</summary><div><div dir=\"ltr\">Vào Th 2");
        AssertFolded(result.Html, reply: "Cảm ơn anh", quoted: ["đã viết:", "Chào em, gửi em báo giá."]);
    }

    [Fact]
    public void Outlook_web_reply_header_folds_everything_after_it()
    {
        const string input = "<div>Dạ vâng, em gửi lại ạ.</div><div id=\"appendonsend\"></div>"
            + "<hr style=\"display:inline-block;width:98%\" tabindex=\"-1\">"
            + "<div id=\"divRplyFwdMsg\" dir=\"ltr\"><font face=\"Calibri, sans-serif\" style=\"font-size:11pt\" color=\"#000000\">"
            + "<b>From:</b> Lan &lt;lan@khachhang.vn&gt;<br><b>Sent:</b> Monday, November 16, 2026 10:00 AM<br><b>Subject:</b> Báo giá</font><div>&nbsp;</div></div>"
            + "<div>Nội dung thư cũ</div><div>Dòng cuối</div>";
        var result = HtmlSanitizer.Sanitize(input, Folding);
        result.HasQuotedHistory.ShouldBeTrue();
        result.Html.ShouldStartWith("<div>Dạ vâng, em gửi lại ạ.</div><div></div><details class=\"quoted\"><summary>Hiện nội dung trích dẫn</summary><hr>");
        result.Html.ShouldEndWith("<div>Dòng cuối</div></details>");
        AssertFolded(result.Html, reply: "Dạ vâng", quoted: ["From:", "Nội dung thư cũ", "Dòng cuối"]);
    }

    [Fact]
    public void Outlook_original_message_line_folds_everything_after_it()
    {
        const string input = "<div class=WordSection1><p class=MsoNormal>Em đã kiểm tra lại.<o:p></o:p></p>"
            + "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
            + "<div><p class=MsoNormal>-----Original Message-----<br>From: Lan<br>Sent: Monday<br>Subject: Lỗi</p></div>"
            + "<p class=MsoNormal>Trang web không vào được.</p></div>";
        var result = HtmlSanitizer.Sanitize(input, Folding);
        result.HasQuotedHistory.ShouldBeTrue();
        AssertFolded(result.Html, reply: "Em đã kiểm tra lại.", quoted: ["-----Original Message-----", "Trang web không vào được."]);

        var plain = HtmlSanitizer.Sanitize("Ok.<br>-----Original Message-----<br>From: Lan<br>cũ", Folding);
        plain.HasQuotedHistory.ShouldBeTrue();
        AssertFolded(plain.Html, reply: "Ok.", quoted: ["From: Lan", "cũ"]);
    }

    [Fact]
    public void Apple_mail_cite_blockquotes_are_folded()
    {
        const string input = "<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\"></head><body dir=\"auto\">"
            + "Ok em, cảm ơn.<br><br><div dir=\"ltr\">Sent from my iPhone</div>"
            + "<div dir=\"ltr\"><br><blockquote type=\"cite\">On 16 Nov 2026, at 10:00, Lan &lt;lan@khachhang.vn&gt; wrote:<br><br></blockquote></div>"
            + "<blockquote type=\"cite\"><div dir=\"ltr\">Thư cũ của Lan</div></blockquote></body></html>";
        var result = HtmlSanitizer.Sanitize(input, Folding);
        result.HasQuotedHistory.ShouldBeTrue();
        AssertFolded(result.Html, reply: "Ok em, cảm ơn.", quoted: ["wrote:", "Thư cũ của Lan"]);
    }

    [Fact]
    public void An_on_wrote_line_goes_with_the_blockquote_after_it()
    {
        var result = HtmlSanitizer.Sanitize(
            "<p>Thanks!</p><div>On Mon, Nov 16, 2026 at 10:00 AM Lan &lt;lan@x.vn&gt; wrote:</div>\n<blockquote><p>old text</p></blockquote><p>P.S. after</p>",
            Folding);
        result.HasQuotedHistory.ShouldBeTrue();
        result.Html.ShouldBe("<p>Thanks!</p><details class=\"quoted\"><summary>Hiện nội dung trích dẫn</summary>"
            + "<div>On Mon, Nov 16, 2026 at 10:00 AM Lan &lt;lan@x.vn&gt; wrote:</div>\n<blockquote><p>old text</p></blockquote></details><p>P.S. after</p>");

        var vietnamese = HtmlSanitizer.Sanitize("Dạ.<br>Vào 10:00 16/11/2026, Lan đã viết:<br><blockquote>cũ</blockquote>", Folding);
        vietnamese.Html.ShouldBe("Dạ.<br><details class=\"quoted\"><summary>Hiện nội dung trích dẫn</summary>Vào 10:00 16/11/2026, Lan đã viết:<br><blockquote>cũ</blockquote></details>");
    }

    [Fact]
    public void A_plain_blockquote_without_attribution_is_not_history()
    {
        var result = HtmlSanitizer.Sanitize("<p>Như Bác Hồ nói:</p><blockquote>Không có gì quý hơn độc lập, tự do</blockquote>", Folding);
        result.HasQuotedHistory.ShouldBeFalse();
        result.Html.ShouldNotContain("<details");
    }

    [Fact]
    public void Folding_can_be_turned_off_while_history_is_still_reported()
    {
        var result = HtmlSanitizer.Sanitize("x<blockquote type=cite>y</blockquote>", new HtmlSanitizerOptions { FoldQuotedHistory = false });
        result.HasQuotedHistory.ShouldBeTrue();
        result.Html.ShouldBe("x<blockquote>y</blockquote>");
    }

    [Fact]
    public void Summary_text_is_escaped()
    {
        HtmlSanitizer.Sanitize("<blockquote type=cite>y</blockquote>", new HtmlSanitizerOptions { QuotedHistorySummary = "<b>&" }).Html
            .ShouldBe("<details class=\"quoted\"><summary>&lt;b&gt;&amp;</summary><blockquote>y</blockquote></details>");
    }

    private static void AssertFolded(string html, string reply, string[] quoted)
    {
        SafeHtml.AssertSafe(html);
        var document = new HtmlParser().ParseDocument("<body>" + html);
        var folds = document.Body!.Descendants<IElement>().Where(e => e.LocalName == "details").ToList();
        folds.ShouldNotBeEmpty(html);
        foreach (var fold in folds)
        {
            fold.GetAttribute("class").ShouldBe("quoted");
            fold.FirstElementChild!.LocalName.ShouldBe("summary");
            fold.FirstElementChild.TextContent.ShouldBe(Summary);
            fold.TextContent.ShouldNotContain(reply);
        }
        var foldedText = string.Concat(folds.Select(f => f.TextContent));
        foreach (var text in quoted)
        {
            foldedText.ShouldContain(text);
        }
        document.Body!.TextContent.ShouldContain(reply);
    }
}
