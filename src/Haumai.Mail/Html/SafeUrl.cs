using System.Text;

namespace Haumai.Mail.Html;

/// <summary>URL checks shared by the sanitiser and the text converter.</summary>
public static class SafeUrl
{
    /// <summary>
    /// The URL as a browser reads it: leading and trailing controls and spaces gone, tabs and line
    /// breaks removed anywhere (which is how <c>java&amp;#9;script:</c> works on a browser).
    /// </summary>
    public static string Clean(string url)
    {
        var builder = new StringBuilder(url.Length);
        foreach (var c in url.AsSpan().Trim(" \t\n\r\f\v\0\u00A0"))
        {
            if (c is '\t' or '\n' or '\r' || char.IsControl(c))
            {
                continue;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>The scheme in lower case, or null for a relative URL.</summary>
    public static string? Scheme(string cleaned)
    {
        var colon = cleaned.IndexOf(':');
        if (colon <= 0)
        {
            return null;
        }
        for (var i = 0; i < colon; i++)
        {
            var c = cleaned[i];
            var ok = char.IsAsciiLetter(c) || (i > 0 && (char.IsAsciiDigit(c) || c is '+' or '-' or '.'));
            if (!ok)
            {
                return null;
            }
        }
        return cleaned[..colon].ToLowerInvariant();
    }

    /// <summary>An absolute http or https URL with a host.</summary>
    public static bool IsHttp(string cleaned) =>
        Scheme(cleaned) is "http" or "https"
        && Uri.TryCreate(cleaned, UriKind.Absolute, out var uri) && uri.Host.Length > 0;

    /// <summary>A link target worth keeping: http, https or mailto, cleaned; otherwise null.</summary>
    public static string? Link(string? href)
    {
        if (href is null)
        {
            return null;
        }
        var cleaned = Clean(href);
        return Scheme(cleaned) switch
        {
            "http" or "https" when IsHttp(cleaned) => cleaned,
            "mailto" when cleaned.Length > "mailto:".Length => cleaned,
            _ => null,
        };
    }

    /// <summary>A URL handed back by a caller's cid resolver: relative or http(s), never another scheme.</summary>
    public static string? Resolved(string? url)
    {
        if (url is null)
        {
            return null;
        }
        var cleaned = Clean(url);
        if (cleaned.Length == 0)
        {
            return null;
        }
        var scheme = Scheme(cleaned);
        return scheme is null && !cleaned.StartsWith("//", StringComparison.Ordinal) ? cleaned
            : scheme is "http" or "https" && IsHttp(cleaned) ? cleaned
            : null;
    }

    private static readonly string[] DataImageTypes = ["image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp"];

    /// <summary>A base64 data: URL of a raster image type no longer than <paramref name="maxLength"/>.</summary>
    public static bool IsSafeDataImage(string cleaned, int maxLength)
    {
        if (cleaned.Length > maxLength || !cleaned.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var comma = cleaned.IndexOf(',');
        if (comma < 0)
        {
            return false;
        }
        var meta = cleaned[5..comma].ToLowerInvariant().Split(';', StringSplitOptions.TrimEntries);
        if (!DataImageTypes.Contains(meta[0]) || meta[^1] != "base64")
        {
            return false;
        }
        foreach (var c in cleaned.AsSpan(comma + 1))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or ' '))
            {
                return false;
            }
        }
        return true;
    }
}
