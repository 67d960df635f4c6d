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
        var n = Decode(input, _scratch);
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
/// </summary>
internal sealed class QuotedPrintableDecoder : IContentDecoder
{
    private const int MaxCarry = 64 * 1024;
    private readonly List<byte> _line = new();

    private byte[] _output = new byte[256];

    public void Write(ReadOnlySpan<byte> input, ContentStorage sink)
    {
        foreach (var b in input)
        {
            _line.Add(b);
            if (b == '\n')
            {
                DecodeLine(sink, endOfLine: true);
            }
            else if (_line.Count >= MaxCarry)
            {
                DecodeLine(sink, endOfLine: false);
            }
        }
    }

    public void Flush(ContentStorage sink) => DecodeLine(sink, endOfLine: true);

    private void DecodeLine(ContentStorage sink, bool endOfLine)
    {
        if (_output.Length < _line.Count)
        {
            _output = new byte[Math.Max(_line.Count, _output.Length * 2)];
        }
        var output = _output.AsSpan();
        var line = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_line);
        var eol = 0;
        if (endOfLine)
        {
            if (line.Length > 0 && line[^1] == '\n')
            {
                eol = line.Length > 1 && line[^2] == '\r' ? 2 : 1;
            }
        }
        var body = line[..(line.Length - eol)];
        byte[]? keep = null;
        if (!endOfLine)
        {
            // Keep the last two bytes back in case they begin an =XX sequence.
            var hold = Math.Min(2, body.Length);
            keep = body[^hold..].ToArray();
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
            if (b == '=' && i + 2 < body.Length && Rfc2047.IsHex((char)body[i + 1]) && Rfc2047.IsHex((char)body[i + 2]))
            {
                output[n++] = (byte)((Rfc2047.HexValue((char)body[i + 1]) << 4) | Rfc2047.HexValue((char)body[i + 2]));
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
        _line.Clear();
        if (keep is not null)
        {
            _line.AddRange(keep);
        }
    }
}
