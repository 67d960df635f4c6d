using System.Globalization;
using System.Text;
using Haumai.Mail.Mime;

namespace Haumai.Mail.Mbox;

/// <summary>The mbox family (RFC 4155 and the qmail/mutt descriptions of its variants).</summary>
public enum MboxFormat
{
    /// <summary>
    /// mboxrd unescaping, and a Content-Length header is trusted when the stream is seekable and the
    /// length lands exactly on the next "From " line or the end (so mboxcl/mboxcl2 files read right).
    /// </summary>
    Auto,

    /// <summary>Only "&gt;From " is unescaped (one level).</summary>
    Mboxo,

    /// <summary>"&gt;+From " loses one "&gt;".</summary>
    Mboxrd,

    /// <summary>Bodies delimited by Content-Length; "&gt;From " lines are still unescaped.</summary>
    Mboxcl,

    /// <summary>Bodies delimited by Content-Length; nothing is escaped.</summary>
    Mboxcl2,
}

/// <summary>
/// Reads the messages of an mbox file one after another, streaming each into the MIME parser: no
/// message (and no file) is held whole in memory. A message starts at a line beginning "From "
/// (RFC 4155 §2); the blank line before the next "From " line belongs to the separator.
/// </summary>
public sealed class MboxReader(Stream stream, MboxFormat format = MboxFormat.Auto, MimeParserOptions? options = null)
{
    private readonly LineReader _reader = new(stream);

    /// <summary>The "From " line of the message last returned, without its line break.</summary>
    public string? Envelope { get; private set; }

    /// <summary>The messages, parsed lazily in file order. Dispose each when done with it.</summary>
    public IEnumerable<MimeMessage> ReadMessages()
    {
        _reader.SkipByteOrderMark();
        while (_reader.Read(out var line, out var lineStart))
        {
            if (IsBlankLine(line))
            {
                continue;
            }
            if (lineStart && line.StartsWith("From "u8))
            {
                Envelope = Encoding.UTF8.GetString(line.TrimEnd("\r\n"u8));
                // The rest of an over-long envelope line is not part of the message.
                while (line[^1] != '\n' && _reader.Read(out line, out _))
                {
                }
            }
            else
            {
                Envelope = null;
                _reader.Unread();
            }
            var body = new MessageStream(_reader, format);
            var message = new MimeParser(body, options).ParseMessage();
            body.Drain();
            yield return message;
        }
    }

    private static bool IsBlankLine(ReadOnlySpan<byte> line) =>
        line.Length == 1 && line[0] == '\n' || line.Length == 2 && line[0] == '\r' && line[1] == '\n';

    /// <summary>Reads one message's bytes from the shared reader, unescaped, up to the next separator.</summary>
    private sealed class MessageStream(LineReader reader, MboxFormat format) : Stream
    {
        private byte[] _pending = [];
        private int _pendingStart;
        private int _pendingEnd;
        private bool _done;
        private bool _inHeaders = true;
        private long? _contentLength;
        private long _remaining = -1;
        private bool _blankHeld;
        private static readonly byte[] Blank = "\n"u8.ToArray();
        private static readonly byte[] BlankCrlf = "\r\n"u8.ToArray();
        private byte[] _heldBlank = Blank;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Drain()
        {
            var scratch = new byte[8192];
            while (Read(scratch, 0, scratch.Length) > 0)
            {
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> destination)
        {
            while (true)
            {
                if (_pendingEnd > _pendingStart)
                {
                    var n = Math.Min(destination.Length, _pendingEnd - _pendingStart);
                    _pending.AsSpan(_pendingStart, n).CopyTo(destination);
                    _pendingStart += n;
                    return n;
                }
                if (_done)
                {
                    return 0;
                }
                if (_remaining >= 0)
                {
                    if (_remaining == 0)
                    {
                        _done = true;
                        return 0;
                    }
                    var n = reader.ReadRaw(destination[..(int)Math.Min(destination.Length, _remaining)]);
                    if (n == 0)
                    {
                        _done = true;
                        return 0;
                    }
                    _remaining -= n;
                    return n;
                }
                NextLine();
            }
        }

        private void NextLine()
        {
            if (!reader.Read(out var line, out var lineStart))
            {
                // The blank line at the very end is the last separator (RFC 4155 §2).
                _done = true;
                return;
            }
            if (lineStart && line.StartsWith("From "u8))
            {
                reader.Unread();
                _done = true;
                return;
            }
            if (_blankHeld)
            {
                _blankHeld = false;
                Emit(_heldBlank);
            }
            if (lineStart && !_inHeaders && IsBlankLine(line))
            {
                _heldBlank = line.Length == 2 ? BlankCrlf : Blank;
                _blankHeld = true;
                return;
            }
            if (lineStart && format != MboxFormat.Mboxcl2 && line.Length > 5 && line[0] == '>')
            {
                var quotes = 0;
                while (quotes < line.Length && line[quotes] == '>')
                {
                    quotes++;
                }
                var unescape = format == MboxFormat.Mboxo ? quotes == 1 : true;
                if (unescape && line[quotes..].StartsWith("From "u8))
                {
                    line = line[1..];
                }
            }
            if (_inHeaders && lineStart)
            {
                if (IsBlankLine(line))
                {
                    _inHeaders = false;
                    Emit(line);
                    if (_contentLength is { } length && Trusted(length))
                    {
                        _remaining = length;
                    }
                    return;
                }
                if (line.Length > 15 && Encoding.ASCII.GetString(line[..15]).Equals("Content-Length:", StringComparison.OrdinalIgnoreCase)
                    && long.TryParse(Encoding.ASCII.GetString(line[15..]).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    _contentLength = value;
                }
            }
            Emit(line);
        }

        /// <summary>
        /// Content-Length is only believed where the format says so, or (Auto) where it lands exactly
        /// on a separator: many programs copy the header from elsewhere and never update it.
        /// </summary>
        private bool Trusted(long length)
        {
            if (format is MboxFormat.Mboxcl or MboxFormat.Mboxcl2)
            {
                return true;
            }
            if (format != MboxFormat.Auto)
            {
                return false;
            }
            Span<byte> next = stackalloc byte[9];
            var n = reader.PeekAt(reader.Position + length, next);
            if (n < 0)
            {
                return false;
            }
            var tail = next[..n];
            for (var skipped = 0; skipped < 2; skipped++)
            {
                if (tail.IsEmpty || tail.StartsWith("From "u8))
                {
                    return true;
                }
                if (tail.StartsWith("\r\n"u8))
                {
                    tail = tail[2..];
                }
                else if (tail[0] == '\n')
                {
                    tail = tail[1..];
                }
                else
                {
                    return false;
                }
            }
            return tail.IsEmpty || tail.StartsWith("From "u8);
        }

        private void Emit(ReadOnlySpan<byte> bytes)
        {
            if (_pendingStart == _pendingEnd)
            {
                _pendingStart = _pendingEnd = 0;
            }
            if (_pending.Length < _pendingEnd + bytes.Length)
            {
                Array.Resize(ref _pending, Math.Max(_pendingEnd + bytes.Length, 4096));
            }
            bytes.CopyTo(_pending.AsSpan(_pendingEnd));
            _pendingEnd += bytes.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
