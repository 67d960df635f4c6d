using System.Globalization;
using System.Text;
using Haumai.Mail.Net;

namespace Haumai.Mail.Imap;

/// <summary>
/// Decides where a literal goes: a stream to copy it into (it is then not kept), or null to keep it
/// in memory (up to the configured limit). <paramref name="previous"/> is the value before the
/// literal in the same list, e.g. the atom "BODY[]" of a FETCH response.
/// </summary>
internal delegate Stream? ImapLiteralTarget(ImapToken? previous, long length);

/// <summary>
/// Reads IMAP server responses (RFC 3501 §7 and §9) byte by byte from the transport: tags, status
/// responses with response codes, and untagged data made of atoms, quoted strings with escapes,
/// literals ({n}, and ~{n} from BINARY), parenthesised lists and NIL. A literal can be streamed to a
/// caller's stream as it arrives, so a large message is never held in memory. Every size, count and
/// depth is bounded: a hostile server gets a <see cref="MailProtocolException"/>, not our memory.
/// </summary>
internal sealed class ImapResponseReader(MailTransport transport, ImapReaderLimits limits)
{
    private readonly List<byte> _token = new(256);
    private int _tokens;

    public async Task<ImapResponse> ReadAsync(ImapLiteralTarget? literalTarget, CancellationToken ct)
    {
        _tokens = 0;
        var first = await NextAsync(ct).ConfigureAwait(false);
        if (first == '+')
        {
            await SkipSpaceAsync(ct).ConfigureAwait(false);
            return new ImapResponse { Kind = ImapResponseKind.Continuation, Text = await RestOfLineAsync(ct).ConfigureAwait(false) };
        }

        string? tag = null;
        if (first != '*')
        {
            _token.Clear();
            _token.Add((byte)first);
            await ReadAtomCharsAsync(ct).ConfigureAwait(false);
            tag = Encoding.ASCII.GetString(_token.ToArray());
        }

        await ExpectAsync(' ', ct).ConfigureAwait(false);
        var data = new List<ImapToken>();

        // Status responses: their text is free text, not values; read it as a line.
        var head = await ReadValueAsync(data, literalTarget, depth: 0, ct).ConfigureAwait(false);
        var status = head.Kind == ImapTokenKind.Atom ? head.Text!.ToUpperInvariant() : null;
        if (status is "OK" or "NO" or "BAD" or "PREAUTH" or "BYE")
        {
            return await ReadStatusAsync(tag, status, ct).ConfigureAwait(false);
        }

        if (tag is not null)
        {
            throw Violation($"A tagged response must be OK, NO or BAD, not '{head}'.");
        }

        data.Add(head);
        await ReadValuesAsync(data, literalTarget, depth: 0, ct).ConfigureAwait(false);
        return new ImapResponse { Kind = ImapResponseKind.Untagged, Data = data };
    }

    private async Task<ImapResponse> ReadStatusAsync(string? tag, string status, CancellationToken ct)
    {
        string? code = null;
        string? arguments = null;
        var next = await transport.PeekByteAsync(ct).ConfigureAwait(false);
        if (next == ' ')
        {
            await NextAsync(ct).ConfigureAwait(false);
            next = await transport.PeekByteAsync(ct).ConfigureAwait(false);
        }

        if (next == '[')
        {
            await NextAsync(ct).ConfigureAwait(false);
            var inside = await ReadUntilCloseBracketAsync(ct).ConfigureAwait(false);
            var space = inside.IndexOf(' ');
            code = (space < 0 ? inside : inside[..space]).ToUpperInvariant();
            arguments = space < 0 ? "" : inside[(space + 1)..];
            if (await transport.PeekByteAsync(ct).ConfigureAwait(false) == ' ')
            {
                await NextAsync(ct).ConfigureAwait(false);
            }
        }

        var text = await RestOfLineAsync(ct).ConfigureAwait(false);
        return new ImapResponse
        {
            Kind = tag is null ? ImapResponseKind.Untagged : ImapResponseKind.Tagged,
            Tag = tag,
            Status = status,
            Code = code,
            CodeArguments = arguments,
            Text = text,
        };
    }

    /// <summary>Reads values separated by spaces until the end of the line (depth 0) or the closing parenthesis.</summary>
    private async Task ReadValuesAsync(List<ImapToken> into, ImapLiteralTarget? literalTarget, int depth, CancellationToken ct)
    {
        while (true)
        {
            var b = await transport.PeekByteAsync(ct).ConfigureAwait(false);
            switch (b)
            {
                case -1:
                    throw new MailConnectionClosedException("The server closed the connection in the middle of a response.");
                case ' ':
                    await NextAsync(ct).ConfigureAwait(false);
                    continue;
                case '\r' or '\n':
                    if (depth > 0)
                    {
                        throw Violation("A response line ended inside a parenthesised list.");
                    }

                    await EndOfLineAsync(ct).ConfigureAwait(false);
                    return;
                case ')':
                    if (depth == 0)
                    {
                        throw Violation("Unbalanced ')' in a response.");
                    }

                    await NextAsync(ct).ConfigureAwait(false);
                    return;
                default:
                    into.Add(await ReadValueAsync(into, literalTarget, depth, ct).ConfigureAwait(false));
                    break;
            }
        }
    }

