using System.Security.Cryptography;
using System.Text;

namespace Haumai.Mail.Mime;

/// <summary>A file to attach. Inline ones with a Content-ID go with the HTML in multipart/related (RFC 2387).</summary>
public sealed record AttachmentContent(string FileName, string MimeType, byte[] Content)
{
    /// <summary>For cid: references from the HTML body (RFC 2392), without angle brackets.</summary>
    public string? ContentId { get; init; }

    public bool Inline { get; init; }
}

/// <summary>
/// Writes standard messages: text/plain alone, or multipart/alternative (text, then HTML: the preferred
/// alternative last, RFC 2046 §5.1.4), wrapped in multipart/mixed when there are attachments. Headers
/// with non-ASCII text use RFC 2047 B words in UTF-8, folded at 78 columns (RFC 5322 §2.1.1); text
/// bodies are quoted-printable UTF-8; attachments base64 in 76-character lines (RFC 2045 §6.8); file
/// names use RFC 2231 with an RFC 2047 name= for old clients; every line ends in CRLF.
/// </summary>
public sealed class MessageBuilder
{
    private const int LineLimit = 78;

    public MailboxAddress? From { get; set; }

    public List<MailboxAddress> To { get; } = new();

    public List<MailboxAddress> Cc { get; } = new();

    public List<MailboxAddress> ReplyTo { get; } = new();

    public string? Subject { get; set; }

    /// <summary>When null, the time provider's current time is written.</summary>
    public DateTimeOffset? Date { get; set; }

    /// <summary>Without angle brackets. When null, one is generated from the From domain.</summary>
    public string? MessageId { get; set; }

    public string? InReplyTo { get; set; }

    public List<string> References { get; } = new();

    public string? TextBody { get; set; }

    public string? HtmlBody { get; set; }

    public List<AttachmentContent> Attachments { get; } = new();

    /// <summary>Extra fields (e.g. Auto-Submitted, RFC 3834), written after the standard ones.</summary>
    public List<KeyValuePair<string, string>> ExtraHeaders { get; } = new();

    /// <summary>A new unique id (RFC 5322 §3.6.4): 128 random bits at the sender's domain.</summary>
    public static string GenerateMessageId(string? domain) =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "@" + (string.IsNullOrWhiteSpace(domain) ? "localhost" : domain);

    /// <summary>
    /// A boundary that cannot occur in base64 or quoted-printable output: "=_" never appears in either
    /// (RFC 2045 §6.7 allows '=' only before hex digits or a line break), so no scan of the content is needed.
    /// </summary>
    public static string GenerateBoundary() => "=_haumai_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public byte[] ToBytes(TimeProvider? time = null)
    {
        using var stream = new MemoryStream();
        WriteTo(stream, time);
        return stream.ToArray();
    }

    public void WriteTo(Stream stream, TimeProvider? time = null)
    {
        var messageId = MessageId ??= GenerateMessageId(From?.Domain);
        var head = new StringBuilder();
        if (From is not null)
        {
            WriteAddresses(head, "From", [From]);
        }
        if (To.Count > 0)
        {
            WriteAddresses(head, "To", To);
        }
        if (Cc.Count > 0)
        {
            WriteAddresses(head, "Cc", Cc);
        }
        if (ReplyTo.Count > 0)
        {
            WriteAddresses(head, "Reply-To", ReplyTo);
        }
        WriteUnstructured(head, "Subject", Subject ?? "");
        head.Append("Date: ").Append(DateParser.Format(Date ?? (time ?? TimeProvider.System).GetLocalNow())).Append("\r\n");
        Fold(head, "Message-ID", ["<" + messageId + ">"]);
        if (InReplyTo is not null)
        {
            Fold(head, "In-Reply-To", ["<" + InReplyTo + ">"]);
        }
        if (References.Count > 0)
        {
            Fold(head, "References", References.Select(r => "<" + r + ">").ToList());
        }
        foreach (var (name, value) in ExtraHeaders)
        {
            WriteUnstructured(head, name, value);
        }
        head.Append("MIME-Version: 1.0\r\n");
        Write(stream, head);
        WriteBody(stream);
    }

