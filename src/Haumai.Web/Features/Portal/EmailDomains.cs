using System.Globalization;
using System.Text.RegularExpressions;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// One spelling for email domains, so that a claimed "Công-ty.VN" and an address at
/// "công-ty.vn" meet: lowercase, no leading "@" or trailing dot, internationalized names in their
/// ASCII (xn--) form.
/// </summary>
public static partial class EmailDomains
{
    /// <summary>
    /// Free mailbox providers: anyone can get an address there, so an address proves nothing about
    /// the organization and such a domain can never be claimed.
    /// </summary>
    public static readonly IReadOnlySet<string> PublicWebmail = new HashSet<string>(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com",
        "yahoo.com", "yahoo.com.vn", "ymail.com", "rocketmail.com",
        "outlook.com", "outlook.com.vn", "hotmail.com", "live.com", "msn.com",
        "icloud.com", "me.com", "mac.com",
        "aol.com", "proton.me", "protonmail.com", "zoho.com", "zohomail.com",
        "yandex.com", "yandex.ru", "mail.ru", "gmx.com", "gmx.net", "web.de",
        "qq.com", "163.com", "126.com", "naver.com", "daum.net",
    };

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>The normalized domain, or null when the text is not a domain name with at least two labels.</summary>
    public static string? Normalize(string? text)
    {
        var s = (text ?? "").Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant();
        if (s.Length == 0 || s.Length > OrganizationDomain.MaxLength)
        {
            return null;
        }
        try
        {
            s = Idn.GetAscii(s);
        }
        catch (ArgumentException)
        {
            return null;
        }
        return DomainName().IsMatch(s) && s.Length <= OrganizationDomain.MaxLength ? s : null;
    }

    /// <summary>The normalized domain of an email address, or null.</summary>
    public static string? OfEmail(string? email)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        return at < 0 ? null : Normalize(email![(at + 1)..]);
    }

    public static bool IsPublicWebmail(string normalizedDomain) => PublicWebmail.Contains(normalizedDomain);

    /// <summary>A stored (ASCII) domain as people write it: "công-ty.vn" rather than its xn-- form.</summary>
    public static string Display(string normalizedDomain)
    {
        try
        {
            return Idn.GetUnicode(normalizedDomain);
        }
        catch (ArgumentException)
        {
            return normalizedDomain;
        }
    }

    // Labels of letters, digits and inner hyphens, 1-63 long; at least two labels; a top-level label that is not all digits.
    [GeneratedRegex(@"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainName();
}