    private async Task<ImapToken> ReadValueAsync(List<ImapToken> siblings, ImapLiteralTarget? literalTarget, int depth, CancellationToken ct)
    {
        if (++_tokens > limits.MaxValues)
        {
            throw Violation($"A response had more than {limits.MaxValues} values.");
        }

        var b = await transport.PeekByteAsync(ct).ConfigureAwait(false);
        switch (b)
        {
            case '(':
                if (depth + 1 > limits.MaxDepth)
                {
                    throw Violation($"Lists nested deeper than {limits.MaxDepth} levels.");
                }

                await NextAsync(ct).ConfigureAwait(false);
                var items = new List<ImapToken>();
                await ReadValuesAsync(items, literalTarget, depth + 1, ct).ConfigureAwait(false);
                return ImapToken.List(items);
            case '"':
                await NextAsync(ct).ConfigureAwait(false);
                return ImapToken.Quoted(await ReadQuotedAsync(ct).ConfigureAwait(false));
            case '{':
                await NextAsync(ct).ConfigureAwait(false);
                return await ReadLiteralAsync(siblings, literalTarget, ct).ConfigureAwait(false);
            case '~':
                await NextAsync(ct).ConfigureAwait(false);
                if (await transport.PeekByteAsync(ct).ConfigureAwait(false) != '{')
                {
                    _token.Clear();
                    _token.Add((byte)'~');
                    await ReadAtomCharsAsync(ct).ConfigureAwait(false);
                    return AtomFromToken();
                }

                await NextAsync(ct).ConfigureAwait(false);
                return await ReadLiteralAsync(siblings, literalTarget, ct).ConfigureAwait(false);
            case '\r' or '\n' or ' ' or ')' or -1:
                throw Violation("A value was expected.");
            default:
                _token.Clear();
                await ReadAtomCharsAsync(ct).ConfigureAwait(false);
                return AtomFromToken();
        }
    }

    private ImapToken AtomFromToken()
    {
        var text = Encoding.UTF8.GetString(_token.ToArray());
        return text.Equals("NIL", StringComparison.OrdinalIgnoreCase) ? ImapToken.Nil : ImapToken.Atom(text);
    }

    /// <summary>
    /// Atom characters up to a space, a parenthesis or the line end. A '[' opens a section that runs
    /// to its ']' whatever it holds (BODY[HEADER.FIELDS (FROM TO)]), as in fetch item names.
    /// </summary>
    private async Task ReadAtomCharsAsync(CancellationToken ct)
    {
        var brackets = 0;
        while (true)
        {
            var b = await transport.PeekByteAsync(ct).ConfigureAwait(false);
            if (b == -1)
            {
                throw new MailConnectionClosedException("The server closed the connection in the middle of a response.");
            }

            if (brackets == 0 && b is ' ' or '(' or ')' or '\r' or '\n')
            {
                return;
            }

            if (b is '\r' or '\n')
            {
                throw Violation("A response line ended inside a '[' section.");
            }

            brackets += b == '[' ? 1 : b == ']' && brackets > 0 ? -1 : 0;
            await NextAsync(ct).ConfigureAwait(false);
            Add(b);
        }
    }

    private async Task<string> ReadQuotedAsync(CancellationToken ct)
    {
        _token.Clear();
        while (true)
        {
            var b = await NextAsync(ct).ConfigureAwait(false);
            if (b == '"')
            {
                return Encoding.UTF8.GetString(_token.ToArray());
            }

            if (b is '\r' or '\n')
            {
                throw Violation("A quoted string ran into the end of the line.");
            }

            if (b == '\\')
            {
                b = await NextAsync(ct).ConfigureAwait(false);
                if (b is '\r' or '\n')
                {
                    throw Violation("A quoted string ran into the end of the line.");
                }
            }

            Add(b);
        }
    }

