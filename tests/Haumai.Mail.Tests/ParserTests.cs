using System.Text;
using Haumai.Mail.Mime;

namespace Haumai.Mail.Tests;

public class ParserTests
{
    static ParserTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Nested_multiparts_with_preamble_epilogue_and_embedded_message()
    {
        var message = TestMessages.Parse("""
            From: a@example.com
            Content-Type: multipart/mixed; boundary="outer"

            preamble
            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain; charset=utf-8

            Xin chào
            --inner
            Content-Type: text/html; charset=utf-8

            <p>Xin chào</p>
            --inner--
            inner epilogue
            --outer
            Content-Type: message/rfc822

            Subject: =?utf-8?Q?Th=C6=B0_c=C5=A9?=
            Content-Type: multipart/mixed; boundary="deep"

            --deep
            Content-Type: text/plain

            old text
            --deep--
            --outer--
            epilogue
            """);
        var mixed = message.Body.ShouldBeOfType<Multipart>();
        mixed.Preamble.ShouldBe("preamble");
        mixed.Epilogue.ShouldBe("epilogue");
        mixed.Parts.Count.ShouldBe(2);
        var alternative = mixed.Parts[0].ShouldBeOfType<Multipart>();
        alternative.Epilogue.ShouldBe("inner epilogue");
        message.TextBody.ShouldBe("Xin chào");
        message.HtmlBody.ShouldBe("<p>Xin chào</p>");
        var inner = mixed.Parts[1].ShouldBeOfType<MessagePart>().Message;
        inner.Subject.ShouldBe("Thư cũ");
        inner.TextBody.ShouldBe("old text");
        message.Attachments.Single().ShouldBe(mixed.Parts[1]);
    }

    [Fact]
    public void Base64_tolerates_whitespace_garbage_and_missing_padding()
    {
        var content = "Hóa đơn tháng 3 — cảm ơn quý khách!"u8.ToArray();
        var b64 = Convert.ToBase64String(content);
        var mangled = b64[..10] + " \t!!" + b64[10..20] + "\n\n" + b64[20..].TrimEnd('=');
        var message = TestMessages.Parse($"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: BASE64\n\n{mangled}\n");
        message.TextBody.ShouldBe("Hóa đơn tháng 3 — cảm ơn quý khách!");
    }

    [Fact]
    public void Quoted_printable_soft_breaks_trailing_space_and_bad_escapes()
    {
        var message = TestMessages.Parse(
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" +
            "Ti=E1=BA=BFng Vi=E1=BB=87t c=C3=B3 d=E1=BA=A5u, d=\n=C3=B2ng d=C3=A0i =   \nbad =ZZ and =4\nend");
        message.TextBody.ShouldBe("Tiếng Việt có dấu, dòng dài bad =ZZ and =4\r\nend");
    }

    [Theory]
    [InlineData("utf-8", "Tiếng Việt: ả ạ ằ ẳ ẵ ặ đ")]
    [InlineData("windows-1252", "Café crème brûlée")]
    [InlineData("windows-1250", "Zażółć gęślą jaźń")]
    [InlineData("windows-1251", "Съешь же ещё этих мягких")]
    [InlineData("iso-8859-2", "Příliš žluťoučký kůň")]
    [InlineData("iso-8859-5", "Привет мир")]
    [InlineData("iso-8859-7", "Γειά σου κόσμε")]
    [InlineData("iso-8859-15", "Prix: 10€")]
    [InlineData("koi8-r", "Привет мир")]
    [InlineData("koi8-u", "Привіт світ")]
    [InlineData("shift_jis", "日本語のテキスト")]
    [InlineData("iso-2022-jp", "日本語のテキスト")]
    [InlineData("euc-jp", "日本語のテキスト")]
    [InlineData("gb2312", "简体中文")]
    [InlineData("gbk", "简体中文")]
    [InlineData("gb18030", "简体中文")]
    [InlineData("big5", "繁體中文")]
    [InlineData("euc-kr", "한국어 텍스트")]
    [InlineData("ks_c_5601-1987", "한국어 텍스트")]
    public void Bodies_decode_in_their_declared_charset(string charset, string text)
    {
        var bytes = TestMessages.Bytes($"Content-Type: text/plain; charset=\"{charset.ToUpperInvariant()}\"\nContent-Transfer-Encoding: 8bit\n\n", TestMessages.Enc(charset).GetBytes(text));
        TestMessages.Parse(bytes).TextBody.ShouldBe(text);
    }

