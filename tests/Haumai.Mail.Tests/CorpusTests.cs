using Haumai.Mail.Mbox;
using Haumai.Mail.Mime;

namespace Haumai.Mail.Tests;

/// <summary>
/// The MimeKit test corpus, read in place; expectations worked out from the RFCs. The files have LF
/// line ends, which the parser keeps as they are in content.
/// </summary>
public class CorpusTests
{
    [CorpusTheory]
    [MemberData(nameof(Corpus.MimeKitFiles), MemberType = typeof(Corpus))]
    public void Every_corpus_file_parses_and_its_tree_can_be_walked(string name)
    {
        using var stream = File.OpenRead(Corpus.File(name));
        var text = MimeInspector.Inspect(stream);
        text.ShouldContain("Content-Type: ");

        using var message = TestMessages.LoadCorpus(name);
        foreach (var entity in message.AllEntities)
        {
            _ = entity.ContentType.MimeType;
            _ = entity.FileName;
            if (entity is MimePart part && part.ContentType.MediaType == "text")
            {
                _ = part.GetText();
            }
        }
        _ = message.TextBody;
        _ = message.HtmlBody;
        _ = message.Attachments.ToList();
    }

    [CorpusFact]
    public void Deep_header_of_thousands_of_encoded_words_does_not_overflow()
    {
        // stack-overflow.txt: a To field of 2,700 folded encoded words after one real mailbox.
        using var message = TestMessages.LoadCorpus("stack-overflow.txt");
        message.Subject.ShouldBe("Message Subject");
        var to = message.To;
        to.Count.ShouldBe(2);
        ((MailboxAddress)to[0]).Address.ShouldBe("test@test.com");
        var junk = (MailboxAddress)to[1];
        junk.Address.ShouldBe("");
        // §6.2: the white space between adjacent encoded words disappears, so the words run together.
        junk.Name!.ShouldStartWith("date>2017-08-20T10:08:28.617</prdate>2017-08-20T10:08:28.617</pr");
        junk.Name!.Length.ShouldBe(2710 * "date>2017-08-20T10:08:28.617</pr".Length);
        message.TextBody!.Trim().ShouldBe("Message Body");
    }

    [CorpusFact]
    public void Delivery_status_report_has_its_three_parts_and_groups()
    {
        using var message = TestMessages.LoadCorpus("delivery-status.txt");
        var report = message.Body.ShouldBeOfType<Multipart>();
        report.ContentType.MimeType.ShouldBe("multipart/report");
        report.ContentType.Parameters["report-type"].ShouldBe("delivery-status");
        // The text before the first boundary is a preamble (RFC 2046 §5.1.1), not a part.
        report.Preamble!.ShouldStartWith("Processing your mail message caused the following errors:");
        report.Parts.Count.ShouldBe(2);
        var status = report.Parts[0].ShouldBeOfType<MimePart>();
        status.ContentType.MimeType.ShouldBe("message/delivery-status");
        var groups = ReportFields.Parse(status);
        groups.Count.ShouldBe(2);
        groups[0]["Reporting-MTA"].ShouldBe("dns; mm1");
        groups[1]["Final-Recipient"].ShouldBe("RFC822; newsletter-request@imusic.com");
        groups[1]["Action"].ShouldBe("failed");
        var returned = report.Parts[1].ShouldBeOfType<MessagePart>().Message;
        returned.Subject.ShouldBe("unsubscribe");
        returned.MessageId.ShouldBe("31FC7EB4.41C6@netscape.com");
        returned.References.ShouldBe(["96Jul29.013736-0700pdt.148116-12799+675@mm1.sprynet.com"]);
        returned.TextBody.ShouldBe("unsubscribe");
        // "unlisted-recipients:;" is an empty group (RFC 5322 §3.4).
        message.To.Single().ShouldBeOfType<GroupAddress>().Members.ShouldBeEmpty();
        message.Headers["Precedence"].ShouldBe("junk");
        // The top-level Content-Length header is ignored outside an mbox: the whole report is parsed.
        message.Attachments.ShouldContain(e => e is MessagePart);
    }

