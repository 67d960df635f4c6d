using System.Text;

namespace Haumai.Mail.Mime;

/// <summary>Parameters of Content-Type / Content-Disposition, names case-insensitive (RFC 2045 §5.1).</summary>
public sealed class ParameterList : IEnumerable<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _items = new();

    public int Count => _items.Count;

    /// <summary>The decoded value, or null when absent.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var item in _items)
            {
                if (string.Equals(item.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return item.Value;
                }
            }
            return null;
        }
    }

    internal void Set(string name, string value)
    {
        var index = _items.FindIndex(i => string.Equals(i.Key, name, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            _items[index] = new(name, value);
        }
        else
        {
            _items.Add(new(name, value));
        }
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Parses <c>*(";" attribute "=" value)</c> leniently: unquoted values with spaces, missing
    /// semicolons' neighbours, RFC 2047 words inside values (Outlook's habit), raw UTF-8, and RFC 2231
    /// extended parameters: <c>name*=charset'lang'%XX</c> and continuations <c>name*0*=</c>, <c>name*1=</c>.
    /// An RFC 2231 value wins over a plain one of the same name.
    /// </summary>
    public static ParameterList Parse(string text, int start)
    {
        var raw = new List<(string Name, string Value, bool Quoted)>();
        var i = start;
        while (i < text.Length)
        {
            // Skip to the next attribute: separators, white space and comments.
            while (i < text.Length && (text[i] == ';' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }
            if (i < text.Length && text[i] == '(')
            {
                i = Lexer.SkipComment(text, i);
                continue;
            }
            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ';')
            {
                i++;
            }
            var name = text[nameStart..i].Trim();
            if (i >= text.Length || text[i] == ';')
            {
                continue; // an attribute without a value carries nothing
            }
            i++; // '='
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            string value;
            var quoted = false;
            if (i < text.Length && text[i] == '"')
            {
                (value, i) = Lexer.ReadQuoted(text, i);
                quoted = true;
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ';')
                {
                    i++;
                }
                value = text[valueStart..i].Trim();
                // A trailing comment is CFWS, not value: "charset=us-ascii (Plain text)".
                var comment = value.IndexOf(" (", StringComparison.Ordinal);
                if (comment > 0)
                {
                    value = value[..comment].TrimEnd();
                }
            }
            if (name.Length > 0 && name.Length < 256)
            {
                raw.Add((name, value, quoted));
            }
        }
        return Assemble(raw);
    }

    private static ParameterList Assemble(List<(string Name, string Value, bool Quoted)> raw)
    {
        var list = new ParameterList();
        var extended = new Dictionary<string, SortedDictionary<int, (string Value, bool Encoded)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value, _) in raw)
        {
            var star = name.IndexOf('*');
            if (star < 0)
            {
                if (list[name] is null)
                {
                    list.Set(name, value.Contains("=?", StringComparison.Ordinal) ? Rfc2047.Decode(value) : value);
                }
                continue;
            }
            var baseName = name[..star];
            var rest = name[(star + 1)..];
            var encoded = rest.EndsWith('*') || rest.Length == 0;
            rest = rest.TrimEnd('*');
            var section = 0;
            if (rest.Length > 0 && (!int.TryParse(rest, System.Globalization.NumberStyles.None, null, out section) || section > 10_000))
            {
                continue;
            }
            if (!extended.TryGetValue(baseName, out var sections))
            {
                extended[baseName] = sections = new();
            }
            sections.TryAdd(section, (value, encoded));
        }
        foreach (var (name, sections) in extended)
        {
            list.Set(name, Rfc2231Value(sections));
        }
        return list;
    }

    /// <summary>RFC 2231 §3-4: sections joined in order; encoded ones are percent-decoded; the charset is in the first.</summary>
    private static string Rfc2231Value(SortedDictionary<int, (string Value, bool Encoded)> sections)
    {
        var bytes = new List<byte>();
        string? charset = null;
        var first = true;
        foreach (var (_, (value, encoded)) in sections)
        {
            var text = value;
            if (encoded && first)
            {
                var q1 = text.IndexOf('\'');
                var q2 = q1 >= 0 ? text.IndexOf('\'', q1 + 1) : -1;
                if (q2 > q1)
                {
                    charset = text[..q1];
                    text = text[(q2 + 1)..];
                }
            }
            first = false;
            if (!encoded)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text));
                continue;
            }
            for (var k = 0; k < text.Length; k++)
            {
                if (text[k] == '%' && k + 2 < text.Length && Rfc2047.IsHex(text[k + 1]) && Rfc2047.IsHex(text[k + 2]))
                {
                    bytes.Add((byte)((Rfc2047.HexValue(text[k + 1]) << 4) | Rfc2047.HexValue(text[k + 2])));
                    k += 2;
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(text[k].ToString()));
                }
            }
        }
        return Charsets.Decode(bytes.ToArray(), charset);
    }
}