    [Fact]
    public void Windows_1258_body_normalizes_to_the_same_vietnamese_text()
    {
        // "Cảm ơn" in windows-1258: a + combining hook above (0xD2), then ơ (0xF5).
        var bytes = TestMessages.Bytes("Content-Type: text/plain; charset=windows-1258\n\n", new byte[] { 0x43, 0x61, 0xD2, 0x6D, 0x20, 0xF5, 0x6E });
        TestMessages.Parse(bytes).TextBody!.Normalize(NormalizationForm.FormC).ShouldBe("Cảm ơn");
    }

    [Theory]
    [InlineData("x-unknown-charset")]
    [InlineData(null)]
    [InlineData("us-ascii")]
    public void Unknown_or_missing_charset_falls_back_to_utf8_then_windows_1252(string? charset)
    {
        var header = charset is null ? "Content-Type: text/plain\n\n" : $"Content-Type: text/plain; charset={charset}\n\n";
        TestMessages.Parse(TestMessages.Bytes(header, "Tiếng Việt"u8.ToArray())).TextBody.ShouldBe("Tiếng Việt");
        TestMessages.Parse(TestMessages.Bytes(header, new byte[] { 0x43, 0x61, 0x66, 0xE9 })).TextBody.ShouldBe("Café");
    }

    [Fact]
    public void Declared_utf8_that_is_not_utf8_is_read_as_windows_1252()
    {
        TestMessages.Parse(TestMessages.Bytes("Content-Type: text/plain; charset=utf-8\n\n", new byte[] { 0x43, 0x61, 0x66, 0xE9 }))
            .TextBody.ShouldBe("Café");
    }

    [Fact]
    public void Missing_boundary_makes_a_single_text_part()
    {
        var message = TestMessages.Parse("Content-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nhello\n--x--\n");
        var part = message.Body.ShouldBeOfType<MimePart>();
        part.ContentType.MimeType.ShouldBe("text/plain");
        message.TextBody!.ShouldContain("hello");
    }

    [Fact]
    public void Wrong_boundary_makes_a_single_text_part_with_everything()
    {
        var message = TestMessages.Parse("Content-Type: multipart/mixed; boundary=\"nope\"\n\n--x\nContent-Type: text/plain\n\nhello\n--x--\n");
        message.Body.ShouldBeOfType<MimePart>().ContentType.MimeType.ShouldBe("text/plain");
        message.TextBody!.ShouldContain("hello");
    }

    [Fact]
    public void Unterminated_multipart_and_truncated_message_keep_what_arrived()
    {
        var message = TestMessages.Parse("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nfirst\n--b\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBER");
        var mixed = message.Body.ShouldBeOfType<Multipart>();
        mixed.Parts.Count.ShouldBe(2);
        message.TextBody.ShouldBe("first");
        ((MimePart)mixed.Parts[1]).GetContentBytes().ShouldBe("%PD"u8.ToArray());
    }

    [Fact]
    public void Part_headers_without_blank_line_and_message_without_headers()
    {
        var message = TestMessages.Parse("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n--b\n\nsecond\n--b--");
        var mixed = (Multipart)message.Body;
        mixed.Parts.Count.ShouldBe(2);
        ((MimePart)mixed.Parts[0]).Content.Length.ShouldBe(0);
        ((MimePart)mixed.Parts[1]).GetText().ShouldBe("second");

        var bare = TestMessages.Parse("just a body line\nand another");
        bare.Headers.Count.ShouldBe(0);
        bare.TextBody.ShouldBe("just a body line\r\nand another");
    }

    [Fact]
    public void Lf_only_and_mixed_line_ends_parse()
    {
        var bytes = Encoding.UTF8.GetBytes("Subject: lf\nContent-Type: multipart/alternative; boundary=b\n\n--b\r\nContent-Type: text/plain\n\nplain\n--b\nContent-Type: text/html\r\n\r\n<b>x</b>\r\n--b--\n");
        var message = TestMessages.Parse(bytes);
        message.TextBody.ShouldBe("plain");
        message.HtmlBody.ShouldBe("<b>x</b>");
    }

    [Fact]
    public void Quoted_printable_line_longer_than_the_carry_is_decoded_across_the_pieces()
    {
        // 25,000 "=C3=A1" (á) with no line break: 150,000 bytes, decoded in 64 KiB pieces whose
        // boundaries fall inside escapes; then a soft break and a hard one with trailing space.
        var line = string.Concat(Enumerable.Repeat("=C3=A1", 25_000));
        var message = TestMessages.Parse($"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n{line}=\nx=3D1  \ny\n");
        message.TextBody.ShouldBe(new string('á', 25_000) + "x=1\r\ny\r\n");
    }

