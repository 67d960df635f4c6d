using System.Text;
using Haumai.Mail.Mime;

namespace Haumai.Mail.Tests;

public class HeaderTests
{
    static HeaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [InlineData("=?utf-8?B?VGnhur9uZyBWaeG7h3Q=?=", "Tiếng Việt")]
    [InlineData("=?UTF-8?Q?Ti=E1=BA=BFng_Vi=E1=BB=87t?=", "Tiếng Việt")]
    [InlineData("=?uTf-8?q?Ti=e1=ba=bfng_Vi=e1=bb=87t?=", "Tiếng Việt")]
    // RFC 2231 §5: a language tag after the charset.
    [InlineData("=?utf-8*vi?B?VGnhur9uZyBWaeG7h3Q=?=", "Tiếng Việt")]
    // §6.2: white space between adjacent encoded words is dropped, but kept next to plain text.
    [InlineData("=?utf-8?Q?H=C3=B3a?= =?utf-8?Q?_=C4=91=C6=A1n?= 123", "Hóa đơn 123")]
    [InlineData("Re: =?utf-8?Q?H=C3=B3a?=\r\n =?utf-8?Q?_=C4=91=C6=A1n?=", "Re: Hóa đơn")]
    // A multi-byte character split across two words decodes once the bytes are joined.
    [InlineData("=?utf-8?B?4bq/?= =?utf-8?B?4bq/?=", "ếế")]
    [InlineData("=?utf-8?B?4bo=?= =?utf-8?B?v+G6vw==?=", "ếế")]
    [InlineData("=?iso-8859-1?Q?Caf=E9?=", "Café")]
    [InlineData("=?koi8-r?B?8NLJ18XU?=", "Привет")]
    [InlineData("=?windows-1251?B?z/Do4uXy?=", "Привет")]
    [InlineData("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", "日本語")]
    [InlineData("=?shift_jis?B?k/qWe4zq?=", "日本語")]
    [InlineData("=?gb2312?B?1tDOxA==?=", "中文")]
    [InlineData("=?big5?B?pKSk5Q==?=", "中文")]
    [InlineData("=?euc-kr?B?x9GxuQ==?=", "한국")]
    // Malformed words stay as written.
    [InlineData("=?utf-8?X?abc?=", "=?utf-8?X?abc?=")]
    [InlineData("=?utf-8?Q?no end", "=?utf-8?Q?no end")]
    [InlineData("=??B?abc?=", "=??B?abc?=")]
    [InlineData("=?utf-8?Q?has space?=", "=?utf-8?Q?has space?=")]
    // Unknown charset: valid UTF-8 bytes are read as UTF-8.
    [InlineData("=?x-unknown?B?VGnhur9uZw==?=", "Tiếng")]
    public void Encoded_words_decode(string encoded, string expected) =>
        Rfc2047.Decode(encoded).ShouldBe(expected);

    [Fact]
    public void Windows_1258_uses_combining_tone_marks_that_normalize_to_nfc()
    {
        // "Tiếng Việt" in windows-1258: ê (0xEA) + combining acute (0xEC); ê + combining dot below (0xF2).
        var bytes = new byte[] { 0x54, 0x69, 0xEA, 0xEC, 0x6E, 0x67, 0x20, 0x56, 0x69, 0xEA, 0xF2, 0x74 };
        var word = "=?windows-1258?B?" + Convert.ToBase64String(bytes) + "?=";
        var decoded = Rfc2047.Decode(word);
        decoded.ShouldNotBe("Tiếng Việt"); // decomposed as written
        decoded.Normalize(NormalizationForm.FormC).ShouldBe("Tiếng Việt");
    }

    [Fact]
    public void Raw_utf8_headers_are_read_as_utf8_per_rfc_6532()
    {
        var message = TestMessages.Parse("From: Nguyễn Văn A <a@ví-dụ.vn>\nSubject: Xin chào, tôi cần hỗ trợ\n\nbody");
        message.Subject.ShouldBe("Xin chào, tôi cần hỗ trợ");
        var from = (MailboxAddress)message.From.Single();
        from.Name.ShouldBe("Nguyễn Văn A");
        from.Address.ShouldBe("a@ví-dụ.vn");
    }

