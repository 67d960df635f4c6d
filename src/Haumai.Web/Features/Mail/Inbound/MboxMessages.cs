namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>
/// The raw bytes of each message of an mbox, for <c>mail import</c>. Haumai.Mail's
/// <see cref="Haumai.Mail.Mbox.MboxReader"/> hands out parsed messages only, while an inbound
/// message is stored as the bytes it arrived as; so this splits the file the same way (a
/// message starts at each line beginning "From ", RFC 4155) and undoes
/// mboxrd quoting ("&gt;From " loses one "&gt;"). Content-Length-delimited variants are not read
/// here: such files should go through the mail server, or be converted first.
/// </summary>
public static class MboxMessages
{
    public static IEnumerable<byte[]> Read(Stream stream)
    {
        using var reader = new BufferedStream(stream, 1 << 16);
        var current = new MemoryStream();
        var started = false;
        var first = true;
        foreach (var raw in Lines(reader))
        {
            // A UTF-8 byte order mark before the first "From " line (editors add one) is not part of the message.
            var line = first && raw.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? raw[3..] : raw;
            first = false;
            // As MboxReader does: any line starting "From " separates (writers escape those inside bodies),
            // since real files do not always have the blank line RFC 4155 asks for before it.
            var isSeparator = line.AsSpan().StartsWith("From "u8);
            if (isSeparator)
            {
                if (started && current.Length > 0)
                {
                    yield return TrimSeparatorBlank(current.ToArray());
                }
                current = new MemoryStream();
                started = true;
                continue;
            }
            if (!started)
            {
                // Not an mbox after all (or junk before the first "From "): one message.
                started = true;
            }
            var span = line.AsSpan();
            var gt = 0;
            while (gt < span.Length && span[gt] == '>')
            {
                gt++;
            }
            if (gt > 0 && span[gt..].StartsWith("From "u8))
            {
                current.Write(span[1..]);
            }
            else
            {
                current.Write(span);
            }
        }
        if (current.Length > 0)
        {
            yield return TrimSeparatorBlank(current.ToArray());
        }
    }

    /// <summary>The blank line before the next "From " belongs to the separator, not to the message.</summary>
    private static byte[] TrimSeparatorBlank(byte[] message)
    {
        var end = message.Length;
        if (end >= 2 && message[end - 1] == '\n' && message[end - 2] == '\n')
        {
            end--;
        }
        else if (end >= 4 && message[end - 1] == '\n' && message[end - 2] == '\r' && message[end - 3] == '\n' && message[end - 4] == '\r')
        {
            end -= 2;
        }
        return end == message.Length ? message : message[..end];
    }

    private static IEnumerable<byte[]> Lines(Stream stream)
    {
        var line = new MemoryStream();
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            line.WriteByte((byte)b);
            if (b == '\n')
            {
                yield return line.ToArray();
                line.SetLength(0);
            }
        }
        if (line.Length > 0)
        {
            yield return line.ToArray();
        }
    }
}
