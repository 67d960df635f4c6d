namespace Haumai.Mail.Mime;

/// <summary>Limits that keep any input, however hostile, from hanging the parser or exhausting memory.</summary>
public sealed class MimeParserOptions
{
    /// <summary>Largest header block of one message or part, in bytes. Beyond it: <see cref="MimeParseException"/>.</summary>
    public int MaxHeaderBytes { get; init; } = 1024 * 1024;

    /// <summary>Most entities in one message, embedded messages included. Beyond it: <see cref="MimeParseException"/>.</summary>
    public int MaxParts { get; init; } = 10_000;

    /// <summary>Deepest nesting of multiparts and embedded messages; deeper content is kept as an opaque leaf.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Content larger than this moves from memory to a temporary file.</summary>
    public long MemoryThreshold { get; init; } = 256 * 1024;

    public static MimeParserOptions Default { get; } = new();
}

/// <summary>
/// The only exception the parser throws for bad input: a configured limit was exceeded. Every other
/// malformation is tolerated and degrades to the nearest sensible structure.
/// </summary>
public sealed class MimeParseException(string message) : Exception(message);

/// <summary>
/// A streaming MIME parser (RFC 5322, RFC 2045-2049). It reads the stream once, a buffer at a time,
/// scanning lines as bytes; it never needs the whole message in memory. Nesting is handled with an
/// explicit stack of open multiparts instead of recursion, so depth costs heap, not call stack.
/// Boundaries are matched per RFC 2046 §5.1.1: a line that is "--" + boundary (or + "--" for the close),
/// optionally followed by white space; the CRLF before it belongs to the delimiter, not the content.
/// An inner boundary is tried before an outer one, and an outer boundary also ends an unterminated inner
/// multipart.
/// </summary>
public sealed class MimeParser
{
    private readonly LineReader _reader;
    private readonly MimeParserOptions _options;
    private readonly List<Frame> _frames = new();
    private int _parts;

    public MimeParser(Stream stream, MimeParserOptions? options = null)
    {
        _reader = new LineReader(stream);
        _options = options ?? MimeParserOptions.Default;
    }

    private sealed record Frame(Multipart Entity, byte[] Boundary, int Depth, Slot Slot);

    private readonly record struct Hit(int Frame, bool Close)
    {
        public static Hit Eof => new(-1, false);

        public bool IsEof => Frame < 0;
    }

    /// <summary>Where a parsed entity goes: a message's body or a multipart's next (or a given) part.</summary>
    private sealed class Slot(MimeMessage? message, Multipart? parent)
    {
        private int _index = -1;

        public void Set(MimeEntity entity)
        {
            if (message is not null)
            {
                message.Body = entity;
            }
            else if (_index < 0)
            {
                _index = parent!.Parts.Count;
                parent.Parts.Add(entity);
            }
            else
            {
                parent!.Parts[_index] = entity;
            }
        }
    }

    /// <summary>Parses one message from the current position to the end of the stream.</summary>
    public MimeMessage ParseMessage()
    {
        _reader.SkipByteOrderMark();
        var headers = new HeaderList();
        ReadHeaders(headers, skipEnvelope: true);
        var message = new MimeMessage(headers);
        var body = (Headers: headers, Default: (ContentType?)null, Depth: 0, Slot: new Slot(message, null));
        while (true)
        {
            var hit = ReadBody(body.Headers, body.Default, body.Depth, body.Slot, out var inner);
            if (inner is not null)
            {
                body = (inner.Headers, null, body.Depth + 1, new Slot(inner, null));
                continue;
            }
            // The entity ended at a boundary (or the end): the boundary says what comes next.
            while (true)
            {
                if (hit.IsEof)
                {
                    for (var i = _frames.Count - 1; i >= 0; i--)
                    {
                        EndUnterminated(_frames[i]);
                    }
                    _frames.Clear();
                    return message;
                }
                for (var i = _frames.Count - 1; i > hit.Frame; i--)
                {
                    EndUnterminated(_frames[i]);
                    _frames.RemoveAt(i);
                }
                var frame = _frames[hit.Frame];
                if (!hit.Close)
                {
                    var childHeaders = new HeaderList();
                    ReadHeaders(childHeaders, skipEnvelope: false);
                    // RFC 2046 §5.1.5: in a digest, a part without Content-Type is a message/rfc822.
                    var childDefault = frame.Entity.ContentType.MediaSubtype == "digest" ? new ContentType("message", "rfc822") : null;
                    body = (childHeaders, childDefault, frame.Depth + 1, new Slot(null, frame.Entity));
                    break;
                }
                _frames.RemoveAt(hit.Frame);
                var epilogue = NewStorage();
                hit = ReadContent(new IdentityDecoder(), epilogue);
                frame.Entity.EpilogueStorage = epilogue;
            }
        }
    }