    [Fact]
    public void Raw_8bit_headers_that_are_not_utf8_fall_back_to_windows_1252()
    {
        var bytes = TestMessages.Bytes("Subject: Caf", new byte[] { 0xE9 }, "\n\nbody");
        TestMessages.Parse(bytes).Subject.ShouldBe("Café");
    }

    [Fact]
    public void Folded_headers_are_unfolded()
    {
        var message = TestMessages.Parse("Subject: a very\n long\n\tsubject\nX-Empty:\n\nbody");
        message.Subject.ShouldBe("a very long\tsubject");
        message.Headers["X-Empty"].ShouldBe("");
    }

    [Theory]
    // RFC 2231 §3: continuations, plain and encoded, joined in order (even if listed out of order).
    [InlineData("attachment; filename*0=\"long-file-\"; filename*1=\"name.pdf\"", "long-file-name.pdf")]
    [InlineData("attachment; filename*1=\"name.pdf\"; filename*0=\"long-file-\"", "long-file-name.pdf")]
    [InlineData("attachment; filename*=utf-8''H%C3%B3a%20%C4%91%C6%A1n.pdf", "Hóa đơn.pdf")]
    [InlineData("attachment; filename*=UTF-8'vi'H%C3%B3a%20%C4%91%C6%A1n.pdf", "Hóa đơn.pdf")]
    [InlineData("attachment;\r\n filename*0*=utf-8''B%C3%A1o%20gi%C3;\r\n filename*1*=%A1%20th%C3%A1ng%203;\r\n filename*2=\".xlsx\"", "Báo giá tháng 3.xlsx")]
    [InlineData("attachment; filename*=windows-1258''Ti%EA%ECng.txt", "Tiếng.txt")]
    [InlineData("attachment; filename*=iso-8859-1''caf%E9.txt", "café.txt")]
    // The RFC 2231 form wins over the plain one.
    [InlineData("attachment; filename=\"fallback.pdf\"; filename*=utf-8''th%E1%BA%ADt.pdf", "thật.pdf")]
    // Outlook's encoded word inside quotes, and raw UTF-8 in quotes.
    [InlineData("attachment; filename=\"=?utf-8?B?SMOzYSDEkcahbi5wZGY=?=\"", "Hóa đơn.pdf")]
    [InlineData("attachment; filename=\"Hóa đơn.pdf\"", "Hóa đơn.pdf")]
    // Unquoted value with spaces, and an escaped quote.
    [InlineData("attachment; filename=my report.pdf", "my report.pdf")]
    [InlineData("attachment; filename=\"a \\\"quoted\\\" name\"", "a \"quoted\" name")]
    public void Rfc2231_and_lenient_parameters(string disposition, string expected)
    {
        var parsed = ContentDisposition.Parse(Header.Unfold(disposition))!;
        parsed.IsAttachment.ShouldBeTrue();
        parsed.FileName!.Normalize(NormalizationForm.FormC).ShouldBe(expected);
    }

    [Fact]
    public void Content_type_is_lower_cased_and_keeps_parameters()
    {
        var type = ContentType.Parse("MULTIPART/Mixed; BOUNDARY=\"AbC\" (comment); charset=UTF-8");
        type.MimeType.ShouldBe("multipart/mixed");
        type.Boundary.ShouldBe("AbC");
        type.Charset.ShouldBe("UTF-8");
        ContentType.Parse("text / html ; charset = \"utf-8\"").MimeType.ShouldBe("text/html");
        ContentType.Parse("").MimeType.ShouldBe("text/plain");
        ContentType.Parse("text/plain; charset=us-ascii (Plain text)").Charset.ShouldBe("us-ascii");
        ContentType.Parse("garbage").IsValid.ShouldBeFalse();
    }

