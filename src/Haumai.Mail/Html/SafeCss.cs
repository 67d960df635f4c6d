using System.Text;
using System.Text.RegularExpressions;

namespace Haumai.Mail.Html;

/// <summary>Reduces a style attribute to an allow-list of properties whose values cannot load or run anything.</summary>
public static partial class SafeCss
{
    private static readonly HashSet<string> Properties = new(StringComparer.Ordinal)
    {
        "color", "background-color", "font-weight", "font-style", "text-decoration", "text-align",
        "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
        "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
        "border", "border-top", "border-right", "border-bottom", "border-left",
        "border-color", "border-style", "border-width",
    };

    private static readonly string[] AllowedFunctions = ["rgb(", "rgba(", "hsl(", "hsla("];

    /// <summary>The declarations that survive, joined as <c>name: value; …</c>, or null when none does.</summary>
    public static string? Filter(string? style)
    {
        if (string.IsNullOrWhiteSpace(style) || style.Length > 4096)
        {
            return null;
        }
        // Escapes, comments, quotes and at-rules are how filters are evaded; a declaration list that
        // has them is not worth saving.
        if (style.IndexOfAny(['\\', '"', '\'', '<', '>', '@', '{', '}', '`']) >= 0 || style.Contains("/*", StringComparison.Ordinal))
        {
            return null;
        }
        var output = new StringBuilder();
        foreach (var declaration in style.Split(';'))
        {
            var colon = declaration.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var name = declaration[..colon].Trim().ToLowerInvariant();
            var value = declaration[(colon + 1)..].Trim();
            if (Properties.Contains(name) && IsSafeValue(value))
            {
                output.Append(output.Length > 0 ? "; " : "").Append(name).Append(": ").Append(value);
            }
        }
        return output.Length > 0 ? output.ToString() : null;
    }

    /// <summary>A value made of words, numbers, colours and rgb()/hsl() only.</summary>
    public static bool IsSafeValue(string value)
    {
        if (value.Length is 0 or > 200 || !ValueCharacters().IsMatch(value))
        {
            return false;
        }
        var lower = value.ToLowerInvariant();
        if (lower.Contains("url", StringComparison.Ordinal) || lower.Contains("expression", StringComparison.Ordinal)
            || lower.Contains("javascript", StringComparison.Ordinal) || lower.Contains("behavio", StringComparison.Ordinal))
        {
            return false;
        }
        for (var i = lower.IndexOf('('); i >= 0; i = lower.IndexOf('(', i + 1))
        {
            var start = i;
            while (start > 0 && char.IsAsciiLetter(lower[start - 1]))
            {
                start--;
            }
            var function = lower[start..(i + 1)];
            if (!AllowedFunctions.Contains(function))
            {
                return false;
            }
        }
        return true;
    }

    [GeneratedRegex(@"^[a-zA-Z0-9#%.,\s()+\-]+$")]
    private static partial Regex ValueCharacters();
}