    /// <summary>
    /// Creates the entity for headers just read and reads its body. For a multipart, reads the preamble
    /// and pushes a frame; for an embedded message, reads its headers and returns it in
    /// <paramref name="inner"/> so the caller continues with its body.
    /// </summary>
    private Hit ReadBody(HeaderList headers, ContentType? defaultType, int depth, Slot slot, out MimeMessage? inner)
    {
        inner = null;
        if (++_parts > _options.MaxParts)
        {
            throw new MimeParseException($"The message has more than {_options.MaxParts} parts.");
        }
        var type = ContentType.Parse(headers["Content-Type"], defaultType);
        var encoding = headers["Content-Transfer-Encoding"]?.Trim().ToLowerInvariant();
        var encoded = encoding is "base64" or "quoted-printable";
        if (depth < _options.MaxDepth && type.MediaType == "multipart" && !encoded && ValidBoundary(type.Boundary) is { } boundary)
        {
            // The type just parsed is the one the entity would parse again on first use.
            var multipart = new Multipart(headers, defaultType) { ContentType = type };
            slot.Set(multipart);
            _frames.Add(new Frame(multipart, boundary, depth, slot));
            var preamble = NewStorage();
            var hit = ReadContent(new IdentityDecoder(), preamble);
            multipart.PreambleStorage = preamble;
            return hit;
        }
        if (depth < _options.MaxDepth && type.MediaType == "message" && type.MediaSubtype is "rfc822" or "global" && !encoded)
        {
            var innerHeaders = new HeaderList();
            inner = new MimeMessage(innerHeaders);
            slot.Set(new MessagePart(headers, defaultType, inner) { ContentType = type });
            ReadHeaders(innerHeaders, skipEnvelope: false);
            return default;
        }
        var content = NewStorage();
        IContentDecoder decoder = encoding switch
        {
            "base64" => new Base64Decoder(),
            "quoted-printable" => new QuotedPrintableDecoder(),
            _ => new IdentityDecoder(),
        };
        var end = ReadContent(decoder, content);
        decoder.Flush(content);
        // RFC 2046 §5.1.1 requires a boundary; without a usable one the body is shown as text.
        var part = new MimePart(headers, defaultType, content)
        {
            ContentType = type.MediaType == "multipart" ? new ContentType("text", "plain", type.Parameters) : type,
        };
        slot.Set(part);
        return end;
    }

    /// <summary>
    /// A multipart whose close delimiter never came. If no part started and the preamble holds text, the
    /// boundary was wrong: the body becomes one text/plain part, so nothing is lost.
    /// </summary>
    private static void EndUnterminated(Frame frame)
    {
        var multipart = frame.Entity;
        if (multipart.Parts.Count > 0 || multipart.PreambleStorage is not { Length: > 0 } preamble)
        {
            return;
        }
        var text = preamble.ToArray();
        if (text.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return;
        }
        var part = new MimePart(multipart.Headers, null, preamble)
        {
            ContentType = new ContentType("text", "plain", multipart.ContentType.Parameters),
        };
        multipart.PreambleStorage = null;
        frame.Slot.Set(part);
    }

    private static byte[]? ValidBoundary(string? boundary)
    {
        // RFC 2046 §5.1.1: 1 to 70 characters, not ending in space. Longer ones are accepted up to the
        // line length limit (real mailers exceed 70); an empty one is kept because "--" then delimits.
        if (boundary is null)
        {
            return null;
        }
        boundary = boundary.TrimEnd(' ', '\t');
        if (boundary.Length > 998)
        {
            return null;
        }
        return System.Text.Encoding.UTF8.GetBytes(boundary);
    }

    private ContentStorage NewStorage() => new(_options.MemoryThreshold);