    [CorpusFact]
    public void Delivery_status_variants_give_the_same_groups()
    {
        using var noBlank = TestMessages.LoadCorpus("delivery-status-no-blank-line.txt");
        var parts = noBlank.Body.ShouldBeOfType<Multipart>().Parts;
        ReportFields.Parse((MimePart)parts[0]).Count.ShouldBe(2);

        using var multipleBlanks = TestMessages.LoadCorpus("delivery-status-multiple-blank-lines.txt");
        var report = multipleBlanks.Body.ShouldBeOfType<Multipart>();
        report.Parts.Count.ShouldBe(2);
        ((MimePart)report.Parts[0]).GetText().ShouldBe("This is human readable text about the bounce information\n");
        var groups = ReportFields.Parse((MimePart)report.Parts[1]);
        groups.Count.ShouldBe(2);
        groups[0]["Reporting-MTA"].ShouldBe("dns;someserver.com");
        groups[1]["Original-Recipient"].ShouldBe("rfc822;orig_recip@customer.com");
        groups[1]["Status"].ShouldBe("5.5.0");

        using var exim = TestMessages.LoadCorpus("delivery-status2.txt");
        var eximParts = exim.Body.ShouldBeOfType<Multipart>().Parts;
        eximParts.Count.ShouldBe(3);
        var bounced = eximParts[2].ShouldBeOfType<MessagePart>().Message;
        bounced.Body.ContentType.MimeType.ShouldBe("multipart/alternative");
        bounced.TextBody!.ShouldStartWith("TEXTE");
        bounced.HtmlBodyPart!.ContentId.ShouldBe("1DQ418BYWKU4.24XDT2YZ1B0B3@daikoz.com");
    }

    [CorpusFact]
    public void Disposition_notification_and_feedback_report()
    {
        using var mdn = TestMessages.LoadCorpus("disposition-notification.txt");
        var parts = mdn.Body.ShouldBeOfType<Multipart>().Parts;
        // The first part has no header at all: a blank line right after the boundary means text/plain.
        parts[0].Headers.Count.ShouldBe(0);
        parts[0].ContentType.MimeType.ShouldBe("text/plain");
        ReportFields.Parse((MimePart)parts[1]).Single()["Disposition"].ShouldBe("manual-action/MDN-sent-manually; displayed");
        ((MessagePart)parts[2]).Message.MessageId.ShouldBe("199509192301.23456@example.org");
        // "(EDT)" is a comment; the numeric zone counts.
        mdn.Date.ShouldBe(new DateTimeOffset(1995, 9, 20, 0, 19, 0, TimeSpan.FromHours(-4)));

        using var arf = TestMessages.LoadCorpus("feedback-report.txt");
        // The file starts with a UTF-8 byte order mark before "From:".
        ((MailboxAddress)arf.From.Single()).Address.ShouldBe("abusedesk@example.com");
        var fields = ReportFields.Parse((MimePart)arf.Body.ShouldBeOfType<Multipart>().Parts[1]).Single();
        fields.GetAll("Reported-Uri").Count().ShouldBe(2);
        // Unfolding removes only the line break (RFC 5322 §2.2.3); the indentation stays.
        fields["Authentication-Results"].ShouldBe("mail.example.com;               spf=fail smtp.mail=somespammer@example.com");
    }

    [CorpusFact]
    public void Japanese_subject_and_body_in_iso_2022_jp()
    {
        using var message = TestMessages.LoadCorpus("japanese.txt");
        // Two B words in ISO-2022-JP; the escape sequences span them, so their bytes are joined first.
        message.Subject.ShouldBe("日本語メールテスト (testing Japanese emails)");
        message.TextBody!.ShouldContain("日本語が");
        message.TextBody!.ShouldContain("テスト.");
    }

