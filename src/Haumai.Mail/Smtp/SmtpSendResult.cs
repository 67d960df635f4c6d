namespace Haumai.Mail.Smtp;

/// <summary>The server's answer to one RCPT TO.</summary>
public sealed record SmtpRecipientResult(string Address, SmtpReply Reply)
{
    public bool Accepted => Reply.IsSuccess;
}

/// <summary>
/// The outcome of one mail transaction. The message was handed over to <see cref="Accepted"/>
/// recipients when <see cref="Sent"/>; <see cref="Refused"/> ones were not and each says why
/// (<see cref="SmtpReplyKind.Transient"/> ones may be retried). When every recipient was refused,
/// nothing was sent and <see cref="DataReply"/> is null.
/// </summary>
public sealed class SmtpSendResult
{
    internal SmtpSendResult(IReadOnlyList<SmtpRecipientResult> recipients, SmtpReply? dataReply)
    {
        Recipients = recipients;
        DataReply = dataReply;
    }

    /// <summary>One result per recipient, in the order given.</summary>
    public IReadOnlyList<SmtpRecipientResult> Recipients { get; }

    /// <summary>The server's reply after the message's final dot (it often carries the queue id), or null when not sent.</summary>
    public SmtpReply? DataReply { get; }

    public bool Sent => DataReply is { IsSuccess: true };

    public IEnumerable<SmtpRecipientResult> Accepted => Sent ? Recipients.Where(r => r.Accepted) : [];

    public IEnumerable<SmtpRecipientResult> Refused => Recipients.Where(r => !r.Accepted);
}