    /// <summary>
    /// Reads a header block (RFC 5322 §2.2) up to the blank line. A line that is not a field (no colon,
    /// or an invalid name) ends the block and is given back as the first body line; so is a boundary line
    /// (a part that has no blank line after its headers).
    /// </summary>
    private void ReadHeaders(HeaderList headers, bool skipEnvelope)
    {
        var total = 0;
        string? name = null;
        var value = new List<byte>();
        var first = true;
        var skipping = false;
        while (_reader.Read(out var segment, out var lineStart))
        {
            total += segment.Length;
            if (total > _options.MaxHeaderBytes)
            {
                throw new MimeParseException($"A header block is larger than {_options.MaxHeaderBytes} bytes.");
            }
            if (!lineStart)
            {
                if (!skipping && name is not null)
                {
                    value.AddRange(segment);
                }
                continue;
            }
            skipping = false;
            if (first && skipEnvelope && segment.StartsWith("From "u8))
            {
                // The mbox envelope line ("From sender date", RFC 4155) is not a header field.
                skipping = true;
                first = false;
                continue;
            }
            first = false;
            if (IsBlank(segment))
            {
                Commit();
                return;
            }
            if (MatchBoundary(segment).Frame >= 0)
            {
                Commit();
                _reader.Unread();
                return;
            }
            if (segment[0] is (byte)' ' or (byte)'\t')
            {
                if (name is not null)
                {
                    value.AddRange(segment);
                }
                continue;
            }
            var colon = segment.IndexOf((byte)':');
            if (colon > 0 && IsFieldName(segment[..colon].TrimEnd(" \t"u8)))
            {
                Commit();
                name = System.Text.Encoding.ASCII.GetString(segment[..colon].TrimEnd(" \t"u8));
                value.AddRange(segment[(colon + 1)..]);
                continue;
            }
            Commit();
            _reader.Unread();
            return;
        }
        Commit();

        void Commit()
        {
            if (name is null)
            {
                return;
            }
            var bytes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(value).TrimEnd("\r\n"u8);
            headers.Add(name, Charsets.DecodeGuess(bytes));
            name = null;
            value.Clear();
        }
    }

    /// <summary>§3.6.8 field-name: printable US-ASCII except colon.</summary>
    private static bool IsFieldName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }
        foreach (var b in name)
        {
            if (b is < 33 or > 126)
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) =>
        line.Length == 1 && line[0] == '\n' || line.Length == 2 && line[0] == '\r' && line[1] == '\n';

    /// <summary>
    /// Reads content lines into the sink until a boundary of an open multipart (or the end). The line
    /// break before a boundary is held back and dropped: it belongs to the delimiter (RFC 2046 §5.1.1).
    /// </summary>
    private Hit ReadContent(IContentDecoder decoder, ContentStorage sink)
    {
        ReadOnlySpan<byte> crlf = "\r\n"u8;
        var pendingEol = 0; // 0 none, 1 "\n", 2 "\r\n"
        // Whole runs of lines at a time: only a line that starts with "--" can be a boundary, and such
        // a line always comes on its own; the decoder sees the same bytes in fewer, larger pieces.
        while (_reader.ReadLines(out var segment, out var lineStart))
        {
            if (lineStart && _frames.Count > 0 && segment.Length >= 2 && segment[0] == '-' && segment[1] == '-')
            {
                var hit = MatchBoundary(segment);
                if (hit.Frame >= 0)
                {
                    return hit;
                }
            }
            if (pendingEol > 0)
            {
                decoder.Write(crlf[(2 - pendingEol)..], sink);
                pendingEol = 0;
            }
            if (segment[^1] == '\n')
            {
                pendingEol = segment.Length >= 2 && segment[^2] == '\r' ? 2 : 1;
                decoder.Write(segment[..^pendingEol], sink);
            }
            else
            {
                decoder.Write(segment, sink);
            }
        }
        if (pendingEol > 0)
        {
            decoder.Write(crlf[(2 - pendingEol)..], sink);
        }
        return Hit.Eof;
    }

    private Hit MatchBoundary(ReadOnlySpan<byte> line)
    {
        if (_frames.Count == 0 || line.Length < 2 || line[0] != '-' || line[1] != '-')
        {
            return Hit.Eof;
        }
        var rest = line[2..].TrimEnd(" \t\r\n"u8);
        for (var i = _frames.Count - 1; i >= 0; i--)
        {
            var boundary = _frames[i].Boundary;
            if (rest.SequenceEqual(boundary))
            {
                return new Hit(i, false);
            }
            if (rest.Length == boundary.Length + 2 && rest.StartsWith(boundary) && rest.EndsWith("--"u8))
            {
                return new Hit(i, true);
            }
        }
        return Hit.Eof;
    }
}

/// <summary>
/// Reads a stream as lines of bytes through one buffer. A line longer than the buffer comes in
/// several segments; only the first is at the start of a line. The last segment read can be given back.
/// </summary>
internal sealed class LineReader(Stream stream, int bufferSize = 64 * 1024)
{
    private readonly byte[] _buffer = new byte[BufferSize(stream, bufferSize)];
    private int _start;
    private int _end;
    private bool _eof;
    private int _lastStart = -1;
    private bool _lastAtLineStart;
    private bool _atLineStart = true;
    private long _base = stream.CanSeek ? stream.Position : 0;

    /// <summary>
    /// A typical message is a few kilobytes: when the stream says how much is left, a buffer that holds
    /// it all (plus one byte, so the end is seen without a second fill) is enough, and zeroing 64 KiB
    /// per message would cost more than parsing it. Never under 4 KiB, so a boundary line (at most
    /// about 1,000 bytes) always fits even if the stream turns out longer than it said.
    /// </summary>
    private static int BufferSize(Stream stream, int bufferSize)
    {
        if (!stream.CanSeek)
        {
            return bufferSize;
        }
        var left = stream.Length - stream.Position;
        return left + 1 < bufferSize ? (int)Math.Max(left + 1, Math.Min(4096, bufferSize)) : bufferSize;
    }

