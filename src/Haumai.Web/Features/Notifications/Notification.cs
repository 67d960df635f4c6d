namespace Haumai.Web.Features.Notifications;

/// <summary>
/// Something a person should know (N1), shown in the app: an SLA warning, a breach, an assignment.
/// It is stored before anything announces it, so nothing is lost to a restart; it is delivered
/// (visible) from <see cref="DeliverAfter"/>, which is the recipient's next working hour for
/// anything that can wait.
/// </summary>
public sealed class Notification
{
    public const int MaxTitleLength = 300;

    private Notification() { }

    public Notification(int userId, long? ticketId, string kind, string title, string? body, bool urgent, DateTime now, DateTime deliverAfter)
    {
        UserId = userId;
        TicketId = ticketId;
        Kind = kind;
        Title = title.Length > MaxTitleLength ? title[..MaxTitleLength] : title;
        Body = body;
        Urgent = urgent;
        CreatedAt = now;
        DeliverAfter = deliverAfter < now ? now : deliverAfter;
    }

    public long Id { get; private set; }
    public int UserId { get; private set; }
    public long? TicketId { get; private set; }

    /// <summary>What happened, e.g. <c>sla_warning</c>, <c>sla_breach</c>; see <see cref="NotificationKinds"/>.</summary>
    public string Kind { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string? Body { get; private set; }
    public bool Urgent { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime DeliverAfter { get; private set; }
    public DateTime? ReadAt { get; private set; }

    public void MarkRead(DateTime now) => ReadAt ??= now;
}

public static class NotificationKinds
{
    public const string SlaWarning = "sla_warning";
    public const string SlaBreach = "sla_breach";
    public const string Escalation = "escalation";
}
