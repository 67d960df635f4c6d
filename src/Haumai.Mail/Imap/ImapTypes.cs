using System.Globalization;
using System.Text;

namespace Haumai.Mail.Imap;

/// <summary>System flags (RFC 3501 §2.3.2).</summary>
public static class ImapFlags
{
    public const string Seen = "\\Seen";
    public const string Answered = "\\Answered";
    public const string Flagged = "\\Flagged";
    public const string Deleted = "\\Deleted";
    public const string Draft = "\\Draft";
}

/// <summary>
/// The selected mailbox as SELECT or EXAMINE described it; <see cref="Exists"/> and
/// <see cref="Recent"/> follow the server's later EXISTS, EXPUNGE and RECENT responses.
/// </summary>
public sealed class ImapMailbox
{
    internal ImapMailbox(string name, bool readOnly)
    {
        Name = name;
        IsReadOnly = readOnly;
    }

    public string Name { get; }

    public bool IsReadOnly { get; internal set; }

    /// <summary>Messages in the mailbox.</summary>
    public uint Exists { get; internal set; }

    public uint Recent { get; internal set; }

    /// <summary>
    /// Identifies this generation of the mailbox's UIDs: while it is unchanged a UID always names the same
    /// message; when it changes every stored UID is void (RFC 3501 §2.3.1.1).
    /// </summary>
    public uint UidValidity { get; internal set; }

    /// <summary>The UID the next message will get, at selection time (0 if the server did not say).</summary>
    public uint UidNext { get; internal set; }

    /// <summary>Sequence number of the first unseen message, when the server said.</summary>
    public uint? FirstUnseen { get; internal set; }

    public IReadOnlyList<string> Flags { get; internal set; } = [];

    public IReadOnlyList<string> PermanentFlags { get; internal set; } = [];

    public ulong? HighestModSeq { get; internal set; }
}

