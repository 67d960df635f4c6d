namespace Haumai.Web.Features.Mail;

public enum MailDirection
{
    Inbound,
    Outbound,
}

/// <summary>
/// E3: a Message-ID Haumai received or sent, and the ticket it belongs to. A new message whose
/// In-Reply-To or References names one of these threads onto that ticket, whatever its subject.
/// </summary>
public sealed class MailThreadId
{
    /// <summary>RFC 5322 allows long ids; anything longer than this is not worth threading on.</summary>
    public const int MaxMessageIdLength = 400;

    private MailThreadId() { }

    public MailThreadId(string messageId, long ticketId, MailDirection direction, DateTime now)
    {
        MessageId = Normalize(messageId);
        TicketId = ticketId;
        Direction = direction;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string MessageId { get; private set; } = "";
    public long TicketId { get; private set; }
    public MailDirection Direction { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>The id without its angle brackets and surrounding space: "&lt;a@b&gt;" and "a@b" are one id.</summary>
    public static string Normalize(string messageId) => messageId.Trim().TrimStart('<').TrimEnd('>').Trim();
}