    private async Task<ImapToken> ReadLiteralAsync(List<ImapToken> siblings, ImapLiteralTarget? literalTarget, CancellationToken ct)
    {
        long length = 0;
        var digits = 0;
        int b;
        while (char.IsAsciiDigit((char)(b = await NextAsync(ct).ConfigureAwait(false))))
        {
            if (++digits > 18)
            {
                throw Violation("A literal's length is too long a number.");
            }

            length = length * 10 + (b - '0');
        }

        if (b == '+')
        {
            b = await NextAsync(ct).ConfigureAwait(false);
        }

        if (digits == 0 || b != '}')
        {
            throw Violation("A literal's length must be {digits}.");
        }

        await EndOfLineAsync(ct).ConfigureAwait(false);
        var target = literalTarget?.Invoke(siblings.Count > 0 ? siblings[^1] : null, length);
        if (target is not null)
        {
            await transport.ReadExactlyAsync(target, length, ct).ConfigureAwait(false);
            return ImapToken.Streamed(length);
        }

        if (length > limits.MaxLiteralInMemory)
        {
            throw Violation($"A literal of {length} bytes is larger than the {limits.MaxLiteralInMemory} bytes kept in memory.");
        }

        var bytes = new byte[length];
        using var buffer = new MemoryStream(bytes, writable: true);
        await transport.ReadExactlyAsync(buffer, length, ct).ConfigureAwait(false);
        return ImapToken.Literal(bytes);
    }

    private async Task<string> ReadUntilCloseBracketAsync(CancellationToken ct)
    {
        _token.Clear();
        var quoted = false;
        while (true)
        {
            var b = await NextAsync(ct).ConfigureAwait(false);
            if (b is '\r' or '\n')
            {
                throw Violation("A response code ran into the end of the line.");
            }

            if (b == ']' && !quoted)
            {
                return Encoding.UTF8.GetString(_token.ToArray());
            }

            if (b == '"')
            {
                quoted = !quoted;
            }

            Add(b);
        }
    }

    private async Task<string> RestOfLineAsync(CancellationToken ct)
    {
        _token.Clear();
        while (true)
        {
            var b = await transport.PeekByteAsync(ct).ConfigureAwait(false);
            if (b is '\r' or '\n' or -1)
            {
                await EndOfLineAsync(ct).ConfigureAwait(false);
                return Encoding.UTF8.GetString(_token.ToArray());
            }

            await NextAsync(ct).ConfigureAwait(false);
            Add(b);
        }
    }

    private async Task EndOfLineAsync(CancellationToken ct)
    {
        var b = await NextAsync(ct).ConfigureAwait(false);
        if (b == '\r')
        {
            b = await NextAsync(ct).ConfigureAwait(false);
        }

        if (b != '\n')
        {
            throw Violation("A line must end with CRLF.");
        }
    }

    private async Task SkipSpaceAsync(CancellationToken ct)
    {
        if (await transport.PeekByteAsync(ct).ConfigureAwait(false) == ' ')
        {
            await NextAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task ExpectAsync(char expected, CancellationToken ct)
    {
        var b = await NextAsync(ct).ConfigureAwait(false);
        if (b != expected)
        {
            throw Violation($"Expected '{expected}' but got '{(char)b}'.");
        }
    }

    private async ValueTask<int> NextAsync(CancellationToken ct)
    {
        var b = await transport.ReadByteAsync(ct).ConfigureAwait(false);
        return b >= 0 ? b : throw new MailConnectionClosedException("The server closed the connection.");
    }

    private void Add(int b)
    {
        if (_token.Count >= limits.MaxTokenLength)
        {
            throw Violation($"A response value or line was longer than {limits.MaxTokenLength} bytes.");
        }

        _token.Add((byte)b);
    }

    private MailProtocolException Violation(string message)
    {
        transport.Fault();
        return new MailProtocolException("Malformed IMAP response: " + message);
    }
}

/// <summary>Bounds on what one response may hold.</summary>
internal sealed record ImapReaderLimits(int MaxTokenLength, long MaxLiteralInMemory, int MaxValues = 10_000_000, int MaxDepth = 64)
{
    public static ImapReaderLimits Default { get; } = new(64 * 1024, 16 * 1024 * 1024);
}

internal static class ImapDates
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Parses date-time ("17-Jul-1996 02:44:25 -0700", the day may be space-padded).</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3)
        {
            return null;
        }

        var date = parts[0].Split('-');
        if (date.Length != 3 || !int.TryParse(date[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !int.TryParse(date[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return null;
        }

        var month = Array.FindIndex(Months, m => m.Equals(date[1], StringComparison.OrdinalIgnoreCase)) + 1;
        if (month == 0 || !TimeSpan.TryParseExact(parts[1], @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var time))
        {
            return null;
        }

        var zone = parts[2];
        if (zone.Length != 5 || zone[0] is not ('+' or '-')
            || !int.TryParse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(zone.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            return null;
        }

        var offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        try
        {
            return new DateTimeOffset(year, month, day, time.Hours, time.Minutes, time.Seconds, offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public static string Format(DateTimeOffset value)
    {
        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture,
            $"{value.Day:00}-{Months[value.Month - 1]}-{value.Year:0000} {value.Hour:00}:{value.Minute:00}:{value.Second:00} {sign}{offset.Hours:00}{offset.Minutes:00}");
    }
}