/// <summary>What UID FETCH said about one message.</summary>
public sealed record ImapMessageSummary(uint Uid, uint SequenceNumber, IReadOnlyList<string> Flags, DateTimeOffset? InternalDate, long? Size)
{
    public bool IsSeen => Flags.Contains(ImapFlags.Seen, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Where APPEND put a message (UIDPLUS, RFC 4315).</summary>
public sealed record ImapAppendResult(uint UidValidity, uint Uid);

/// <summary>The UIDs copied or moved messages got in the destination (COPYUID, RFC 4315), pairwise.</summary>
public sealed record ImapCopyResult(uint DestinationUidValidity, IReadOnlyList<uint> SourceUids, IReadOnlyList<uint> DestinationUids);

/// <summary>Why IDLE returned.</summary>
public enum ImapIdleReason
{
    /// <summary>The mailbox has more messages than when IDLE began.</summary>
    NewMessages,

    /// <summary>The wait ended without new messages.</summary>
    TimedOut,
}

public sealed record ImapIdleResult(ImapIdleReason Reason, uint Exists);

/// <summary>A tagged NO or BAD: the server's own words are in <see cref="ServerText"/>.</summary>
public abstract class ImapCommandException : Exception
{
    private protected ImapCommandException(string command, string status, string? responseCode, string serverText)
        : base($"The IMAP server answered {command} with {status}{(responseCode is null ? "" : $" [{responseCode}]")}: {serverText}")
    {
        Command = command;
        Status = status;
        ResponseCode = responseCode;
        ServerText = serverText;
    }

    /// <summary>The command's name (its arguments may be secret).</summary>
    public string Command { get; }

    /// <summary>"NO" or "BAD".</summary>
    public string Status { get; }

    /// <summary>The response code (e.g. "TRYCREATE", "AUTHENTICATIONFAILED", "OVERQUOTA"), or null.</summary>
    public string? ResponseCode { get; }

    public string ServerText { get; }
}

/// <summary>NO: the server understood and declined (no such mailbox, over quota …).</summary>
public class ImapNoException : ImapCommandException
{
    internal ImapNoException(string command, string? responseCode, string serverText)
        : base(command, "NO", responseCode, serverText)
    {
    }
}

/// <summary>BAD: the server did not accept the command as sent (a client bug, or the wrong state).</summary>
public sealed class ImapBadException : ImapCommandException
{
    internal ImapBadException(string command, string? responseCode, string serverText)
        : base(command, "BAD", responseCode, serverText)
    {
    }
}

/// <summary>LOGIN or AUTHENTICATE was refused: wrong credentials, or the account may not log in.</summary>
public sealed class ImapAuthenticationException : ImapNoException
{
    internal ImapAuthenticationException(string command, string? responseCode, string serverText)
        : base(command, responseCode, serverText)
    {
    }
}

/// <summary>The operation needs a capability the server does not announce (IDLE, UIDPLUS …).</summary>
public sealed class ImapNotSupportedException(string message) : Exception(message);

/// <summary>Formats and parses UID sets ("1:3,7,9:10", RFC 3501 sequence-set).</summary>
public static class ImapUidSet
{
    /// <summary>Sorted, deduplicated, consecutive runs collapsed to ranges.</summary>
    public static string Format(IEnumerable<uint> uids)
    {
        var sorted = uids.Distinct().Order().ToList();
        if (sorted.Count == 0)
        {
            throw new ArgumentException("A UID set needs at least one UID.", nameof(uids));
        }

        if (sorted[0] == 0)
        {
            throw new ArgumentException("0 is not a UID.", nameof(uids));
        }

        var text = new StringBuilder();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(sorted[i].ToString(CultureInfo.InvariantCulture));
            if (j > i)
            {
                text.Append(':').Append(sorted[j].ToString(CultureInfo.InvariantCulture));
            }

            i = j + 1;
        }

        return text.ToString();
    }

    /// <summary>Expands a set without "*", in the order given (COPYUID pairs its sets by order); null if malformed or too large.</summary>
    public static List<uint>? Parse(string text, int maxCount = 1_000_000)
    {
        var result = new List<uint>();
        foreach (var part in text.Split(','))
        {
            var colon = part.IndexOf(':');
            if (!uint.TryParse(colon < 0 ? part : part[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var from))
            {
                return null;
            }

            var to = from;
            if (colon >= 0 && !uint.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out to))
            {
                return null;
            }

            var step = from <= to ? 1L : -1L;
            for (long uid = from; ; uid += step)
            {
                if (result.Count >= maxCount)
                {
                    return null;
                }

                result.Add((uint)uid);
                if (uid == to)
                {
                    break;
                }
            }
        }

        return result;
    }
}

/// <summary>Mailbox names in IMAP's modified UTF-7 (RFC 3501 §5.1.3): "Lưu trữ" is sent as "L&amp;AbA-u tr&amp;Hu8-".</summary>
public static class ImapMailboxName
{
    public static string Encode(string name)
    {
        var text = new StringBuilder(name.Length);
        var pending = new List<char>();
        foreach (var c in name)
        {
            if (c is >= ' ' and <= '~')
            {
                Flush(text, pending);
                text.Append(c == '&' ? "&-" : c.ToString());
            }
            else
            {
                pending.Add(c);
            }
        }

        Flush(text, pending);
        return text.ToString();
    }

    private static void Flush(StringBuilder text, List<char> pending)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var bytes = Encoding.BigEndianUnicode.GetBytes(pending.ToArray());
        text.Append('&').Append(Convert.ToBase64String(bytes).TrimEnd('=').Replace('/', ',')).Append('-');
        pending.Clear();
    }

    public static string Decode(string encoded)
    {
        var text = new StringBuilder(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            var end = c == '&' ? encoded.IndexOf('-', i + 1) : -1;
            if (end < 0)
            {
                text.Append(c);
                continue;
            }

            if (end == i + 1)
            {
                text.Append('&');
            }
            else
            {
                var base64 = encoded[(i + 1)..end].Replace(',', '/');
                base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
                try
                {
                    text.Append(Encoding.BigEndianUnicode.GetString(Convert.FromBase64String(base64)));
                }
                catch (FormatException)
                {
                    text.Append(encoded, i, end - i + 1);
                }
            }

            i = end;
        }

        return text.ToString();
    }
}