    /// <summary>The stream offset of the next byte to be read (meaningful for seekable streams).</summary>
    public long Position => _base + _start;

    /// <summary>
    /// Copies raw bytes (not line by line) into <paramref name="destination"/>; returns 0 at the end.
    /// Used by the mbox reader for bodies delimited by Content-Length.
    /// </summary>
    public int ReadRaw(Span<byte> destination)
    {
        if (_end == _start)
        {
            Fill(1);
        }
        var n = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        _lastStart = -1;
        if (n > 0)
        {
            _atLineStart = _buffer[_start - 1] == '\n';
        }
        return n;
    }

    /// <summary>
    /// For a seekable stream: the bytes at an absolute offset, read without disturbing the buffer or
    /// the stream position. Returns fewer bytes near the end.
    /// </summary>
    public int PeekAt(long offset, Span<byte> destination)
    {
        if (!stream.CanSeek)
        {
            return -1;
        }
        var saved = stream.Position;
        try
        {
            if (offset > stream.Length)
            {
                return -1;
            }
            stream.Position = offset;
            var total = 0;
            int n;
            while (total < destination.Length && (n = stream.Read(destination[total..])) > 0)
            {
                total += n;
            }
            return total;
        }
        finally
        {
            stream.Position = saved;
        }
    }

    public void SkipByteOrderMark()
    {
        Fill(3);
        if (_end - _start >= 3 && _buffer[_start] == 0xEF && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF)
        {
            _start += 3;
        }
    }

    /// <summary>True when the next bytes are <paramref name="prefix"/> (reads ahead as needed).</summary>
    public bool Peek(ReadOnlySpan<byte> prefix)
    {
        Fill(prefix.Length);
        return _buffer.AsSpan(_start, _end - _start).StartsWith(prefix);
    }

    public bool Read(out ReadOnlySpan<byte> segment, out bool lineStart)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var lf = available.IndexOf((byte)'\n');
            if (lf >= 0 || (_eof && available.Length > 0) || available.Length == _buffer.Length)
            {
                var length = lf >= 0 ? lf + 1 : available.Length;
                segment = available[..length];
                lineStart = _atLineStart;
                _lastStart = _start;
                _lastAtLineStart = _atLineStart;
                _start += length;
                _atLineStart = segment[^1] == '\n';
                return true;
            }
            if (_eof)
            {
                segment = default;
                lineStart = _atLineStart;
                _lastStart = -1;
                return false;
            }
            // One more byte is enough to make progress; a network stream is not made to fill the buffer.
            Fill(available.Length + 1);
        }
    }

    /// <summary>
    /// Like <see cref="Read"/>, but a complete line that does not start with "--" comes together with
    /// the complete lines buffered after it, up to (not including) the next line that starts with "--".
    /// The segment then ends with a line break, and no line inside it starts with "--".
    /// </summary>
    public bool ReadLines(out ReadOnlySpan<byte> segment, out bool lineStart)
    {
        if (!Read(out segment, out lineStart))
        {
            return false;
        }
        if (!lineStart || segment[^1] != '\n' || segment.StartsWith("--"u8))
        {
            return true;
        }
        // From the line break that ended this line: the next "\n--" marks a line to give out alone.
        var rest = _buffer.AsSpan(_start - 1, _end - _start + 1);
        var dash = rest.IndexOf("\n--"u8);
        var limit = dash >= 0 ? _start + dash : _end;
        var lastLf = _buffer.AsSpan(_start, limit - _start).LastIndexOf((byte)'\n');
        if (lastLf >= 0)
        {
            _start += lastLf + 1;
            segment = _buffer.AsSpan(_lastStart, _start - _lastStart);
        }
        return true;
    }

    /// <summary>Gives back the segment last read, so the next <see cref="Read"/> returns it again.</summary>
    public void Unread()
    {
        if (_lastStart >= 0)
        {
            _start = _lastStart;
            _atLineStart = _lastAtLineStart;
            _lastStart = -1;
        }
    }

    /// <summary>Reads until at least <paramref name="wanted"/> bytes are buffered, the buffer is full, or the stream ends.</summary>
    private void Fill(int wanted)
    {
        if (_end - _start >= wanted || _eof)
        {
            return;
        }
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _lastStart = _lastStart >= _start ? _lastStart - _start : -1;
            _base += _start;
            _start = 0;
        }
        while (_end - _start < wanted && _end < _buffer.Length)
        {
            var n = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _eof = true;
                return;
            }
            _end += n;
        }
    }
}