/// <summary>
/// Content-Type (RFC 2045 §5). Type and subtype are lower-cased. A missing or syntactically invalid
/// field means <c>text/plain; charset=us-ascii</c> (§5.2), except where the context sets another
/// default (message/rfc822 inside multipart/digest, RFC 2046 §5.1.5).
/// </summary>
public sealed class ContentType
{
    public ContentType(string mediaType, string mediaSubtype, ParameterList? parameters = null)
    {
        MediaType = mediaType.ToLowerInvariant();
        MediaSubtype = mediaSubtype.ToLowerInvariant();
        Parameters = parameters ?? new ParameterList();
    }

    public string MediaType { get; }

    public string MediaSubtype { get; }

    /// <summary>"type/subtype", lower case.</summary>
    public string MimeType => MediaType + "/" + MediaSubtype;

    public ParameterList Parameters { get; }

    public string? Charset => Parameters["charset"];

    public string? Boundary => Parameters["boundary"];

    public string? Name => Parameters["name"];

    /// <summary>False when the field was present but not a valid type/subtype, so the default was used.</summary>
    public bool IsValid { get; private init; } = true;

    public bool Is(string type, string subtype) =>
        MediaType == type && (subtype == "*" || MediaSubtype == subtype);

    public static ContentType Default => new("text", "plain");

    public static ContentType Parse(string? value, ContentType? fallback = null)
    {
        fallback ??= Default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        var i = Lexer.SkipCfws(value, 0);
        var typeStart = i;
        while (i < value.Length && Lexer.IsTokenChar(value[i]))
        {
            i++;
        }
        var type = value[typeStart..i];
        i = Lexer.SkipCfws(value, i);
        string? subtype = null;
        if (i < value.Length && value[i] == '/')
        {
            i = Lexer.SkipCfws(value, i + 1);
            var subStart = i;
            while (i < value.Length && Lexer.IsTokenChar(value[i]))
            {
                i++;
            }
            subtype = value[subStart..i];
        }
        var parameters = ParameterList.Parse(value, i);
        if (type.Length == 0 || string.IsNullOrEmpty(subtype))
        {
            // §5.2: an invalid Content-Type is treated as the default; its parameters (a name) still help.
            return new ContentType(fallback.MediaType, fallback.MediaSubtype, parameters) { IsValid = false };
        }
        return new ContentType(type, subtype, parameters);
    }

    public override string ToString() => MimeType;
}

/// <summary>Content-Disposition (RFC 2183), with RFC 2231 parameters.</summary>
public sealed class ContentDisposition(string disposition, ParameterList parameters)
{
    /// <summary>"inline", "attachment" or another token, lower case.</summary>
    public string Disposition { get; } = disposition.ToLowerInvariant();

    public ParameterList Parameters { get; } = parameters;

    public string? FileName => Parameters["filename"];

    public bool IsAttachment => Disposition == "attachment";

    public bool IsInline => Disposition == "inline";

    public static ContentDisposition? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var i = Lexer.SkipCfws(value, 0);
        var start = i;
        while (i < value.Length && Lexer.IsTokenChar(value[i]))
        {
            i++;
        }
        return new ContentDisposition(value[start..i], ParameterList.Parse(value, i));
    }
}

/// <summary>Small lexical helpers shared by the structured-field parsers (RFC 5322 §3.2).</summary>
internal static class Lexer
{
    /// <summary>RFC 2045 §5.1 token: any CHAR except SPACE, CTLs and tspecials.</summary>
    public static bool IsTokenChar(char c) =>
        c > ' ' && c < 127 && "()<>@,;:\\\"/[]?=".IndexOf(c) < 0;

    /// <summary>Skips white space and (nested) comments. Iterative, so deep nesting cannot overflow the stack.</summary>
    public static int SkipCfws(string text, int i)
    {
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text[i] == '(')
            {
                i = SkipComment(text, i);
            }
            else
            {
                break;
            }
        }
        return i;
    }

    /// <summary>From an opening parenthesis to after its match (or the end).</summary>
    public static int SkipComment(string text, int i) => ReadComment(text, i, null);

    public static int ReadComment(string text, int i, StringBuilder? content)
    {
        var depth = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                content?.Append(text[i + 1]);
                i++;
                continue;
            }
            if (c == '(')
            {
                depth++;
                if (depth == 1)
                {
                    continue;
                }
            }
            else if (c == ')')
            {
                depth--;
                if (depth == 0)
                {
                    return i + 1;
                }
            }
            content?.Append(c);
        }
        return i;
    }

    /// <summary>A quoted-string from its opening quote; returns the unescaped content and the index after it.</summary>
    public static (string Value, int Next) ReadQuoted(string text, int i)
    {
        var value = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                value.Append(text[i + 1]);
                i += 2;
                continue;
            }
            if (c == '"')
            {
                return (value.ToString(), i + 1);
            }
            value.Append(c);
            i++;
        }
        return (value.ToString(), i);
    }
}