    [CorpusFact]
    public void Multipart_digest_parts_default_to_message_rfc822()
    {
        using var stream = File.OpenRead(Corpus.File("multipart-digest.txt"));
        var messages = new MboxReader(stream).ReadMessages().ToList();
        messages.Count.ShouldBe(1);
        var outer = messages[0].Body.ShouldBeOfType<MessagePart>().Message;
        outer.Subject.ShouldBe("submsg");
        var digest = outer.Body.ShouldBeOfType<Multipart>();
        digest.ContentType.MimeType.ShouldBe("multipart/digest");
        digest.Preamble.ShouldBe("prologue\n");
        digest.Epilogue.ShouldBe("\nepilogue\n");
        digest.Parts.Count.ShouldBe(2);
        foreach (var part in digest.Parts)
        {
            // RFC 2046 §5.1.5: the default Content-Type in a digest is message/rfc822.
            part.ShouldBeOfType<MessagePart>().ContentType.MimeType.ShouldBe("message/rfc822");
        }
        var m2 = (MessagePart)digest.Parts[1];
        m2.Headers["X-Mime"].ShouldBe("m2 header");
        m2.Message.Subject.ShouldBe("m2");
        m2.Message.TextBody.ShouldBe("m2 body\n");
    }

    [CorpusFact]
    public void Epilogue_after_the_close_delimiter_is_kept_apart()
    {
        using var message = TestMessages.LoadCorpus("epilogue.txt");
        var mixed = message.Body.ShouldBeOfType<Multipart>();
        mixed.Boundary.ShouldBe("NutNews,-a-nntpmtsonsguinrcfas,-boundary");
        mixed.Parts.Count.ShouldBe(2);
        mixed.Epilogue.ShouldBe("Peter Urka <pcu@umich.edu>\nDept. of Chemistry, Univ. of Michigan\nNewt-thought is right-thought.  Go Newt!\n\n");
        ((MimePart)mixed.Parts[1]).Content.Length.ShouldBe(0);
        // Two-digit year 95 is 1995 (RFC 5322 §4.3); GMT is +0000.
        message.Date.ShouldBe(new DateTimeOffset(1995, 5, 7, 16, 21, 3, TimeSpan.Zero));
        message.References.Count.ShouldBe(4);
    }

    [CorpusFact]
    public void Missing_subtype_is_treated_as_text_plain()
    {
        using var message = TestMessages.LoadCorpus("missing-subtype.txt");
        // RFC 2045 §5.2: an invalid Content-Type is taken as text/plain; its name parameter survives.
        message.Body.ContentType.MimeType.ShouldBe("text/plain");
        message.Body.ContentType.IsValid.ShouldBeFalse();
        message.Body.FileName.ShouldBe("document.xml.gz");
        message.TextBody.ShouldBe("blah blah blah\n");
    }

    [CorpusFact]
    public void Empty_multipart_stays_a_sibling_not_a_parent()
    {
        using var message = TestMessages.LoadCorpus("empty-multipart.txt");
        var mixed = message.Body.ShouldBeOfType<Multipart>();
        mixed.Parts.Count.ShouldBe(2);
        mixed.Parts[0].ShouldBeOfType<Multipart>().Parts.ShouldBeEmpty();
        mixed.Parts[0].ContentType.MimeType.ShouldBe("multipart/alternative");
        ((MimePart)mixed.Parts[1]).GetText().ShouldStartWith("This part should be on the same level");
        message.TextBody.ShouldBeNull(); // the first part of the mixed is the (empty) body
    }

