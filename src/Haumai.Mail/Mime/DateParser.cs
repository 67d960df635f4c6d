using System.Globalization;

namespace Haumai.Mail.Mime;

/// <summary>
/// RFC 5322 §3.3 dates with the obsolete forms of §4.3: two-digit years, alphabetic zones (UT, GMT,
/// EST…, military letters as -0000), comments anywhere, missing day of week or seconds.
/// </summary>
public static class DateParser
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly Dictionary<string, int> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0,
        ["EST"] = -5, ["EDT"] = -4, ["CST"] = -6, ["CDT"] = -5,
        ["MST"] = -7, ["MDT"] = -6, ["PST"] = -8, ["PDT"] = -7,
    };

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        // Comments are CFWS; "(EDT)" after a numeric zone says nothing the number does not.
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length;)
        {
            if (value[i] == '(')
            {
                i = Lexer.SkipComment(value, i);
                text.Append(' ');
            }
            else
            {
                text.Append(value[i] == ',' ? ' ' : value[i]);
                i++;
            }
        }
        var parts = text.ToString().Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.Count > 0 && parts[0].Length >= 3 && char.IsLetter(parts[0][0]))
        {
            parts.RemoveAt(0); // day of week
        }
        if (parts.Count < 4)
        {
            return null;
        }
        int day, month;
        if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out day))
        {
            month = MonthIndex(parts[1]);
        }
        else
        {
            // "Jul 29 1996": month first (seen from old clients).
            month = MonthIndex(parts[0]);
            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out day))
            {
                return null;
            }
        }
        if (month < 0 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return null;
        }
        // §4.3: a two-digit year below 50 is 20xx, otherwise 19xx; three digits add 1900.
        year = year < 50 && parts[2].Length <= 2 ? 2000 + year : year < 1000 ? 1900 + year : year;
        var time = parts[3].Split(':');
        if (time.Length < 2
            || !int.TryParse(time[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            || !int.TryParse(time[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minute))
        {
            return null;
        }
        var second = 0;
        if (time.Length > 2 && !int.TryParse(time[2], NumberStyles.None, CultureInfo.InvariantCulture, out second))
        {
            return null;
        }
        var offset = TimeSpan.Zero;
        if (parts.Count > 4)
        {
            var zone = parts[4];
            if (zone.Length == 5 && zone[0] is '+' or '-' && int.TryParse(zone.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
            {
                var minutes = hhmm / 100 * 60 + hhmm % 100;
                offset = TimeSpan.FromMinutes(zone[0] == '-' ? -minutes : minutes);
            }
            else if (Zones.TryGetValue(zone, out var hours))
            {
                offset = TimeSpan.FromHours(hours);
            }
        }
        if (offset.Duration() >= TimeSpan.FromHours(14) || second > 60 || minute > 59 || hour > 23)
        {
            return null;
        }
        try
        {
            // A leap second (60) is folded into the next minute's start rather than rejected.
            return new DateTimeOffset(year, month + 1, day, hour, minute, Math.Min(second, 59), offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The RFC 5322 §3.3 form: "Tue, 12 Nov 2013 09:12:42 -0500".</summary>
    public static string Format(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("ddd, d MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + $"{sign}{offset.Hours:00}{offset.Minutes:00}";
    }

    private static int MonthIndex(string text) =>
        text.Length >= 3 ? Array.IndexOf(Months, text[..3].ToLowerInvariant()) : -1;
}
