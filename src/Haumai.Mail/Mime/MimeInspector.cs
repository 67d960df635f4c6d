using System.Text;
using Haumai.Mail.Mbox;

namespace Haumai.Mail.Mime;

/// <summary>
/// What Haumai made of a message, for admins: per message a block of From, To, Subject (decoded) and
/// Date, then the MIME tree, one "Content-Type: type/subtype" line per entity, indented three spaces
/// per level, an embedded message's tree nested under its message/rfc822 line. Blocks are separated
/// by one empty line. Input starting with "From " (after an optional BOM) is read as an mbox.
/// </summary>
public static class MimeInspector
{
    private const string Indent = "   ";

    public static string Inspect(Stream stream, MimeParserOptions? options = null)
    {
        var output = new StringWriter { NewLine = "\n" };
        Inspect(stream, output, options);
        return output.ToString();
    }

    public static void Inspect(Stream stream, TextWriter output, MimeParserOptions? options = null)
    {
        var origin = stream.CanSeek ? stream.Position : -1;
        var (start, isMbox) = Sniff(stream);
        Stream input = stream;
        if (origin >= 0)
        {
            // Seekable input stays seekable, so Content-Length in an mbox can be verified.
            stream.Position = origin;
        }
        else
        {
            input = new PrefixedStream(start, stream);
        }
        if (!isMbox)
        {
            using var message = new MimeParser(input, options).ParseMessage();
            Write(message, output);
            return;
        }
        var first = true;
        foreach (var message in new MboxReader(input, MboxFormat.Auto, options).ReadMessages())
        {
            using (message)
            {
                if (!first)
                {
                    output.WriteLine();
                }
                first = false;
                Write(message, output);
            }
        }
    }

    /// <summary>Writes one message's block.</summary>
    public static void Write(MimeMessage message, TextWriter output)
    {
        output.WriteLine(Line("From", string.Join(", ", message.From)));
        output.WriteLine(Line("To", string.Join(", ", message.To)));
        output.WriteLine(Line("Subject", message.Subject ?? ""));
        var date = message.Date;
        output.WriteLine(Line("Date", date is { } d ? DateParser.Format(d) : message.Headers["Date"] ?? ""));
        // An explicit stack of (entity, level): embedded messages may nest deeply.
        var stack = new Stack<(MimeEntity Entity, int Level)>();
        stack.Push((message.Body, 0));
        while (stack.Count > 0)
        {
            var (entity, level) = stack.Pop();
            output.Write(string.Concat(Enumerable.Repeat(Indent, level)));
            output.WriteLine("Content-Type: " + entity.ContentType.MimeType);
            switch (entity)
            {
                case Multipart multipart:
                    for (var i = multipart.Parts.Count - 1; i >= 0; i--)
                    {
                        stack.Push((multipart.Parts[i], level + 1));
                    }
                    break;
                case MessagePart embedded:
                    stack.Push((embedded.Message.Body, level + 1));
                    break;
            }
        }
    }

    private static string Line(string name, string value)
    {
        // Decoded text may hold control characters (even line breaks); they must not break the layout.
        var clean = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            clean.Append(char.IsControl(c) ? ' ' : c);
        }
        return (name + ": " + clean).TrimEnd();
    }

    private static (byte[] Start, bool IsMbox) Sniff(Stream stream)
    {
        var start = new byte[8];
        var n = 0;
        int read;
        while (n < start.Length && (read = stream.Read(start, n, start.Length - n)) > 0)
        {
            n += read;
        }
        var bytes = start.AsSpan(0, n);
        var text = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        return (start[..n], text.StartsWith("From "u8));
    }

    /// <summary>The sniffed bytes followed by the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int _offset;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_offset < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _offset);
                prefix.AsSpan(_offset, n).CopyTo(buffer);
                _offset += n;
                return n;
            }
            return rest.Read(buffer);
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
