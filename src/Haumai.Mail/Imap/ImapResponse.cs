using System.Globalization;
using System.Text;

namespace Haumai.Mail.Imap;

internal enum ImapTokenKind
{
    /// <summary>An atom, number or flag (\Seen), or a fetch item name with its section (BODY[HEADER]&lt;0&gt;).</summary>
    Atom,

    /// <summary>A quoted string, unescaped.</summary>
    Quoted,

    /// <summary>A literal kept in memory.</summary>
    Literal,

    /// <summary>A literal that was streamed to a caller's stream instead of being kept; only its length remains.</summary>
    StreamedLiteral,

    List,
    Nil,
}

/// <summary>One value of a server response (RFC 3501 §9 formal syntax, the parts a client needs).</summary>
internal sealed class ImapToken
{
    private ImapToken(ImapTokenKind kind, string? text = null, byte[]? bytes = null, List<ImapToken>? items = null, long length = 0)
    {
        Kind = kind;
        Text = text;
        Bytes = bytes;
        Items = items;
        Length = length;
    }

    public static ImapToken Nil { get; } = new(ImapTokenKind.Nil);

    public static ImapToken Atom(string text) => new(ImapTokenKind.Atom, text);

    public static ImapToken Quoted(string text) => new(ImapTokenKind.Quoted, text);

    public static ImapToken Literal(byte[] bytes) => new(ImapTokenKind.Literal, bytes: bytes, length: bytes.Length);

    public static ImapToken Streamed(long length) => new(ImapTokenKind.StreamedLiteral, length: length);

    public static ImapToken List(List<ImapToken> items) => new(ImapTokenKind.List, items: items);

    public ImapTokenKind Kind { get; }

    /// <summary>Atom or quoted text.</summary>
    public string? Text { get; }

    /// <summary>Literal bytes.</summary>
    public byte[]? Bytes { get; }

    public List<ImapToken>? Items { get; }

    public long Length { get; }

    /// <summary>The value as a string (atoms, quoted strings, literals decoded as UTF-8); null for NIL, lists and streamed literals.</summary>
    public string? AsString() => Kind switch
    {
        ImapTokenKind.Atom or ImapTokenKind.Quoted => Text,
        ImapTokenKind.Literal => Encoding.UTF8.GetString(Bytes!),
        _ => null,
    };

    public bool IsAtom(string value) => Kind == ImapTokenKind.Atom && string.Equals(Text, value, StringComparison.OrdinalIgnoreCase);

    public bool TryGetNumber(out ulong value)
    {
        value = 0;
        return Kind == ImapTokenKind.Atom && ulong.TryParse(Text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public override string ToString() => Kind switch
    {
        ImapTokenKind.Atom => Text!,
        ImapTokenKind.Quoted => $"\"{Text}\"",
        ImapTokenKind.Literal => $"{{{Length}}}{AsString()}",
        ImapTokenKind.StreamedLiteral => $"{{{Length}}}<streamed>",
        ImapTokenKind.List => $"({string.Join(' ', Items!)})",
        _ => "NIL",
    };
}

internal enum ImapResponseKind
{
    Tagged,
    Untagged,
    Continuation,
}

/// <summary>
/// One complete server response. Status responses (OK, NO, BAD, PREAUTH, BYE; tagged or untagged)
/// have <see cref="Status"/>, an optional bracketed response code and text; other untagged responses
/// ("* 3 EXISTS", "* CAPABILITY …", "* 5 FETCH (…)") have their values in <see cref="Data"/>.
/// </summary>
internal sealed class ImapResponse
{
    public required ImapResponseKind Kind { get; init; }

    public string? Tag { get; init; }

    /// <summary>OK, NO, BAD, PREAUTH or BYE in upper case; null for data responses and continuations.</summary>
    public string? Status { get; init; }

    /// <summary>The response code's name ("UIDVALIDITY", "CAPABILITY" …), upper case; null when none.</summary>
    public string? Code { get; init; }

    /// <summary>What follows the response code's name inside the brackets, as sent.</summary>
    public string? CodeArguments { get; init; }

    /// <summary>Human-readable text of a status response or a continuation.</summary>
    public string Text { get; init; } = "";

    public List<ImapToken> Data { get; init; } = [];

    /// <summary>For "* n NAME …" responses: NAME (EXISTS, EXPUNGE, FETCH …); for "* NAME …": NAME.</summary>
    public string? DataName =>
        Data.Count >= 2 && Data[0].TryGetNumber(out _) ? Data[1].Text?.ToUpperInvariant()
        : Data.Count >= 1 ? Data[0].Text?.ToUpperInvariant()
        : null;

    public bool TryGetNumber(out ulong number)
    {
        number = 0;
        return Data.Count >= 2 && Data[0].TryGetNumber(out number);
    }

    public override string ToString() => Kind switch
    {
        ImapResponseKind.Continuation => $"+ {Text}",
        _ when Status is not null => $"{Tag ?? "*"} {Status} {(Code is null ? "" : $"[{Code}{(string.IsNullOrEmpty(CodeArguments) ? "" : " " + CodeArguments)}] ")}{Text}",
        _ => $"* {string.Join(' ', Data)}",
    };
}
