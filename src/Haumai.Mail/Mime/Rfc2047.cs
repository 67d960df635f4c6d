using System.Text;

namespace Haumai.Mail.Mime;

/// <summary>
/// RFC 2047 encoded words: <c>=?charset?B|Q?text?=</c>. Decoding is lenient in the ways real mail
/// needs: any charset case, a language suffix (RFC 2231 §5), encoded words glued to other text, and
/// adjacent words of one charset joined before decoding so a multi-byte character split across two
/// words survives. A malformed word stays as it was written.
/// </summary>
public static class Rfc2047
{
    /// <summary>Decodes every encoded word in a header value (unstructured text or a phrase).</summary>
    public static string Decode(string text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains("=?", StringComparison.Ordinal))
        {
            return text;
        }
        var result = new StringBuilder(text.Length);
        // Bytes of consecutive encoded words in one charset, decoded together when the run ends.
        var pending = new List<byte>();
        string? pendingCharset = null;
        var i = 0;
        var lastWasWord = false;
        while (i < text.Length)
        {
            var start = text.IndexOf("=?", i, StringComparison.Ordinal);
            if (start < 0)
            {
                Flush();
                result.Append(text, i, text.Length - i);
                break;
            }
            if (!TryParseWord(text, start, out var end, out var charset, out var bytes))
            {
                Flush();
                result.Append(text, i, start + 2 - i);
                i = start + 2;
                lastWasWord = false;
                continue;
            }
            var between = text.AsSpan(i, start - i);
            // §6.2: linear white space between two encoded words is not displayed.
            var skipBetween = lastWasWord && between.IsWhiteSpace();
            if (!skipBetween)
            {
                Flush();
                result.Append(between);
            }
            if (pendingCharset is not null && !string.Equals(pendingCharset, charset, StringComparison.OrdinalIgnoreCase))
            {
                Flush();
            }
            pendingCharset = charset;
            pending.AddRange(bytes);
            i = end;
            lastWasWord = true;
        }
        Flush();
        return result.ToString();

        void Flush()
        {
            if (pendingCharset is not null)
            {
                result.Append(Charsets.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pending), pendingCharset));
                pending.Clear();
                pendingCharset = null;
            }
        }
    }

    private static bool TryParseWord(string text, int start, out int end, out string charset, out byte[] bytes)
    {
        end = 0;
        charset = "";
        bytes = [];
        var q1 = text.IndexOf('?', start + 2);
        if (q1 < 0 || q1 + 2 >= text.Length || text[q1 + 2] != '?')
        {
            return false;
        }
        charset = text[(start + 2)..q1];
        if (charset.Length == 0 || charset.Length > 64 || charset.Any(c => c <= ' ' || c == '?' || c > '~'))
        {
            return false;
        }
        var encoding = char.ToUpperInvariant(text[q1 + 1]);
        if (encoding is not ('B' or 'Q'))
        {
            return false;
        }
        var payloadStart = q1 + 3;
        var close = text.IndexOf("?=", payloadStart, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }
        var payload = text.AsSpan(payloadStart, close - payloadStart);
        // An encoded word never contains white space (§2); if it does, this was not one.
        if (payload.IndexOfAny(" \t\r\n") >= 0)
        {
            return false;
        }
        var decoded = encoding == 'B' ? DecodeB(payload) : DecodeQ(payload);
        if (decoded is null)
        {
            return false;
        }
        bytes = decoded;
        end = close + 2;
        return true;
    }

    private static byte[]? DecodeB(ReadOnlySpan<char> payload)
    {
        var decoder = new Base64Decoder();
        var buffer = new byte[payload.Length];
        var ascii = new byte[payload.Length];
        for (var k = 0; k < payload.Length; k++)
        {
            var c = payload[k];
            if (c > 127)
            {
                return null;
            }
            ascii[k] = (byte)c;
        }
        var n = decoder.Decode(ascii, buffer);
        return decoder.InvalidCount > 0 && n == 0 ? null : buffer[..n];
    }

    private static byte[]? DecodeQ(ReadOnlySpan<char> payload)
    {
        var output = new byte[payload.Length];
        var n = 0;
        for (var k = 0; k < payload.Length; k++)
        {
            var c = payload[k];
            if (c == '_')
            {
                output[n++] = 0x20; // §4.2 (2): underscore is a space.
            }
            else if (c == '=' && k + 2 < payload.Length && IsHex(payload[k + 1]) && IsHex(payload[k + 2]))
            {
                output[n++] = (byte)((HexValue(payload[k + 1]) << 4) | HexValue(payload[k + 2]));
                k += 2;
            }
            else if (c > 127)
            {
                return null;
            }
            else
            {
                output[n++] = (byte)c;
            }
        }
        return output[..n];
    }

    internal static bool IsHex(char c) => c is >= '0' and <= '9' or >= 'A' and <= 'F' or >= 'a' and <= 'f';

    internal static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>
    /// Encodes text as B encoded words in UTF-8, each at most 75 characters (§2) and each holding whole
    /// characters (§5: a multi-byte character is never split). The first word is limited to
    /// <paramref name="firstMax"/> characters so it fits on the line after the header name.
    /// </summary>
    public static List<string> EncodeWords(string text, int firstMax = 75, int max = 75)
    {
        const string prefix = "=?utf-8?B?";
        var words = new List<string>();
        var limit = Math.Clamp(firstMax, prefix.Length + 2 + 8, 75);
        var runes = text.EnumerateRunes().ToList();
        var index = 0;
        Span<byte> runeBytes = stackalloc byte[4];
        while (index < runes.Count)
        {
            var budgetBytes = (limit - prefix.Length - 2) / 4 * 3;
            var bytes = new List<byte>();
            while (index < runes.Count)
            {
                var count = runes[index].EncodeToUtf8(runeBytes);
                if (bytes.Count + count > budgetBytes && bytes.Count > 0)
                {
                    break;
                }
                bytes.AddRange(runeBytes[..count].ToArray());
                index++;
            }
            words.Add(prefix + Convert.ToBase64String(bytes.ToArray()) + "?=");
            limit = max;
        }
        return words;
    }

    /// <summary>True when the text needs encoding to travel in a header (non-ASCII or control characters).</summary>
    public static bool NeedsEncoding(string text) =>
        text.Any(c => c > '~' || (c < ' ' && c != '\t')) || text.Contains("=?", StringComparison.Ordinal);
}
