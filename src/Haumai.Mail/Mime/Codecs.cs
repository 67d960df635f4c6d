namespace Haumai.Mail.Mime;

/// <summary>A streaming content-transfer-encoding decoder (RFC 2045 §6): input may arrive in any chunks.</summary>
internal interface IContentDecoder
{
    /// <summary>Decodes a chunk of encoded content into the sink.</summary>
    void Write(ReadOnlySpan<byte> input, ContentStorage sink);

    /// <summary>Emits whatever is held back at the end of the content.</summary>
    void Flush(ContentStorage sink);
}

/// <summary>7bit, 8bit, binary and unknown encodings: bytes pass through unchanged (RFC 2045 §6.2, §6.4).</summary>
internal sealed class IdentityDecoder : IContentDecoder
{
    public void Write(ReadOnlySpan<byte> input, ContentStorage sink) => sink.Write(input);

    public void Flush(ContentStorage sink)
    {
    }
}

/// <summary>
/// Base64 (RFC 2045 §6.8). Characters outside the alphabet are ignored, as the RFC requires; padding
/// ends a quantum, so base64 blocks concatenated by broken encoders still decode.
/// </summary>
internal sealed class Base64Decoder : IContentDecoder
{
    private static readonly sbyte[] Table = BuildTable();
    private static readonly System.Buffers.SearchValues<byte> StandardAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);
    private int _bits;
    private int _count;
    private byte[] _scratch = [];

    public int InvalidCount { get; private set; }

    private static sbyte[] BuildTable()
    {
        var table = new sbyte[256];
        Array.Fill(table, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < alphabet.Length; i++)
        {
            table[alphabet[i]] = (sbyte)i;
        }
        // base64url letters appear in the wild; accepting them costs nothing.
        table['-'] = 62;
        table['_'] = 63;
        return table;
    }

    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var n = 0;
        foreach (var b in input)
        {
            var v = Table[b];
            if (v < 0)
            {
                if (b == '=')
                {
                    _bits = 0;
                    _count = 0;
                }
                else if (b is not ((byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t'))
                {
                    InvalidCount++;
                }
                continue;
            }
            _bits = (_bits << 6) | (byte)v;
            _count++;
            if (_count == 2)
            {
                output[n++] = (byte)(_bits >> 4);
            }
            else if (_count == 3)
            {
                output[n++] = (byte)(_bits >> 2);
            }
            else if (_count == 4)
            {
                output[n++] = (byte)_bits;
                _bits = 0;
                _count = 0;
            }
        }
        return n;
    }

    public void Write(ReadOnlySpan<byte> input, ContentStorage sink)
    {
        if (_scratch.Length < input.Length)
        {
            _scratch = new byte[Math.Max(input.Length, 4096)];
        }
        var n = 0;
        while (!input.IsEmpty)
        {
            if (_count == 0)
            {
                // Fast path: the whole quanta before the next byte outside the standard alphabet (a
                // 76-character line is 19 of them) go through the vectorised decoder. The prefix is cut
                // first because the vectorised decoder has its own rules for white space.
                var clean = input.IndexOfAnyExcept(StandardAlphabet);
                var whole = (clean < 0 ? input.Length : clean) & ~3;
                if (whole > 0)
                {
                    System.Buffers.Text.Base64.DecodeFromUtf8(input[..whole], _scratch.AsSpan(n), out var consumed, out var written, isFinalBlock: false);
                    n += written;
                    input = input[consumed..];
                }
            }
            // The loop below takes what the fast path left (a partial quantum, padding, line breaks,
            // garbage, base64url) exactly as it would have from the start, up to and including the
            // next byte outside the alphabet; then the fast path may resume on the next line.
            var stop = input.IndexOfAnyExcept(StandardAlphabet);
            var take = stop < 0 ? input.Length : stop + 1;
            n += Decode(input[..take], _scratch.AsSpan(n));
            input = input[take..];
        }
        sink.Write(_scratch.AsSpan(0, n));
    }

    public void Flush(ContentStorage sink)
    {
        _bits = 0;
        _count = 0;
    }
}

/// <summary>
/// Quoted-printable (RFC 2045 §6.7), decoded a line at a time so trailing white space (rule 3, added
/// by transports) is dropped and soft line breaks (rule 5) joined. A malformed <c>=</c> sequence is kept
/// literally, as §6.7 suggests for robustness. Lines longer than 64 KiB are decoded in pieces.
/// Input is gathered into the line buffer by span copies, not byte by byte (Vietnamese text escapes
/// most of its bytes, so the per-byte cost is what counts).
/// </summary>
internal sealed class QuotedPrintableDecoder : IContentDecoder
{
    private const int MaxCarry = 64 * 1024;

    /// <summary>Hex digit values (either case), -1 for any other byte: one lookup instead of range tests per escape.</summary>
    private static readonly sbyte[] Hex = BuildHex();
    private byte[] _line = new byte[256];
    private int _length;
    private byte[] _output = new byte[256];

    public void Write(ReadOnlySpan<byte> input, ContentStorage sink)
    {
        while (!input.IsEmpty)
        {
            var lf = input.IndexOf((byte)'\n');
            var take = lf >= 0 ? lf + 1 : input.Length;
            // As the byte-by-byte original did: a line end within the carry limit ends the line; otherwise
            // the carry fills up to the limit and is decoded as a piece.
            take = Math.Min(take, MaxCarry - _length);
            Append(input[..take]);
            input = input[take..];
            if (_line[_length - 1] == '\n')
            {
                DecodeLine(sink, endOfLine: true);
            }
            else if (_length >= MaxCarry)
            {
                DecodeLine(sink, endOfLine: false);
            }
        }
    }

    public void Flush(ContentStorage sink) => DecodeLine(sink, endOfLine: true);

    private static sbyte[] BuildHex()
    {
        var table = new sbyte[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = (sbyte)(Rfc2047.IsHex((char)i) ? Rfc2047.HexValue((char)i) : -1);
        }
        return table;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_length + bytes.Length, _line.Length * 2));
        }
        bytes.CopyTo(_line.AsSpan(_length));
        _length += bytes.Length;
    }

    private void DecodeLine(ContentStorage sink, bool endOfLine)
    {
        if (_output.Length < _length)
        {
            _output = new byte[Math.Max(_length, _output.Length * 2)];
        }
        var output = _output.AsSpan();
        var line = _line.AsSpan(0, _length);
        var eol = 0;
        if (endOfLine)
        {
            if (line.Length > 0 && line[^1] == '\n')
            {
                eol = line.Length > 1 && line[^2] == '\r' ? 2 : 1;
            }
        }
        var body = line[..(line.Length - eol)];
        var hold = 0;
        if (!endOfLine)
        {
            // Keep back an =X or = at the end: it may begin an =XX sequence the next piece completes.
            // (Holding back the last two bytes regardless split "=C3" into a literal "=" and "C3".)
            hold = body.Length >= 2 && body[^2] == '=' ? 2 : body.Length >= 1 && body[^1] == '=' ? 1 : 0;
            body = body[..^hold];
        }
        else
        {
            body = body.TrimEnd(" \t"u8);
        }
        var soft = false;
        if (endOfLine && body.Length > 0 && body[^1] == '=')
        {
            soft = true;
            body = body[..^1];
        }
        var n = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var b = body[i];
            int high, low;
            if (b == '=' && i + 2 < body.Length && (high = Hex[body[i + 1]]) >= 0 && (low = Hex[body[i + 2]]) >= 0)
            {
                output[n++] = (byte)((high << 4) | low);
                i += 2;
            }
            else
            {
                output[n++] = b;
            }
        }
        if (!soft && eol > 0)
        {
            // A hard line break is a line break of the content, written as the source wrote it.
            line[^eol..].CopyTo(output[n..]);
            n += eol;
        }
        sink.Write(output[..n]);
        if (hold > 0)
        {
            line[^hold..].CopyTo(_line);
        }
        _length = hold;
    }
}
