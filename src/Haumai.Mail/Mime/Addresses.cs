using System.Text;

namespace Haumai.Mail.Mime;

/// <summary>An address in an address list: a mailbox or a group (RFC 5322 §3.4).</summary>
public abstract class Address
{
    /// <summary>The display name, RFC 2047 decoded; null when absent.</summary>
    public string? Name { get; init; }

    /// <summary>Renders the address for display (not for a header: use the writer for that).</summary>
    public abstract override string ToString();

    internal static string FormatName(string name)
    {
        // Quote when the name holds specials (§3.2.3), so the display reads as the header would.
        var needsQuotes = name.Any(c => "()<>[]:;@\\,.\"".Contains(c));
        return needsQuotes ? "\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"" : name;
    }
}

/// <summary>A mailbox: optional display name and addr-spec.</summary>
public sealed class MailboxAddress : Address
{
    public MailboxAddress(string? name, string address)
    {
        Name = string.IsNullOrWhiteSpace(name) ? null : name;
        Address = address;
    }

    /// <summary>local-part@domain (may be empty for a name-only entry in a broken header).</summary>
    public string Address { get; }

    public string LocalPart => Address.LastIndexOf('@') is var at and >= 0 ? Address[..at] : Address;

    public string Domain => Address.LastIndexOf('@') is var at and >= 0 ? Address[(at + 1)..] : "";

    public override string ToString() =>
        Name is null ? Address : Address.Length == 0 ? FormatName(Name) : $"{FormatName(Name)} <{Address}>";
}

/// <summary>A group: <c>display-name ":" [mailbox-list] ";"</c>.</summary>
public sealed class GroupAddress : Address
{
    public GroupAddress(string name, IReadOnlyList<MailboxAddress> members)
    {
        Name = name;
        Members = members;
    }

    public IReadOnlyList<MailboxAddress> Members { get; }

    public override string ToString() => $"{FormatName(Name ?? "")}:{(Members.Count == 0 ? "" : " " + string.Join(", ", Members))};";
}

/// <summary>
/// Parses address lists (RFC 5322 §3.4) with the obsolete forms of §4.4 (routes, missing commas, CFWS
/// anywhere) and the common breakages: bare names, unbalanced brackets, <c>addr (Name)</c> comments,
/// encoded words in names and even inside quoted strings. It is a single pass over a token list with no
/// recursion, so a header of thousands of words cannot exhaust the stack.
/// </summary>
public static class AddressParser
{
    private enum Kind { Word, Quoted, Special, Literal, Comment }

    private readonly record struct Token(Kind Kind, string Text, char Special = '\0');

    public static IReadOnlyList<Address> ParseList(string? value)
    {
        var result = new List<Address>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return result;
        }
        var tokens = Tokenize(value);
        var i = 0;
        List<MailboxAddress>? group = null;
        string? groupName = null;
        while (i < tokens.Count)
        {
            // A phrase (or local part) runs to the next structural special.
            var phrase = new List<Token>();
            string? comment = null;
            while (i < tokens.Count && !(tokens[i].Kind == Kind.Special && tokens[i].Special is '<' or ':' or ',' or ';' or '@'))
            {
                if (tokens[i].Kind == Kind.Comment)
                {
                    comment ??= tokens[i].Text;
                }
                else
                {
                    phrase.Add(tokens[i]);
                }
                i++;
            }
            var stop = i < tokens.Count ? tokens[i].Special : '\0';
            switch (stop)
            {
                case ':' when group is null:
                    groupName = DecodePhrase(phrase);
                    group = new List<MailboxAddress>();
                    i++;
                    continue;
                case ':':
                    i++; // a colon inside a group (no nesting in §3.4): ignore
                    continue;
                case '<':
                {
                    i++;
                    // obs-route (§4.4): "@a,@b:" before the addr-spec.
                    var inner = new List<Token>();
                    while (i < tokens.Count && !(tokens[i].Kind == Kind.Special && tokens[i].Special == '>'))
                    {
                        if (tokens[i].Kind != Kind.Comment)
                        {
                            inner.Add(tokens[i]);
                        }
                        i++;
                    }
                    i++; // '>'
                    var colon = inner.FindLastIndex(t => t.Kind == Kind.Special && t.Special == ':');
                    if (colon >= 0 && inner.Count > 0 && inner[0].Special == '@')
                    {
                        inner.RemoveRange(0, colon + 1);
                    }
                    var name = DecodePhrase(phrase);
                    Add(new MailboxAddress(name.Length > 0 ? name : comment is null ? null : Rfc2047.Decode(comment), Join(inner)));
                    // Anything up to the next separator (comments, junk) belongs to nothing.
                    SkipToSeparator(tokens, ref i);
                    break;
                }
                case '@':
                {
                    i++;
                    var domain = new StringBuilder();
                    var afterAtom = false;
                    while (i < tokens.Count && !(tokens[i].Kind == Kind.Special && tokens[i].Special is ',' or ';' or '<' or ':'))
                    {
                        var token = tokens[i];
                        if (token.Kind == Kind.Comment)
                        {
                            comment ??= token.Text;
                        }
                        else if (token.Kind is Kind.Word or Kind.Literal)
                        {
                            if (afterAtom)
                            {
                                break; // "a@b c@d": a missing comma; the next word starts another address
                            }
                            domain.Append(token.Text);
                            afterAtom = true;
                        }
                        else if (token.Special is '.' or '@')
                        {
                            domain.Append(token.Text);
                            afterAtom = false;
                        }
                        i++;
                    }
                    if (i < tokens.Count && tokens[i].Special is '<' or ':')
                    {
                        // "a@b <c@d>": the first part was really a display name.
                        var name = Join(phrase) + "@" + domain;
                        i++;
                        var inner = new List<Token>();
                        while (i < tokens.Count && !(tokens[i].Kind == Kind.Special && tokens[i].Special == '>'))
                        {
                            if (tokens[i].Kind != Kind.Comment)
                            {
                                inner.Add(tokens[i]);
                            }
                            i++;
                        }
                        i++;
                        Add(new MailboxAddress(name, Join(inner)));
                        SkipToSeparator(tokens, ref i);
                        break;
                    }
                    Add(new MailboxAddress(comment is null ? null : Rfc2047.Decode(comment.Trim()), Join(phrase) + "@" + domain));
                    break;
                }
                default:
                    if (phrase.Count > 0)
                    {
                        // A bare word is a local part without domain; several words are a name without an address.
                        if (phrase.Count == 1 && phrase[0].Kind == Kind.Word && !phrase[0].Text.Contains("=?", StringComparison.Ordinal))
                        {
                            Add(new MailboxAddress(comment, phrase[0].Text));
                        }
                        else
                        {
                            Add(new MailboxAddress(DecodePhrase(phrase), ""));
                        }
                    }
                    break;
            }
            if (i < tokens.Count && tokens[i].Kind == Kind.Special && tokens[i].Special is ',' or ';')
            {
                if (tokens[i].Special == ';' && group is not null)
                {
                    result.Add(new GroupAddress(groupName ?? "", group));
                    group = null;
                }
                i++;
            }
        }
        if (group is not null)
        {
            result.Add(new GroupAddress(groupName ?? "", group));
        }
        return result;

