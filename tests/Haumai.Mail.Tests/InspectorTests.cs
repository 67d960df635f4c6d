using System.Text;
using Haumai.Mail.Mime;

namespace Haumai.Mail.Tests;

/// <summary>The exact output of <c>haumai mail inspect</c>, derived by hand from the files.</summary>
public class InspectorTests
{
    private static string InspectCorpus(string name)
    {
        using var stream = File.OpenRead(Corpus.File(name));
        return MimeInspector.Inspect(stream);
    }

    [CorpusFact]
    public void Rfc2060_sample_nests_embedded_messages_under_their_part()
    {
        InspectCorpus("rfc2060.txt").ShouldBe("""
            From: me@myself.com
            To: me@myself.com
            Subject: Sample message structure for IMAP part specifiers
            Date:
            Content-Type: multipart/mixed
               Content-Type: text/plain
               Content-Type: application/octet-stream
               Content-Type: message/rfc822
                  Content-Type: multipart/mixed
                     Content-Type: text/plain
                     Content-Type: application/octet-stream
               Content-Type: multipart/mixed
                  Content-Type: image/gif
                  Content-Type: message/rfc822
                     Content-Type: multipart/mixed
                        Content-Type: text/plain
                        Content-Type: multipart/alternative
                           Content-Type: text/plain
                           Content-Type: text/richtext

            """.ReplaceLineEndings("\n"));
    }

    [CorpusFact]
    public void Delivery_status_report()
    {
        InspectCorpus("delivery-status.txt").ShouldBe("""
            From: The Post Office <postmaster@mm1.sprynet.com>
            To: unlisted-recipients:;
            Subject: email delivery error
            Date: Mon, 29 Jul 1996 02:13:08 -0700
            Content-Type: multipart/report
               Content-Type: message/delivery-status
               Content-Type: message/rfc822
                  Content-Type: text/plain

            """.ReplaceLineEndings("\n"));
    }

    [CorpusFact]
    public void Mbox_blocks_are_separated_by_one_empty_line()
    {
        InspectCorpus("simple.mbox.txt").ShouldBe("""
            From: fejj@gnome.org
            To: fejj@gnome.org
            Subject: this'll probably break a lot of mime parsers
            Date: Fri, 23 Aug 2002 02:32:53 -0400
            Content-Type: multipart/mixed
               Content-Type: multipart/mixed
                  Content-Type: multipart/mixed
                     Content-Type: text/plain

            From: fejj@gnome.org
            To: fejj@gnome.org
            Subject: this'll probably break even more mime parsers
            Date: Fri, 23 Aug 2002 02:32:53 -0400
            Content-Type: multipart/mixed
               Content-Type: multipart/mixed
                  Content-Type: multipart/mixed
                     Content-Type: text/plain

            From: fejj@gnome.org
            To: fejj@gnome.org
            Subject: if a mime parser can correctly handle this, I'm impressed
            Date: Fri, 23 Aug 2002 02:32:53 -0400
            Content-Type: multipart/mixed
               Content-Type: multipart/mixed
                  Content-Type: multipart/mixed
                     Content-Type: text/plain

            """.ReplaceLineEndings("\n"));
    }

    [CorpusFact]
    public void Digest_in_a_one_message_mbox_with_decoded_japanese_subject_elsewhere()
    {
        InspectCorpus("multipart-digest.txt").ShouldBe("""
            From: user@domain.org
            To:
            Subject:
            Date: Sat, 24 Mar 2007 23:00:00 +0200
            Content-Type: message/rfc822
               Content-Type: multipart/digest
                  Content-Type: message/rfc822
                     Content-Type: text/plain
                  Content-Type: message/rfc822
                     Content-Type: text/plain

            """.ReplaceLineEndings("\n"));
        InspectCorpus("japanese.txt").ShouldContain("Subject: 日本語メールテスト (testing Japanese emails)\n");
    }

    [Fact]
    public void Decoded_headers_and_a_non_seekable_input()
    {
        var text = "From: =?utf-8?B?VHLhuqduIFRo4buLIELDrG5o?= <binh@khach.vn>\r\nTo: a@b.vn, \"Le, C\" <c@b.vn>\r\nSubject: =?utf-8?Q?H=C3=B3a_=C4=91=C6=A1n?=\r\nDate: 14 Mar 2025 09:30 +0700\r\nContent-Type: TEXT/HTML\r\n\r\n<p>x</p>";
        using var stream = new NonSeekable(Encoding.UTF8.GetBytes(text));
        MimeInspector.Inspect(stream).ShouldBe(
            "From: Trần Thị Bình <binh@khach.vn>\nTo: a@b.vn, \"Le, C\" <c@b.vn>\nSubject: Hóa đơn\nDate: Fri, 14 Mar 2025 09:30:00 +0700\nContent-Type: text/html\n");
    }

    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
