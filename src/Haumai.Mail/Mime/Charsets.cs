using System.Collections.Concurrent;
using System.Text;
using System.Text.Unicode;

namespace Haumai.Mail.Mime;

/// <summary>
/// Maps MIME charset names (RFC 2045 §5.1, IANA registry) to .NET encodings and decodes text so that a
/// missing, unknown or lying charset never fails: bytes that are valid UTF-8 are read as UTF-8, anything
/// else as windows-1252 (a superset of ISO-8859-1 that every byte maps into).
/// </summary>
public static class Charsets
{
    private static readonly ConcurrentDictionary<string, Encoding?> Cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names seen in real mail that .NET does not know under that spelling.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["utf8"] = "utf-8",
        ["utf-8-sig"] = "utf-8",
        ["latin1"] = "iso-8859-1",
        ["latin-1"] = "iso-8859-1",
        ["ascii"] = "us-ascii",
        ["ansi_x3.4-1968"] = "us-ascii",
        ["ks_c_5601-1987"] = "ks_c_5601-1987",
        ["ks_c_5601"] = "ks_c_5601-1987",
        ["x-sjis"] = "shift_jis",
        ["sjis"] = "shift_jis",
        ["x-euc-jp"] = "euc-jp",
        ["x-gbk"] = "gbk",
        ["cp936"] = "gbk",
        ["cp1258"] = "windows-1258",
        ["cp1252"] = "windows-1252",
        ["cp1251"] = "windows-1251",
        ["cp1250"] = "windows-1250",
        ["cp850"] = "ibm850",
        ["big5-hkscs"] = "big5",
        ["x-mac-roman"] = "macintosh",
        ["unicode-1-1-utf-7"] = "utf-7",
    };

    /// <summary>Windows-1252: the fallback for 8-bit text that is not UTF-8.</summary>
    public static Encoding Fallback { get; } = CreateFallback();

    private static Encoding CreateFallback()
    {
        // Runs first (a static initializer): the shared framework holds the legacy code pages but only
        // exposes them once this provider is registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    /// <summary>The encoding for a MIME charset name, or null when it is unknown. Never throws.</summary>
    public static Encoding? GetEncoding(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }
        return Cache.GetOrAdd(charset.Trim().Trim('"', '\''), static name =>
        {
            // RFC 2231 §5 allows a language suffix on the charset of encoded words: "utf-8*vi".
            var star = name.IndexOf('*');
            if (star > 0)
            {
                name = name[..star];
            }
            if (Aliases.TryGetValue(name, out var alias))
            {
                name = alias;
            }
            try
            {
                var encoding = Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
                // UTF-7 is obsolete and unsafe (RFC 2152 content smuggling); treat as unknown.
                return encoding.CodePage == 65000 ? null : encoding;
            }
            catch (ArgumentException)
            {
                return null;
            }
        });
    }

    /// <summary>
    /// Decodes bytes in the declared charset. Without a usable charset, or when the declared one is
    /// US-ASCII but the bytes are 8-bit (a common lie), UTF-8 is tried first and windows-1252 last.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        var encoding = GetEncoding(charset);
        if (encoding is null || encoding.CodePage == 20127)
        {
            return DecodeGuess(bytes);
        }
        if (encoding.CodePage == 65001)
        {
            // Declared UTF-8 that is not valid UTF-8 was almost always written in a legacy code page.
            return DecodeUtf8OrFallback(bytes);
        }
        return encoding.GetString(bytes);
    }

    /// <summary>UTF-8 when the bytes are valid UTF-8 (RFC 6532 headers, undeclared bodies), else windows-1252.</summary>
    public static string DecodeGuess(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Ascii.IsValid(bytes))
        {
            return Encoding.ASCII.GetString(bytes);
        }
        return DecodeUtf8OrFallback(bytes);
    }

    /// <summary>
    /// Validates and transcodes in one pass into a pooled buffer (UTF-8 never needs more UTF-16 units
    /// than it has bytes), then copies into the string: Encoding.GetString would scan the bytes twice,
    /// once to count and once to convert, and for Vietnamese text neither scan is a cheap ASCII run.
    /// </summary>
    private static string DecodeUtf8OrFallback(ReadOnlySpan<byte> bytes)
    {
        var buffer = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            return Utf8.ToUtf16(bytes, buffer, out _, out var written, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done
                ? new string(buffer, 0, written)
                : Fallback.GetString(bytes);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
        }
    }

}
