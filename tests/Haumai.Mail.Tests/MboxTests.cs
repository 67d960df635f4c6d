using System.Text;
using Haumai.Mail.Mbox;
using Haumai.Mail.Mime;

namespace Haumai.Mail.Tests;

public class MboxTests
{
    private static List<MimeMessage> Read(string text, MboxFormat format = MboxFormat.Auto, bool seekable = true)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Stream stream = seekable ? new MemoryStream(bytes) : new ForwardOnly(bytes);
        return new MboxReader(stream, format).ReadMessages().ToList();
    }

    [Fact]
    public void Mboxrd_unescapes_one_level_of_from_quoting()
    {
        var messages = Read("From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\n>From here\n>>From there\n>not from\n\nFrom c@d Mon Jan  1 00:00:00 2024\nSubject: two\n\nbody two\n");
        messages.Count.ShouldBe(2);
        messages[0].Subject.ShouldBe("one");
        // The blank line before the next "From " belongs to the separator (RFC 4155).
        messages[0].TextBody.ShouldBe("From here\n>From there\n>not from\n");
        messages[1].TextBody.ShouldBe("body two\n");
    }

    [Fact]
    public void Mboxo_unescapes_only_a_single_quote()
    {
        var messages = Read("From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\n>From here\n>>From there\n", MboxFormat.Mboxo);
        messages.Single().TextBody.ShouldBe("From here\n>>From there\n");
    }

    [Fact]
    public void Content_length_delimits_bodies_that_contain_unescaped_from_lines()
    {
        const string body1 = "line\nFrom Russia with love\nend\n";
        var text = $"From a@b Mon Jan  1 00:00:00 2024\nSubject: one\nContent-Length: {body1.Length}\n\n{body1}\nFrom c@d Mon Jan  1 00:00:00 2024\nSubject: two\nContent-Length: 5\n\nhello\n";
        var auto = Read(text);
        auto.Count.ShouldBe(2);
        auto[0].TextBody.ShouldBe(body1);
        auto[1].Subject.ShouldBe("two");
        Read(text, MboxFormat.Mboxcl2).Count.ShouldBe(2);
        // Without a seekable stream the length cannot be checked, so From lines split as in mboxrd.
        Read(text, seekable: false).Count.ShouldBe(3);
    }

    [Fact]
    public void A_wrong_content_length_is_ignored_in_auto_mode()
    {
        var text = "From a@b Mon Jan  1 00:00:00 2024\nSubject: one\nContent-Length: 3\n\nlonger body\n\nFrom c@d Mon Jan  1 00:00:00 2024\nSubject: two\n\nx\n";
        var messages = Read(text);
        messages.Count.ShouldBe(2);
        messages[0].TextBody.ShouldBe("longer body\n");
    }

    [Fact]
    public void Empty_input_and_crlf_mbox()
    {
        Read("").ShouldBeEmpty();
        var messages = Read("From a\r\nSubject: x\r\n\r\nbody\r\n\r\nFrom b\r\nSubject: y\r\n\r\nbody2\r\n");
        messages.Select(m => m.Subject).ShouldBe(["x", "y"]);
        messages[0].TextBody.ShouldBe("body\r\n");
    }

    private sealed class ForwardOnly(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
