namespace Haumai.Mail.Smtp;

/// <summary>What a reply code means for the sender (RFC 5321 §4.2.1, by its first digit).</summary>
public enum SmtpReplyKind
{
    /// <summary>2xx: done.</summary>
    Success,

    /// <summary>3xx: go on (send the data, the next SASL step).</summary>
    Intermediate,

    /// <summary>4xx: not now; the same command may succeed later (retry with back-off).</summary>
    Transient,

    /// <summary>5xx (or a code outside the standard): will not succeed as it is; do not retry.</summary>
    Permanent,
}

/// <summary>
/// One complete SMTP reply: its code, the enhanced status code when the server gave one
/// (RFC 3463, e.g. "5.1.1"), and its text lines (multi-line replies keep every line).
/// </summary>
public sealed class SmtpReply
{
    public SmtpReply(int code, IReadOnlyList<string> lines, string? enhancedStatus)
    {
        Code = code;
        Lines = lines;
        EnhancedStatus = enhancedStatus;
    }

    public int Code { get; }

    /// <summary>The RFC 3463 code of the first line ("class.subject.detail"), or null.</summary>
    public string? EnhancedStatus { get; }

    /// <summary>The text of each line, without the code and the enhanced status code.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The lines joined by a space.</summary>
    public string Text => string.Join(' ', Lines);

    public SmtpReplyKind Kind => (Code / 100) switch
    {
        2 => SmtpReplyKind.Success,
        3 => SmtpReplyKind.Intermediate,
        4 => SmtpReplyKind.Transient,
        _ => SmtpReplyKind.Permanent,
    };

    public bool IsSuccess => Kind == SmtpReplyKind.Success;

    public override string ToString() =>
        EnhancedStatus is null ? $"{Code} {Text}" : $"{Code} {EnhancedStatus} {Text}";
}