    private void WriteBody(Stream stream)
    {
        var inline = Attachments.Where(a => a.Inline && a.ContentId is not null && HtmlBody is not null).ToList();
        var attached = Attachments.Except(inline).ToList();

        Action<Stream> html = s => WriteText(s, "html", HtmlBody!);
        if (inline.Count > 0)
        {
            var related = inline.Select(a => (Action<Stream>)(s => WriteAttachment(s, a))).Prepend(html).ToList();
            html = s => WriteMultipart(s, "related; type=\"text/html\"", related);
        }
        Action<Stream> content = (TextBody, HtmlBody) switch
        {
            (not null, not null) => s => WriteMultipart(s, "alternative", [t => WriteText(t, "plain", TextBody), html]),
            (null, not null) => html,
            _ => s => WriteText(s, "plain", TextBody ?? ""),
        };
        if (attached.Count > 0)
        {
            var parts = attached.Select(a => (Action<Stream>)(s => WriteAttachment(s, a))).Prepend(content).ToList();
            WriteMultipart(stream, "mixed", parts);
        }
        else
        {
            content(stream);
        }
    }

    private static void WriteMultipart(Stream stream, string subtype, IReadOnlyList<Action<Stream>> parts)
    {
        var boundary = GenerateBoundary();
        var head = new StringBuilder();
        head.Append("Content-Type: multipart/").Append(subtype).Append(";\r\n boundary=\"").Append(boundary).Append("\"\r\n\r\n");
        Write(stream, head);
        foreach (var part in parts)
        {
            Write(stream, "--" + boundary + "\r\n");
            part(stream);
            // RFC 2046 §5.1.1: the CRLF before a delimiter belongs to the delimiter.
            Write(stream, "\r\n");
        }
        Write(stream, "--" + boundary + "--\r\n");
    }

    private static void WriteText(Stream stream, string subtype, string text)
    {
        Write(stream, $"Content-Type: text/{subtype}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n");
        Write(stream, QuotedPrintable.Encode(Encoding.UTF8.GetBytes(text)));
    }

    private static void WriteAttachment(Stream stream, AttachmentContent attachment)
    {
        var head = new StringBuilder();
        var mimeType = attachment.MimeType.Contains('/') ? attachment.MimeType.ToLowerInvariant() : "application/octet-stream";
        var nameAtoms = new List<string> { mimeType + ";" };
        if (Rfc2047.NeedsEncoding(attachment.FileName) || attachment.FileName.Length > 60)
        {
            // 78 columns less the leading space, name=" and the closing quote.
            var words = Rfc2047.EncodeWords(attachment.FileName, firstMax: 68, max: 68);
            for (var i = 0; i < words.Count; i++)
            {
                nameAtoms.Add((i == 0 ? "name=\"" : "") + words[i] + (i == words.Count - 1 ? "\"" : ""));
            }
        }
        else
        {
            nameAtoms.Add("name=" + Quote(attachment.FileName));
        }
        Fold(head, "Content-Type", nameAtoms);
        var disposition = new List<string> { (attachment.Inline ? "inline" : "attachment") + ";" };
        disposition.AddRange(Rfc2231Atoms("filename", attachment.FileName));
        Fold(head, "Content-Disposition", disposition);
        if (attachment.ContentId is not null)
        {
            head.Append("Content-ID: <").Append(attachment.ContentId).Append(">\r\n");
        }
        head.Append("Content-Transfer-Encoding: base64\r\n\r\n");
        Write(stream, head);
        var content = attachment.Content;
        for (var offset = 0; offset < content.Length; offset += 57)
        {
            // 57 bytes make exactly 76 base64 characters (RFC 2045 §6.8 line limit).
            Write(stream, Convert.ToBase64String(content, offset, Math.Min(57, content.Length - offset)));
            if (offset + 57 < content.Length)
            {
                Write(stream, "\r\n");
            }
        }
    }

