using Haumai.Web.Features.Tickets;

namespace Haumai.Web.Features.Mail.Outbox;

public enum OutboundMailKind
{
    Reply,
    Acknowledgement,

    /// <summary>T6: the ETA the customer was told has moved; rendered when sent, with the ETA of that moment.</summary>
    EtaChanged,
}

public enum OutboundMailState
{
    Pending,
    Sent,
    /// <summary>Given up: a permanent refusal, or too many attempts. Shown on the ticket.</summary>
    Failed,

    /// <summary>Not worth sending any more (an ETA notice superseded by a later one, or the ticket solved meanwhile).</summary>
    Cancelled,
}

/// <summary>
/// E4: one mail to a customer, stored in the same transaction as what it announces (a reply, a new
/// ticket) and sent later by <see cref="OutboxSender"/>, retried with back-off until it is accepted
/// or refused for good. The row is the durable state: a restart loses and duplicates nothing.
/// </summary>
public sealed class OutboundMail
{
    public const int MaxSubjectLength = 400;
    public const int MaxErrorLength = 1000;

    private OutboundMail() { }

    internal OutboundMail(Ticket ticket, TicketMessage? message, OutboundMailKind kind, string to, DateTime now)
    {
        Ticket = ticket;
        TicketId = ticket.Id;
        TicketMessage = message;
        Kind = kind;
        To = to;
        State = OutboundMailState.Pending;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public Ticket? Ticket { get; private set; }
    public long? TicketMessageId { get; private set; }
    public TicketMessage? TicketMessage { get; private set; }
    public OutboundMailKind Kind { get; private set; }
    public string To { get; private set; } = "";

    /// <summary>The ticket's participants copied on a reply, comma-separated; empty for most mail.</summary>
    public string Cc { get; private set; } = "";

    public const int MaxCcLength = 4000;

    /// <summary>Everyone the envelope goes to: the requester first.</summary>
    public IReadOnlyList<string> Recipients =>
        [To, .. Cc.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Empty until rendered; see <see cref="RawMessage"/>.</summary>
    public string Subject { get; private set; } = "";

    /// <summary>Without angle brackets, as in <see cref="MailThreadId"/>; null until rendered.</summary>
    public string? MessageId { get; private set; }

    /// <summary>
    /// The message as it goes on the wire. Null until rendered: an acknowledgement is enqueued with
    /// a ticket that has no number yet (the id comes from the insert), so it is rendered when the
    /// sender first claims it.
    /// </summary>
    public byte[]? RawMessage { get; private set; }

    public OutboundMailState State { get; private set; }
    public int Attempts { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public string? LastError { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? SentAt { get; private set; }

    internal void Rendered(string subject, string messageId, byte[] raw, IReadOnlyList<string> cc)
    {
        Cc = string.Join(',', cc);
        if (Cc.Length > MaxCcLength)
        {
            Cc = Cc[..Cc.LastIndexOf(',', MaxCcLength)];
        }
        Subject = subject.Length > MaxSubjectLength ? subject[..MaxSubjectLength] : subject;
        MessageId = messageId;
        RawMessage = raw;
    }

    internal void MarkSent(DateTime now)
    {
        State = OutboundMailState.Sent;
        SentAt = now;
        LastError = null;
    }

    internal void Retry(DateTime at, string error)
    {
        NextAttemptAt = at;
        LastError = Truncate(error);
    }

    internal void Cancel(string reason)
    {
        State = OutboundMailState.Cancelled;
        LastError = Truncate(reason);
    }

    /// <summary>For mail enqueued before the requester's address was read (an ETA notice): set when rendered.</summary>
    internal void Address(string to) => To = to;

    internal void MarkFailed(string error)
    {
        State = OutboundMailState.Failed;
        LastError = Truncate(error);
    }

    /// <summary>Back-off after the n-th failed attempt: 1, 2, 4 … minutes, never more than 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Clamp(attempts - 1, 0, 16))));

    private static string Truncate(string s) => s.Length > MaxErrorLength ? s[..MaxErrorLength] : s;
}
