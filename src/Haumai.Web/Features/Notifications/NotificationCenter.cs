using Haumai.Web.Data;
using Haumai.Web.Features.Calendars;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Notifications;

/// <summary>
/// Files notifications. The caller saves them, in the same transaction as what caused them (an SLA
/// alarm claimed, a ticket assigned), so a notification exists exactly when its cause does.
/// </summary>
public sealed class NotificationCenter(HaumaiDb db, ICalendarSource calendars, TimeProvider clock)
{
    public async Task<Notification> NotifyAsync(int userId, long? ticketId, string kind, string title, string? body, bool urgent, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var deliverAfter = urgent ? now : await NextWorkingMomentAsync(userId, now, ct);
        var notification = new Notification(userId, ticketId, kind, title, body, urgent, now, deliverAfter);
        db.Notifications.Add(notification);
        return notification;
    }

    /// <summary>
    /// When the person is next at work: now if any of their teams' calendars is open, otherwise the
    /// earliest next opening among them. Someone in no team (an admin, a customer) gets it now.
    /// </summary>
    public async Task<DateTime> NextWorkingMomentAsync(int userId, DateTime now, CancellationToken ct)
    {
        var slugs = await db.TeamMembers.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Join(db.Teams, m => m.TeamId, t => t.Id, (m, t) => t.CalendarSlug)
            .Distinct()
            .ToListAsync(ct);
        var team = new List<BusinessCalendar>(slugs.Count);
        foreach (var slug in slugs)
        {
            if (await calendars.FindAsync(slug, ct) is { } calendar)
            {
                team.Add(calendar);
            }
        }
        return DeliveryTime(now, team);
    }

    /// <summary>The pure rule behind <see cref="NextWorkingMomentAsync"/>.</summary>
    public static DateTime DeliveryTime(DateTime nowUtc, IReadOnlyCollection<BusinessCalendar> calendars)
    {
        if (calendars.Count == 0 || calendars.Any(c => c.IsOpen(nowUtc)))
        {
            return nowUtc;
        }
        return calendars.Min(c => c.NextOpening(nowUtc));
    }
}
