using System.Text;
using Haumai.Mail.Mime;

namespace Haumai.Bench.Mail;

/// <summary>One generated message and what kind of mail it stands for (results are also given per kind).</summary>
public sealed record SampleMail(string Kind, byte[] Bytes);

/// <summary>
/// "Typical mail" for issue 5's figures: what a Vietnamese support desk receives. Most of it is written
/// by <see cref="MessageBuilder"/> (quoted-printable UTF-8 text and HTML alternatives, RFC 2047 subjects
/// and names, base64 attachments), as Haumai's own replies and most clients write it; a share is
/// written the way Gmail writes Vietnamese (base64 text bodies, which is what Gmail chooses when most
/// characters are not ASCII). Deterministic for a seed, except the random MIME boundaries.
/// </summary>
public static class MailSamples
{
    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Minh", "Thanh", "Hữu", "Đức", "Ngọc", "Quốc", "Thu", "Hoài"];
    private static readonly string[] GivenNames = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"];
    private static readonly string[] Domains = ["gmail.com", "yahoo.com.vn", "outlook.com", "fpt.com.vn", "viettel.com.vn", "vnpt.vn", "congty-abc.vn", "thuongmai-xyz.com.vn", "dulich-sen.vn", "nhahang-pho.vn"];

    /// <summary>The kinds and their share of the mix (by count): plain questions, replies with history, files, Gmail-style.</summary>
    public static readonly (string Kind, double Share)[] Mix =
    [
        ("text+html", 0.45),
        ("reply-quoted", 0.30),
        ("gmail-base64", 0.13),
        ("attachments", 0.12),
    ];

    public static MailboxAddress Person(Random random, int index)
    {
        var name = $"{FamilyNames[random.Next(FamilyNames.Length)]} {MiddleNames[random.Next(MiddleNames.Length)]} {GivenNames[random.Next(GivenNames.Length)]}";
        // The index keeps addresses unique however the names repeat.
        var local = Vietnamese.Ascii(name, '.') + "." + index;
        return new MailboxAddress(name, local + "@" + Domains[index % Domains.Length]);
    }