    [Fact]
    public void Addresses_with_names_groups_and_obsolete_forms()
    {
        var list = AddressParser.ParseList(
            "\"Nguyễn, Văn A\" <a@example.vn>, =?utf-8?B?VHLhuqduIFRo4buLIELDrG5o?= <binh@example.vn>," +
            " c@example.com (Chị C), Team: d@example.com, E <e@example.com>;, <@route1,@route2:f@example.com>," +
            " g@example.com h@example.com, John Q. Public <jqp@example.com>, undisclosed-recipients:;");
        list.Count.ShouldBe(9);
        list[0].ShouldBeOfType<MailboxAddress>().Name.ShouldBe("Nguyễn, Văn A");
        list[1].ShouldBeOfType<MailboxAddress>().Name.ShouldBe("Trần Thị Bình");
        list[2].ShouldBeOfType<MailboxAddress>().Name.ShouldBe("Chị C");
        var group = list[3].ShouldBeOfType<GroupAddress>();
        group.Name.ShouldBe("Team");
        group.Members.Select(m => m.Address).ShouldBe(["d@example.com", "e@example.com"]);
        list[4].ShouldBeOfType<MailboxAddress>().Address.ShouldBe("f@example.com");
        // A missing comma between two addr-specs still yields both.
        list[5].ShouldBeOfType<MailboxAddress>().Address.ShouldBe("g@example.com");
        list[6].ShouldBeOfType<MailboxAddress>().Address.ShouldBe("h@example.com");
        list[7].ShouldBeOfType<MailboxAddress>().Name.ShouldBe("John Q. Public");
        list[8].ShouldBeOfType<GroupAddress>().Members.ShouldBeEmpty();
        list[0].ToString().ShouldBe("\"Nguyễn, Văn A\" <a@example.vn>");
    }

    [Fact]
    public void Address_parser_survives_nested_comments_and_broken_brackets()
    {
        AddressParser.ParseList("a@b.c (x (y (z)))").Single().ShouldBeOfType<MailboxAddress>().Address.ShouldBe("a@b.c");
        AddressParser.ParseList("Name <a@b.c").Single().ShouldBeOfType<MailboxAddress>().Address.ShouldBe("a@b.c");
        AddressParser.ParseList(new string('(', 100_000)).ShouldNotBeNull();
        AddressParser.ParseList(string.Concat(Enumerable.Repeat("a:", 10_000))).ShouldNotBeNull();
        AddressParser.ParseList("\"unterminated <a@b.c>").ShouldNotBeNull();
        // A stray ")" or "]" is skipped; an unclosed "<" takes the rest of the field.
        AddressParser.ParseList("x <a@b.cT) -0400], y@z").Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("Tue, 12 Nov 2013 09:12:42 -0500", "2013-11-12T09:12:42-05:00")]
    [InlineData("12 Nov 2013 09:12 +0700", "2013-11-12T09:12:00+07:00")]
    [InlineData("Sun, 7 May 95 16:21:03 GMT", "1995-05-07T16:21:03+00:00")]
    [InlineData("Thu, 8 Mar 2005 17:40:36 EDT", "2005-03-08T17:40:36-04:00")]
    [InlineData("Wed, 20 Sep 1995 00:19:00 (EDT) -0400", "1995-09-20T00:19:00-04:00")]
    [InlineData("Fri, 23 Aug 2002 2:32:53 -0400", "2002-08-23T02:32:53-04:00")]
    [InlineData("Mon, 1 Jan 01 00:00:00 +0000", "2001-01-01T00:00:00+00:00")]
    public void Dates_in_current_and_obsolete_forms(string text, string expected) =>
        DateParser.Parse(text).ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("not a date")]
    [InlineData("Mon, 32 Jan 2020 00:00:00 +0000")]
    [InlineData("Mon, 1 Foo 2020 00:00:00 +0000")]
    [InlineData("")]
    public void Bad_dates_are_null(string text) => DateParser.Parse(text).ShouldBeNull();

    [Fact]
    public void Message_ids_and_references()
    {
        var message = TestMessages.Parse(
            "Message-ID: <abc@x.vn>\nIn-Reply-To: <p1@x.vn> (comment)\nReferences: <p0@x.vn>\n <p1@x.vn> bare@x.vn\n\nbody");
        message.MessageId.ShouldBe("abc@x.vn");
        message.InReplyTo.ShouldBe("p1@x.vn");
        message.References.ShouldBe(["p0@x.vn", "p1@x.vn", "bare@x.vn"]);
    }
}