    /// <summary>
    /// RFC 2231 §3-4: a plain quoted value when short ASCII, else <c>name*N*=utf-8''%XX</c> sections
    /// sized to keep each folded line within 78 columns (sections may split a character: they are
    /// joined as bytes before decoding).
    /// </summary>
    internal static List<string> Rfc2231Atoms(string name, string value)
    {
        if (!Rfc2047.NeedsEncoding(value) && value.Length <= 60 && !value.Contains('"') && !value.Contains('\\'))
        {
            return [name + "=" + Quote(value)];
        }
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            // attribute-char (§7): token characters other than '*', '\'' and '%'.
            if (b < 128 && Lexer.IsTokenChar((char)b) && b is not ((byte)'*' or (byte)'\'' or (byte)'%'))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2"));
            }
        }
        var text = "utf-8''" + encoded;
        var atoms = new List<string>();
        const int chunk = 60;
        var index = 0;
        var section = 0;
        while (index < text.Length)
        {
            var length = Math.Min(chunk, text.Length - index);
            // Never cut a %XX triplet.
            if (index + length < text.Length)
            {
                if (text[index + length - 1] == '%')
                {
                    length -= 1;
                }
                else if (length >= 2 && text[index + length - 2] == '%')
                {
                    length -= 2;
                }
            }
            atoms.Add($"{name}*{section}*={text.Substring(index, length)};");
            index += length;
            section++;
        }
        atoms[^1] = atoms[^1].TrimEnd(';');
        return atoms;
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(Lexer.IsTokenChar) ? value : "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static void WriteAddresses(StringBuilder head, string name, IReadOnlyList<MailboxAddress> addresses)
    {
        var atoms = new List<string>();
        for (var i = 0; i < addresses.Count; i++)
        {
            var mailbox = addresses[i];
            if (mailbox.Name is { } display)
            {
                if (Rfc2047.NeedsEncoding(display))
                {
                    atoms.AddRange(Rfc2047.EncodeWords(display, LineLimit - name.Length - 2));
                }
                else if (display.Split(' ').All(w => w.Length > 0 && w.All(IsAtext)))
                {
                    atoms.AddRange(display.Split(' '));
                }
                else
                {
                    atoms.Add("\"" + display.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"");
                }
                atoms.Add("<" + mailbox.Address + ">");
            }
            else
            {
                atoms.Add(mailbox.Address);
            }
            if (i < addresses.Count - 1)
            {
                atoms[^1] += ",";
            }
        }
        Fold(head, name, atoms);
    }

    /// <summary>RFC 5322 §3.2.3 atext.</summary>
    private static bool IsAtext(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || "!#$%&'*+-/=?^_`{|}~".Contains(c);

    /// <summary>Unstructured text (RFC 5322 §3.2.5): as is when printable ASCII, else encoded words.</summary>
    public static void WriteUnstructured(StringBuilder head, string name, string value)
    {
        var atoms = Rfc2047.NeedsEncoding(value)
            ? Rfc2047.EncodeWords(value, LineLimit - name.Length - 2)
            : value.Split(' ').ToList();
        Fold(head, name, atoms);
    }

    /// <summary>
    /// Lays out atoms separated by single spaces, starting a continuation line (CRLF + space, §2.2.3)
    /// whenever the next atom would pass 78 columns.
    /// </summary>
    public static void Fold(StringBuilder head, string name, IReadOnlyList<string> atoms)
    {
        var line = new StringBuilder(name).Append(':');
        var lineHasAtom = false;
        foreach (var atom in atoms)
        {
            if (lineHasAtom && line.Length + 1 + atom.Length > LineLimit)
            {
                head.Append(line).Append("\r\n");
                line.Clear();
            }
            line.Append(' ').Append(atom);
            lineHasAtom = true;
        }
        head.Append(line).Append("\r\n");
    }

    private static void Write(Stream stream, StringBuilder text) => Write(stream, text.ToString());

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}

/// <summary>Quoted-printable encoding (RFC 2045 §6.7) for text: CRLF hard breaks, soft breaks keep lines within 76.</summary>
public static class QuotedPrintable
{
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var output = new StringBuilder(data.Length * 3 / 2);
        var lineLength = 0;
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            if (b == '\r' && i + 1 < data.Length && data[i + 1] == '\n')
            {
                continue;
            }
            if (b == '\n')
            {
                output.Append("\r\n");
                lineLength = 0;
                continue;
            }
            var atLineEnd = i + 1 == data.Length || data[i + 1] == '\n' || (data[i + 1] == '\r' && i + 2 < data.Length && data[i + 2] == '\n');
            // Rule 3: white space at a line end is encoded so transports cannot strip it. A line starting
            // "From " or "." is encoded too, so mbox files and SMTP leave it alone.
            var literal = b is >= 33 and <= 126 && b != '='
                || b is (byte)' ' or (byte)'\t' && !atLineEnd;
            if (lineLength == 0 && (b == '.' || (b == 'F' && data[i..].StartsWith("From "u8))))
            {
                literal = false;
            }
            var token = literal ? ((char)b).ToString() : "=" + b.ToString("X2");
            // Rule 5: a soft break ("=" at the end) keeps each line at most 76 characters.
            var reserve = atLineEnd ? 0 : 1;
            if (lineLength + token.Length + reserve > 76)
            {
                output.Append("=\r\n");
                lineLength = 0;
            }
            output.Append(token);
            lineLength += token.Length;
        }
        return output.ToString();
    }
}