        void Add(MailboxAddress mailbox)
        {
            if (group is not null)
            {
                group.Add(mailbox);
            }
            else
            {
                result.Add(mailbox);
            }
        }
    }

    /// <summary>All mailboxes of a list, groups flattened.</summary>
    public static IReadOnlyList<MailboxAddress> ParseMailboxes(string? value) =>
        ParseList(value).SelectMany(a => a is GroupAddress g ? g.Members : [(MailboxAddress)a]).ToList();

    private static void SkipToSeparator(List<Token> tokens, ref int i)
    {
        while (i < tokens.Count && !(tokens[i].Kind == Kind.Special && tokens[i].Special is ',' or ';'))
        {
            i++;
        }
    }

    /// <summary>An addr-spec from tokens: words, quoted local parts, dots, '@' and domain literals, without spaces.</summary>
    private static string Join(List<Token> tokens)
    {
        var text = new StringBuilder();
        foreach (var t in tokens)
        {
            if (t.Kind == Kind.Quoted)
            {
                text.Append('"').Append(t.Text.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
            }
            else if (t.Kind != Kind.Comment)
            {
                text.Append(t.Text);
            }
        }
        return text.ToString();
    }

    /// <summary>§3.2.5 phrase: words joined by single spaces, then RFC 2047 words decoded (§6.2, also inside quotes).</summary>
    private static string DecodePhrase(List<Token> phrase)
    {
        var text = new StringBuilder();
        Token? previous = null;
        foreach (var t in phrase)
        {
            // obs-phrase allows "." between words ("John Q. Public"): keep it attached to the word before.
            if (previous is not null && !(t.Kind == Kind.Special && t.Special == '.'))
            {
                text.Append(' ');
            }
            text.Append(t.Text);
            previous = t;
        }
        return Rfc2047.Decode(text.ToString()).Trim();
    }

    private static List<Token> Tokenize(string value)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(')
            {
                var content = new StringBuilder();
                i = Lexer.ReadComment(value, i, content);
                tokens.Add(new Token(Kind.Comment, content.ToString()));
            }
            else if (c == '"')
            {
                (var text, i) = Lexer.ReadQuoted(value, i);
                tokens.Add(new Token(Kind.Quoted, text));
            }
            else if (c == '[')
            {
                var end = value.IndexOf(']', i);
                end = end < 0 ? value.Length : end + 1;
                tokens.Add(new Token(Kind.Literal, value[i..end]));
                i = end;
            }
            else if ("<>:;@,.".IndexOf(c) >= 0)
            {
                tokens.Add(new Token(Kind.Special, c.ToString(), c));
                i++;
            }
            else
            {
                var start = i;
                while (i < value.Length && !char.IsWhiteSpace(value[i]) && "()\"[<>:;@,.".IndexOf(value[i]) < 0)
                {
                    // An encoded word may legally contain '.', ':' etc. in its payload: keep it whole.
                    if (value[i] == '=' && i + 1 < value.Length && value[i + 1] == '?')
                    {
                        var close = FindEncodedWordEnd(value, i);
                        if (close > i)
                        {
                            i = close;
                            continue;
                        }
                    }
                    i++;
                }
                if (i == start)
                {
                    i++; // a stray ')' or ']': skip it, so the scan always moves on
                    continue;
                }
                tokens.Add(new Token(Kind.Word, value[start..i]));
            }
        }
        return tokens;
    }

    private static int FindEncodedWordEnd(string value, int i)
    {
        var q1 = value.IndexOf('?', i + 2);
        if (q1 < 0 || q1 + 2 >= value.Length || value[q1 + 2] != '?')
        {
            return -1;
        }
        var close = value.IndexOf("?=", q1 + 3, StringComparison.Ordinal);
        if (close < 0)
        {
            return -1;
        }
        for (var k = i; k < close; k++)
        {
            if (char.IsWhiteSpace(value[k]))
            {
                return -1;
            }
        }
        return close + 2;
    }
}
