using System.Text;
using Haumai.Mail.Mime;

namespace Haumai.Mail.Tests;

public class WriterTests
{
    private static MessageBuilder Vietnamese()
    {
        var builder = new MessageBuilder
        {
            From = new MailboxAddress("Bộ phận Hỗ trợ Khách hàng — Công ty Cổ phần Haumai", "hotro@haumai.vn"),
            Subject = "[#1234] Yêu cầu hỗ trợ: máy in không kết nối được với mạng Wi-Fi của văn phòng chi nhánh Đà Nẵng",
            Date = new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.FromHours(7)),
            TextBody = "Kính gửi anh Bình,\nChúng tôi đã nhận được yêu cầu của anh.\nFrom now on we answer within 4 hours.\n.\nTrân trọng,\nĐội hỗ trợ — " + new string('x', 120),
            HtmlBody = "<p>Kính gửi anh <b>Bình</b>,</p><p>Chúng tôi đã nhận được yêu cầu của anh.</p>",
            InReplyTo = "orig@khach.vn",
        };
        builder.To.Add(new MailboxAddress("Trần Thị Bình", "binh@khach.vn"));
        builder.To.Add(new MailboxAddress("Nguyen, Van A", "a@khach.vn"));
        builder.Cc.Add(new MailboxAddress(null, "c@khach.vn"));
        builder.References.Add("orig@khach.vn");
        return builder;
    }

    [Fact]
    public void Text_and_html_round_trip_as_multipart_alternative()
    {
        var builder = Vietnamese();
        var bytes = builder.ToBytes();
        using var message = TestMessages.Parse(bytes);
        message.Body.ContentType.MimeType.ShouldBe("multipart/alternative");
        message.Subject.ShouldBe(builder.Subject);
        var from = (MailboxAddress)message.From.Single();
        from.Name.ShouldBe(builder.From!.Name);
        from.Address.ShouldBe("hotro@haumai.vn");
        message.To.Cast<MailboxAddress>().Select(m => (m.Name, m.Address)).ShouldBe([("Trần Thị Bình", "binh@khach.vn"), ("Nguyen, Van A", "a@khach.vn")]);
        ((MailboxAddress)message.Cc.Single()).Address.ShouldBe("c@khach.vn");
        message.TextBody.ShouldBe(builder.TextBody!.ReplaceLineEndings("\r\n"));
        message.HtmlBody.ShouldBe(builder.HtmlBody);
        message.Date.ShouldBe(builder.Date);
        message.MessageId.ShouldBe(builder.MessageId);
        message.MessageId!.ShouldEndWith("@haumai.vn");
        message.InReplyTo.ShouldBe("orig@khach.vn");
        message.References.ShouldBe(["orig@khach.vn"]);
    }

    [Fact]
    public void Lines_are_crlf_and_at_most_78_columns_in_headers_and_76_in_bodies()
    {
        var builder = Vietnamese();
        builder.Attachments.Add(new AttachmentContent("Báo giá tháng 3 - Công ty TNHH Thương mại và Dịch vụ Kỹ thuật Đà Nẵng.pdf", "application/pdf", new byte[5000]));
        var text = Encoding.UTF8.GetString(builder.ToBytes());
        text.Replace("\r\n", "").ShouldNotContain("\n");
        text.Replace("\r\n", "").ShouldNotContain("\r");
        var lines = text.Split("\r\n");
        var headerEnd = Array.IndexOf(lines, "");
        lines[..headerEnd].ShouldAllBe(l => l.Length <= 78);
        lines.ShouldAllBe(l => l.Length <= 78);
        lines.ShouldAllBe(l => l.All(c => c < 128)); // 7bit clean: every header encoded, bodies QP/base64
        lines.Where(l => l.Length > 0 && l.All(c => char.IsLetterOrDigit(c) || c is '+' or '/' or '=')).ShouldContain(l => l.Length == 76);
        text.ShouldContain("Subject: =?utf-8?B?");
        // QP never lets a body line start with "From " (mbox) nor a lone "." (SMTP).
        lines.ShouldNotContain(l => l.StartsWith("From ") || l == ".");
    }

    [Fact]
    public void Attachments_round_trip_with_rfc2231_and_rfc2047_names()
    {
        var builder = Vietnamese();
        var pdf = new byte[100_000];
        new Random(1).NextBytes(pdf);
        const string name = "Báo giá tháng 3 - Công ty TNHH Thương mại và Dịch vụ Kỹ thuật Đà Nẵng.pdf";
        builder.Attachments.Add(new AttachmentContent(name, "application/pdf", pdf));
        builder.Attachments.Add(new AttachmentContent("readme.txt", "text/plain", "hello"u8.ToArray()));
        builder.Attachments.Add(new AttachmentContent("logo.png", "image/png", [1, 2, 3]) { ContentId = "logo@haumai", Inline = true });
        var bytes = builder.ToBytes();
        var raw = Encoding.ASCII.GetString(bytes);
        raw.ShouldContain("filename*0*=utf-8''B%C3%A1o");
        raw.ShouldContain("name=\"=?utf-8?B?");

        using var message = TestMessages.Parse(bytes);
        message.Body.ContentType.MimeType.ShouldBe("multipart/mixed");
        var attachments = message.Attachments.Cast<MimePart>().ToList();
        attachments.Select(a => a.FileName).ShouldBe([name, "readme.txt"]);
        attachments[0].GetContentBytes().ShouldBe(pdf);
        attachments[0].ContentDisposition!.FileName.ShouldBe(name);
        attachments[0].ContentType.Name.ShouldBe(name); // the RFC 2047 fallback decodes to the same name
        message.HtmlBody.ShouldBe(builder.HtmlBody);
        message.TextBody.ShouldBe(builder.TextBody!.ReplaceLineEndings("\r\n"));
        var related = message.AllEntities.OfType<Multipart>().Single(m => m.ContentType.MediaSubtype == "related");
        ((MimePart)related.Parts[1]).ContentId.ShouldBe("logo@haumai");
        ((MimePart)related.Parts[1]).GetContentBytes().ShouldBe(new byte[] { 1, 2, 3 });
    }

    [Fact]
    public void Text_only_message_and_generated_ids()
    {
        var builder = new MessageBuilder { From = new MailboxAddress(null, "a@b.vn"), Subject = "plain ASCII subject", TextBody = "hi" };
        builder.ExtraHeaders.Add(new("Auto-Submitted", "auto-replied"));
        var time = new FixedTime(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var message = TestMessages.Parse(builder.ToBytes(time));
        message.Body.ContentType.MimeType.ShouldBe("text/plain");
        message.Body.ContentType.Charset.ShouldBe("utf-8");
        message.TextBody.ShouldBe("hi");
        message.Subject.ShouldBe("plain ASCII subject");
        message.Headers["Auto-Submitted"].ShouldBe("auto-replied");
        message.Date.ShouldBe(time.GetUtcNow());
        MessageBuilder.GenerateMessageId("x.vn").ShouldNotBe(MessageBuilder.GenerateMessageId("x.vn"));
        MessageBuilder.GenerateBoundary().ShouldStartWith("=_");
    }

    [Fact]
    public void Encoded_words_never_exceed_75_characters_nor_split_a_character()
    {
        var text = string.Concat(Enumerable.Repeat("Việt Nam ", 30));
        var words = Rfc2047.EncodeWords(text, firstMax: 60);
        words.ShouldAllBe(w => w.Length <= 75);
        words[0].Length.ShouldBeLessThanOrEqualTo(60);
        foreach (var word in words)
        {
            var payload = Convert.FromBase64String(word[10..^2]);
            System.Text.Unicode.Utf8.IsValid(payload).ShouldBeTrue();
        }
        Rfc2047.Decode(string.Join(" ", words)).ShouldBe(text);
    }

    [Fact]
    public void Quoted_printable_round_trips_arbitrary_text()
    {
        var random = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            var chars = Enumerable.Range(0, random.Next(0, 300)).Select(_ => "aá =\t.Fđ\n"[random.Next(9)]).ToArray();
            var text = new string(chars);
            var encoded = QuotedPrintable.Encode(Encoding.UTF8.GetBytes(text));
            encoded.Split("\r\n").ShouldAllBe(l => l.Length <= 76);
            var message = TestMessages.Parse("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + encoded);
            message.TextBody.ShouldBe(text.ReplaceLineEndings("\r\n"));
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
