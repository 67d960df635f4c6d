using Haumai.Web.Data;
using Haumai.Web.Features.Calendars;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Chat;

/// <summary>
/// C3: whether a team can chat now: its calendar (from the SLA engine) is open and at least one of
/// its agents is online with a console connected. When not, the widget says when it opens next and
/// takes a message instead.
/// </summary>
public sealed class ChatAvailability(HaumaiDb db, ICalendarSource calendars, TimeProvider clock, IOptions<ChatOptions> options)
{
    public sealed record Status(bool Open, bool WithinHours, int AgentsOnline, DateTimeOffset? NextOpening, string TimeZone);

    public async Task<Status> ForTeamAsync(int teamId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var slug = await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.CalendarSlug).FirstOrDefaultAsync(ct) ?? Teams.Team.DefaultCalendar;
        var calendar = await calendars.FindAsync(slug, ct) ?? BusinessCalendar.TwentyFourSeven;
        var withinHours = calendar.IsOpen(now);
        var online = await OnlineAgentsQuery(teamId, now.UtcDateTime).CountAsync(ct);
        return new Status(withinHours && online > 0, withinHours, online, withinHours ? null : calendar.ToCalendarTime(calendar.NextOpening(now)), calendar.TimeZone.Id);
    }

    /// <summary>The team's agents who chose "online" and have a console connected recently.</summary>
    public IQueryable<ChatAgent> OnlineAgentsQuery(int teamId, DateTime nowUtc)
    {
        var since = nowUtc.AddMinutes(-options.Value.PresenceTimeoutMinutes);
        return db.Set<ChatAgent>().AsNoTracking().Where(a => a.Presence == ChatPresence.Online && a.Connections > 0 && a.SeenAt >= since
            && db.TeamMembers.Any(m => m.TeamId == teamId && m.UserId == a.UserId)
            && db.Users.Any(u => u.Id == a.UserId && u.IsActive));
    }
}