    [Fact]
    public void Large_bodies_go_to_a_temporary_file_and_stream_back()
    {
        var content = new byte[3 * 1024 * 1024];
        new Random(5).NextBytes(content);
        var b64 = Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks);
        var options = new MimeParserOptions { MemoryThreshold = 64 * 1024 };
        using var message = TestMessages.Parse(TestMessages.Bytes(
            "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/octet-stream; name=big.bin\nContent-Transfer-Encoding: base64\n\n",
            Encoding.ASCII.GetBytes(b64), "\n--b--\n"), options);
        var part = message.Attachments.Single().ShouldBeOfType<MimePart>();
        part.Content.IsOnDisk.ShouldBeTrue();
        part.Content.Length.ShouldBe(content.Length);
        using var stream = part.OpenContent();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.ToArray().ShouldBe(content);
    }

    [Fact]
    public void Parser_reads_incrementally_from_a_stream_that_returns_one_byte_at_a_time()
    {
        var bytes = Encoding.UTF8.GetBytes("Subject: =?utf-8?B?VGnhur9uZyBWaeG7h3Q=?=\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nxin ch=C3=A0o\r\n--b--\r\n");
        var message = new MimeParser(new TrickleStream(bytes)).ParseMessage();
        message.Subject.ShouldBe("Tiếng Việt");
        message.TextBody.ShouldBe("xin chào");
    }

    [Fact]
    public void Depth_beyond_the_limit_is_kept_as_an_opaque_part()
    {
        var text = new StringBuilder();
        const int depth = 5000;
        for (var i = 0; i < depth; i++)
        {
            text.Append($"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n");
        }
        text.Append("Content-Type: text/plain\n\nbottom\n");
        var message = TestMessages.Parse(text.ToString(), new MimeParserOptions { MaxParts = 100_000 });
        var entity = message.Body;
        var levels = 0;
        while (entity is Multipart m && m.Parts.Count > 0)
        {
            entity = m.Parts[0];
            levels++;
        }
        levels.ShouldBe(MimeParserOptions.Default.MaxDepth);
        entity.ShouldBeOfType<MimePart>();
        MimeInspector.Inspect(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()))).ShouldContain("Content-Type: ");
    }

    [Fact]
    public void Deeply_nested_messages_do_not_overflow()
    {
        var text = string.Concat(Enumerable.Repeat("Content-Type: message/rfc822\n\n", 20_000)) + "Subject: bottom\n\nhi";
        var message = TestMessages.Parse(text, new MimeParserOptions { MaxParts = 100_000 });
        message.AllEntities.Count().ShouldBe(MimeParserOptions.Default.MaxDepth + 1);
    }

    [Fact]
    public void Limits_throw_the_documented_exception()
    {
        Should.Throw<MimeParseException>(() => TestMessages.Parse("X-Big: " + new string('a', 2000) + "\n\nbody", new MimeParserOptions { MaxHeaderBytes = 1000 }));
        var many = "Content-Type: multipart/mixed; boundary=b\n\n" + string.Concat(Enumerable.Repeat("--b\n\nx\n", 50)) + "--b--";
        Should.Throw<MimeParseException>(() => TestMessages.Parse(many, new MimeParserOptions { MaxParts = 10 }));
        TestMessages.Parse(many).Body.ShouldBeOfType<Multipart>().Parts.Count.ShouldBe(50);
    }

    [Fact]
    public void Attachment_names_in_every_encoding()
    {
        var message = TestMessages.Parse("""
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            body
            --b
            Content-Type: application/pdf; name="=?utf-8?B?SMOzYSDEkcahbi5wZGY=?="

            x
            --b
            Content-Type: application/pdf
            Content-Disposition: attachment;
             filename*0*=utf-8''B%C3%A1o%20gi%C3%A1%20;
             filename*1*=th%C3%A1ng%203%20-%20C%C3%B4ng%20ty%20TNHH%20Th%C6%B0%C6%A1ng%20m%E1%BA%A1i;
             filename*2=".pdf"

            y
            --b
            Content-Type: image/png; name="=?windows-1258?Q?a=D2nh.png?="
            Content-Disposition: inline
            Content-ID: <img1@x>

            z
            --b--
            """);
        var names = message.Attachments.Select(a => a.FileName!.Normalize(NormalizationForm.FormC)).ToList();
        names.ShouldBe(["Hóa đơn.pdf", "Báo giá tháng 3 - Công ty TNHH Thương mại.pdf"]);
        var image = message.AllEntities.Single(e => e.ContentId == "img1@x");
        image.FileName!.Normalize(NormalizationForm.FormC).ShouldBe("ảnh.png");
        image.IsAttachment.ShouldBeFalse();
    }

    /// <summary>Returns one byte per read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);

        public override bool CanSeek => false;
    }
}