    /// <summary><paramref name="count"/> messages in the <see cref="Mix"/>, shuffled.</summary>
    public static List<SampleMail> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var support = new MailboxAddress("Hỗ trợ khách hàng", "hotro@haumai.vn");
        var mails = new List<SampleMail>(count);
        for (var i = 0; i < count; i++)
        {
            var pick = random.NextDouble();
            var kind = Mix[^1].Kind;
            foreach (var (k, share) in Mix)
            {
                if (pick < share)
                {
                    kind = k;
                    break;
                }
                pick -= share;
            }
            var from = Person(random, random.Next(5_000));
            var date = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.FromHours(7)).AddMinutes(i * 7);
            var bytes = kind switch
            {
                "reply-quoted" => Reply(random, from, support, date, $"{i}.{seed}@{from.Domain}"),
                "gmail-base64" => GmailStyle(random, from, support, date, $"{i}.{seed}@mail.gmail.com"),
                "attachments" => WithAttachments(random, from, support, date, $"{i}.{seed}@{from.Domain}"),
                _ => Question(random, from, support, date, $"{i}.{seed}@{from.Domain}"),
            };
            mails.Add(new SampleMail(kind, bytes));
        }
        return mails;
    }

    /// <summary>A new question: text and HTML alternatives (MessageBuilder: quoted-printable UTF-8).</summary>
    public static byte[] Question(Random random, MailboxAddress from, MailboxAddress to, DateTimeOffset date, string messageId, string? subject = null)
    {
        var text = Paragraphs(random, random.Next(2, 6)) + Signature(from);
        return NewMessage(random, from, to, date, messageId, subject, text).ToBytes();
    }

    private static MessageBuilder NewMessage(Random random, MailboxAddress from, MailboxAddress to, DateTimeOffset date, string messageId, string? subject, string text) => new()
    {
        From = from,
        To = { to },
        Subject = subject ?? Vietnamese.Subjects[random.Next(Vietnamese.Subjects.Length)],
        Date = date,
        MessageId = messageId,
        TextBody = text,
        HtmlBody = Html(text, quoted: null),
    };

    /// <summary>
    /// A customer's reply in a thread: "Re: [#number] subject", In-Reply-To and References, the new
    /// text over the quoted history ("Vào … đã viết:" and "&gt;" lines; a blockquote in the HTML).
    /// </summary>
    public static byte[] Reply(Random random, MailboxAddress from, MailboxAddress to, DateTimeOffset date, string messageId,
        string? inReplyTo = null, long? ticketNumber = null, string? subject = null)
    {
        var history = Paragraphs(random, random.Next(3, 8));
        var text = Paragraphs(random, random.Next(1, 3)) + Signature(from);
        var quoted = $"\r\nVào {date.AddHours(-3):dd/MM/yyyy HH:mm}, {to.Name} <{to.Address}> đã viết:\r\n"
            + string.Join("\r\n", history.Split("\r\n").Select(l => "> " + l));
        var builder = new MessageBuilder
        {
            From = from,
            To = { to },
            Subject = "Re: " + (ticketNumber is { } n ? $"[#{n}] " : "") + (subject ?? Vietnamese.Subjects[random.Next(Vietnamese.Subjects.Length)]),
            Date = date,
            MessageId = messageId,
            InReplyTo = inReplyTo ?? $"reply.{random.Next()}@haumai.vn",
            TextBody = text + quoted,
            HtmlBody = Html(text, history),
        };
        builder.References.Add(builder.InReplyTo);
        return builder.ToBytes();
    }

    /// <summary>A question with one or two files: a PDF (20-300 KB) and/or a screenshot (10-150 KB), incompressible as real ones are.</summary>
    public static byte[] WithAttachments(Random random, MailboxAddress from, MailboxAddress to, DateTimeOffset date, string messageId, string? subject = null)
    {
        var text = Paragraphs(random, random.Next(1, 4)) + "\r\nTôi gửi kèm ảnh chụp màn hình và biên bản.\r\n" + Signature(from);
        var builder = NewMessage(random, from, to, date, messageId, subject, text);
        var files = random.Next(1, 4);
        if ((files & 1) != 0)
        {
            builder.Attachments.Add(new AttachmentContent("Ảnh chụp màn hình lỗi.png", "image/png", Png(random, random.Next(10_000, 150_000))));
        }
        if ((files & 2) != 0)
        {
            builder.Attachments.Add(new AttachmentContent("bien-ban-nghiem-thu.pdf", "application/pdf", Pdf(random, random.Next(20_000, 300_000))));
        }
        return builder.ToBytes();
    }

    /// <summary>
    /// As Gmail writes mostly-Vietnamese mail: multipart/alternative, text/plain and text/html each
    /// UTF-8 in base64, RFC 2047 B subject and name, its own Message-ID form. Written by hand because
    /// MessageBuilder always uses quoted-printable for text.
    /// </summary>
    public static byte[] GmailStyle(Random random, MailboxAddress from, MailboxAddress to, DateTimeOffset date, string messageId)
    {
        var text = Paragraphs(random, random.Next(2, 6)) + Signature(from);
        var boundary = "000000000000" + random.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("MIME-Version: 1.0\r\n");
        sb.Append("Date: ").Append(DateParser.Format(date)).Append("\r\n");
        sb.Append("Message-ID: <").Append(messageId).Append(">\r\n");
        sb.Append("Subject: ").Append(EncodedWord(Vietnamese.Subjects[random.Next(Vietnamese.Subjects.Length)])).Append("\r\n");
        sb.Append("From: ").Append(EncodedWord(from.Name ?? "")).Append(" <").Append(from.Address).Append(">\r\n");
        sb.Append("To: ").Append(to.Address).Append("\r\n");
        sb.Append("Content-Type: multipart/alternative; boundary=\"").Append(boundary).Append("\"\r\n\r\n");
        sb.Append("--").Append(boundary).Append("\r\n");
        sb.Append("Content-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        AppendBase64(sb, Encoding.UTF8.GetBytes(text));
        sb.Append("--").Append(boundary).Append("\r\n");
        sb.Append("Content-Type: text/html; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        AppendBase64(sb, Encoding.UTF8.GetBytes(Html(text, quoted: null)));
        sb.Append("--").Append(boundary).Append("--\r\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>A PNG signature and IHDR chunk start, then random bytes (compressed image data is as good as random).</summary>
    public static byte[] Png(Random random, int size)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        ReadOnlySpan<byte> head = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
        head.CopyTo(bytes);
        return bytes;
    }

    public static byte[] Pdf(Random random, int size)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        "%PDF-1.7\n%\u00e2\u00e3\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static string Paragraphs(Random random, int count)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            sb.Append(Vietnamese.Bodies[random.Next(Vietnamese.Bodies.Length)]).Append("\r\n\r\n");
        }
        return sb.ToString();
    }

    private static string Signature(MailboxAddress from) => $"--\r\n{from.Name}\r\nĐiện thoại: 0912 345 678\r\n";

    /// <summary>The HTML alternative as clients write it: a div per paragraph, inline styles, a signature block, a blockquote for history.</summary>
    private static string Html(string text, string? quoted)
    {
        var sb = new StringBuilder("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body><div dir=\"ltr\" style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222222\">");
        foreach (var paragraph in text.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append("<div>").Append(System.Net.WebUtility.HtmlEncode(paragraph).Replace("\r\n", "<br>", StringComparison.Ordinal)).Append("</div><div><br></div>");
        }
        sb.Append("</div>");
        if (quoted is not null)
        {
            sb.Append("<div class=\"gmail_quote\"><blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">");
            sb.Append(System.Net.WebUtility.HtmlEncode(quoted).Replace("\r\n", "<br>", StringComparison.Ordinal));
            sb.Append("</blockquote></div>");
        }
        sb.Append("</body></html>");
        return sb.ToString();
    }

    private static string EncodedWord(string text) =>
        Ascii.IsValid(text) ? text : "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";

    private static void AppendBase64(StringBuilder sb, byte[] bytes)
    {
        for (var offset = 0; offset < bytes.Length; offset += 57)
        {
            sb.Append(Convert.ToBase64String(bytes, offset, Math.Min(57, bytes.Length - offset))).Append("\r\n");
        }
    }
}
