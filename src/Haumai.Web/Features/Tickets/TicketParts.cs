namespace Haumai.Web.Features.Tickets;

/// <summary>A public reply (seen by the customer) or an internal note (staff only).</summary>
public sealed class TicketMessage
{
    public const int MaxBodyLength = 100_000;

    /// <summary>
    /// The largest original HTML kept, in characters. Mail bigger than this is mostly pasted
    /// images or generated reports; its plain text is still kept, the HTML is not.
    /// </summary>
    public const int MaxBodyHtmlLength = 1_000_000;

    private TicketMessage() { }

    internal TicketMessage(Ticket ticket, int authorId, string body, bool isInternal, DateTime now)
    {
        Ticket = ticket;
        AuthorId = authorId;
        Body = body;
        IsInternal = isInternal;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public Ticket? Ticket { get; private set; }
    public int AuthorId { get; private set; }
    public string Body { get; private set; } = "";

    /// <summary>
    /// E6: the sender's HTML exactly as received (mail only), or null. It may hold anything a
    /// sender wrote, scripts included: it is shown only through the sanitiser, at render time so
    /// that a fix to the sanitiser also protects old mail. <see cref="Body"/> stays the text used
    /// for search, replies and quoting.
    /// </summary>
    public string? BodyHtml { get; private set; }

    public bool IsInternal { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public IReadOnlyList<TicketAttachment> Attachments => _attachments;

    private readonly List<TicketAttachment> _attachments = [];

    /// <summary>Keeps the original HTML of a received mail; none when it is larger than <see cref="MaxBodyHtmlLength"/>.</summary>
    public void KeepOriginalHtml(string? html) =>
        BodyHtml = string.IsNullOrWhiteSpace(html) || html.Length > MaxBodyHtmlLength ? null : html;

    /// <summary>Sends files uploaded earlier with this message; they must belong to the same ticket.</summary>
    public void Attach(TicketAttachment attachment)
    {
        if (attachment.TicketId != TicketId && Ticket is { } t && attachment.TicketId != t.Id)
        {
            throw new TicketRuleException("attachment-wrong-ticket", "That attachment belongs to another ticket.");
        }
        attachment.AttachTo(this);
        _attachments.Add(attachment);
    }
}

public sealed class TicketTag
{
    private TicketTag() { }

    internal TicketTag(long ticketId, string name)
    {
        TicketId = ticketId;
        Name = name;
    }

    public long TicketId { get; private set; }
    public string Name { get; private set; } = "";
}

public static class TicketEventType
{
    public const string Created = "created";
    public const string StatusChanged = "status_changed";
    public const string PriorityChanged = "priority_changed";
    public const string CategoryChanged = "category_changed";
    public const string Assigned = "assigned";
    public const string TeamChanged = "team_changed";
    public const string TagsChanged = "tags_changed";
    public const string ReplyAdded = "reply_added";
    public const string NoteAdded = "note_added";
    public const string AttachmentAdded = "attachment_added";
    public const string SlaWarning = "sla_warning";
    public const string SlaBreach = "sla_breach";
}

/// <summary>One line of a ticket's history: who changed what, and when (T4).</summary>
public sealed class TicketEvent
{
    private TicketEvent() { }

    internal TicketEvent(Ticket ticket, int? actorId, string type, string? data, DateTime now)
    {
        Ticket = ticket;
        ActorId = actorId;
        Type = type;
        Data = data;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public Ticket? Ticket { get; private set; }
    public int? ActorId { get; private set; }
    public string Type { get; private set; } = "";

    /// <summary>JSON with the change's details, e.g. <c>{"from":"new","to":"open"}</c>.</summary>
    public string? Data { get; private set; }
    public DateTime CreatedAt { get; private set; }
}

/// <summary>
/// A file on a ticket. The bytes live under the data folder (<see cref="StorageKey"/>); the record
/// says what they are. An attachment uploaded before its message is sent has no message yet.
/// </summary>
public sealed class TicketAttachment
{
    private TicketAttachment() { }

    public TicketAttachment(long ticketId, int uploadedById, string fileName, string contentType, long length, string sha256, string storageKey, DateTime now)
    {
        TicketId = ticketId;
        UploadedById = uploadedById;
        FileName = fileName;
        ContentType = contentType;
        Length = length;
        Sha256 = sha256;
        StorageKey = storageKey;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public long? MessageId { get; private set; }
    public int UploadedById { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Length { get; private set; }
    public string Sha256 { get; private set; } = "";
    public string StorageKey { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public const int MaxContentIdLength = 255;

    /// <summary>
    /// The MIME Content-ID (without angle brackets) of a part of a received mail, so that the mail's
    /// HTML can show it where it says <c>cid:…</c> (RFC 2392); null for uploaded files.
    /// </summary>
    public string? ContentId { get; private set; }

    public TicketMessage? Message { get; private set; }

    /// <summary>Records the part's Content-ID; one too long to be real is not kept (its image is then not shown inline).</summary>
    public void KeepContentId(string? contentId) =>
        ContentId = string.IsNullOrWhiteSpace(contentId) || contentId.Length > MaxContentIdLength ? null : contentId;

    internal void AttachTo(TicketMessage message)
    {
        if (MessageId is not null || Message is not null)
        {
            throw new TicketRuleException("attachment-already-sent", "This attachment already belongs to a message.");
        }
        Message = message;
    }
}