    [CorpusFact]
    public void Text_and_html_bodies_follow_the_structure()
    {
        (string? Text, string? Html) Bodies(string name)
        {
            using var m = TestMessages.LoadCorpus(name);
            return (m.TextBody?.TrimEnd(), m.HtmlBody?.TrimEnd());
        }
        const string text = "This is the text body.";
        const string html = "<html>This is an <b>html</b> body.</html>";
        Bodies("body.1.txt").ShouldBe((text, null));
        Bodies("body.2.txt").ShouldBe((null, html));
        Bodies("body.3.txt").ShouldBe((text, html));
        Bodies("body.4.txt").ShouldBe((null, html));
        Bodies("body.5.txt").ShouldBe((text, html));
        Bodies("body.6.txt").ShouldBe((text, html));
        Bodies("body.7.txt").ShouldBe((text, html));
        Bodies("body.8.txt").ShouldBe((text, null));
        Bodies("body.9.txt").ShouldBe((null, html));

        using var six = TestMessages.LoadCorpus("body.6.txt");
        six.Attachments.Select(a => a.FileName).ShouldBe(["document.txt"]);
    }

    [CorpusFact]
    public void Simple_multipart_decodes_base64_and_keeps_preamble_and_epilogue()
    {
        using var message = TestMessages.LoadCorpus("simple-multipart.eml");
        var mixed = (Multipart)message.Body;
        mixed.Preamble.ShouldBe("This is the multipart preamble.\n");
        mixed.Epilogue.ShouldBe("\nThis is the multipart epilogue.\n");
        var attachment = message.Attachments.Single().ShouldBeOfType<MimePart>();
        attachment.FileName.ShouldBe("attachment.txt");
        System.Text.Encoding.ASCII.GetString(attachment.GetContentBytes()).ShouldBe("This is the base64 encoded attachment.");
    }

    [CorpusFact]
    public void Quoted_printable_soft_breaks_in_latin1_flowed_text()
    {
        using var message = TestMessages.LoadCorpus("issue1130.txt");
        var body = message.TextBody!;
        body.ShouldStartWith("We should have access, and apparently did a few months ago, but now there is \na \"You do not currently have access");
        message.Body.ContentType.Parameters["delsp"].ShouldBe("yes");
    }

    [CorpusFact]
    public void Mhtml_related_with_image_and_qp_html()
    {
        using var message = TestMessages.LoadCorpus("multipart-related-mhtml.txt");
        var related = (Multipart)message.Body;
        related.ContentType.Parameters["type"].ShouldBe("text/html");
        var png = ((MimePart)related.Parts[0]).GetContentBytes();
        png[..8].ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        // related: the root is the first part (an image here), so there is no HTML body by the rules.
        message.HtmlBody.ShouldBeNull();
        ((MimePart)related.Parts[1]).GetText().ShouldContain("<img src=\"image1\" width=\"267\"");
    }

    [CorpusFact]
    public void Mbox_files_hold_the_expected_number_of_messages()
    {
        Count("simple.mbox.txt").ShouldBe(3);
        // unmunged.mbox.txt: "From Russia with love" was not escaped, so by RFC 4155 it starts a message.
        Count("unmunged.mbox.txt").ShouldBe(4);

        static int Count(string name)
        {
            using var stream = File.OpenRead(Corpus.File(name));
            var count = 0;
            foreach (var message in new MboxReader(stream).ReadMessages())
            {
                message.Dispose();
                count++;
            }
            return count;
        }
    }

    [CorpusFact]
    public void Nested_identical_and_empty_boundaries_nest_innermost_first()
    {
        using var stream = File.OpenRead(Corpus.File("simple.mbox.txt"));
        foreach (var message in new MboxReader(stream).ReadMessages())
        {
            var entity = message.Body;
            for (var level = 0; level < 3; level++)
            {
                var multipart = entity.ShouldBeOfType<Multipart>();
                multipart.Parts.Count.ShouldBe(1);
                entity = multipart.Parts[0];
            }
            message.TextBody!.ShouldStartWith("Hello world.");
            message.TextBody!.ShouldContain("<-- You are here.");
        }
    }
}
