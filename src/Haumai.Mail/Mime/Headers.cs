using System.Collections;

namespace Haumai.Mail.Mime;

/// <summary>
/// One header field (RFC 5322 §2.2). <see cref="RawValue"/> is the field body as written (folding kept,
/// 8-bit bytes read as UTF-8 per RFC 6532 when valid, else windows-1252); <see cref="Value"/> is unfolded
/// (§2.2.3) and trimmed; <see cref="DecodedValue"/> additionally has RFC 2047 encoded words decoded.
/// </summary>
public sealed class Header(string name, string rawValue)
{
    private string? _value;

    public string Name { get; } = name;

    public string RawValue { get; } = rawValue;

    public string Value => _value ??= Unfold(RawValue);

    public string DecodedValue => Rfc2047.Decode(Value);

    /// <summary>§2.2.3: unfolding removes each CRLF that is immediately followed by white space.</summary>
    public static string Unfold(string raw)
    {
        if (!raw.Contains('\n') && !raw.Contains('\r'))
        {
            return raw.Trim();
        }
        var chars = new System.Text.StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (c is not ('\r' or '\n'))
            {
                chars.Append(c);
            }
        }
        return chars.ToString().Trim();
    }

    public override string ToString() => $"{Name}: {Value}";
}

/// <summary>The ordered header fields of a message or part. Names compare case-insensitively (§1.2.2).</summary>
public sealed class HeaderList : IReadOnlyList<Header>
{
    private readonly List<Header> _headers = new();

    public int Count => _headers.Count;

    public Header this[int index] => _headers[index];

    public void Add(string name, string rawValue) => _headers.Add(new Header(name, rawValue));

    /// <summary>The first field with this name, or null.</summary>
    public Header? Get(string name)
    {
        foreach (var header in _headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return header;
            }
        }
        return null;
    }

    /// <summary>The unfolded value of the first field with this name, or null.</summary>
    public string? this[string name] => Get(name)?.Value;

    public IEnumerable<Header> GetAll(string name) =>
        _headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool Contains(string name) => Get(name) is not null;

    public IEnumerator<Header> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
