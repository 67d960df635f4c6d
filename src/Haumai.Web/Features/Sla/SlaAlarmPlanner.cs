using Haumai.Web.Data;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Sla;

/// <summary>
/// Keeps a ticket's pending alarms in step with its clocks, each time the clocks are computed for
/// a save: a warning at the configured share of each running clock's target, a breach at its due
/// time; alarms of clocks that stopped or paused are withdrawn, moved ones moved. Fired alarms
/// are history and stay.
/// </summary>
public sealed class SlaAlarmPlanner(HaumaiDb db, ICalendarSource calendars, IOptions<SlaOptions> options, TimeProvider clock)
{
    /// <summary>An alarm a ticket's clocks call for: one per running clock and kind, keyed by the clock's cycle.</summary>
    public readonly record struct Planned(SlaClockKind Clock, SlaAlarmKind Kind, DateTime Cycle, DateTime FireAt);

    public async Task SyncAsync(Ticket ticket, SlaResponse? sla, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var wanted = new List<Planned>();
        if (sla is not null && ticket.IsOpen && await calendars.FindAsync(sla.Policy.Calendar, ct) is { } calendar)
        {
            Plan(sla.Clocks, calendar, wanted);
        }
        var existing = ticket.Id == 0 ? [] : await db.SlaAlarms.Where(a => a.TicketId == ticket.Id).ToListAsync(ct);
        foreach (var alarm in existing.Where(a => a.FiredAt is null))
        {
            if (!wanted.Any(w => w.Clock == alarm.Clock && w.Kind == alarm.Kind && w.Cycle == alarm.CycleStartedAt))
            {
                db.SlaAlarms.Remove(alarm);
            }
        }
        foreach (var w in wanted)
        {
            var same = existing.FirstOrDefault(a => a.Clock == w.Clock && a.Kind == w.Kind && a.CycleStartedAt == w.Cycle);
            if (same is null)
            {
                db.SlaAlarms.Add(new SlaAlarm(ticket, w.Clock, w.Kind, w.Cycle, w.FireAt, now));
            }
            else if (same.FiredAt is null && same.FireAt != w.FireAt)
            {
                same.MoveTo(w.FireAt);
            }
        }
    }

    /// <summary>
    /// The alarms of an open ticket's clocks, added to <paramref name="wanted"/>: a warning while
    /// some of the target is left, and the breach at the due time. Shared by <see cref="SyncAsync"/>
    /// and the batch recompute, so both plan exactly the same alarms.
    /// </summary>
    public void Plan(IReadOnlyList<SlaClock> clocks, BusinessCalendar calendar, List<Planned> wanted)
    {
        foreach (var c in clocks)
        {
            if (c.RunningDueAt is not { } due)
            {
                continue;
            }
            var cycle = Truncate(c.StartedAt.UtcDateTime);
            if (c.RemainingMinutes > 0)
            {
                wanted.Add(new(c.Kind, SlaAlarmKind.Warning, cycle, Truncate(calendar.AddBusinessMinutes(due, -WarningLead(c.TargetMinutes)).UtcDateTime)));
            }
            wanted.Add(new(c.Kind, SlaAlarmKind.Breach, cycle, Truncate(due.UtcDateTime)));
        }
    }

    /// <summary>How many business minutes before the due time the warning comes (20 % of the target by default).</summary>
    public long WarningLead(int targetMinutes) =>
        (long)Math.Round(targetMinutes * (1 - Math.Clamp(options.Value.WarningShare, 0, 1)), MidpointRounding.AwayFromZero);

    /// <summary>
    /// Milliseconds are what both databases keep exactly (PostgreSQL stores microseconds, .NET has
    /// ticks): a cycle read back from the database must equal the one computed in memory.
    /// </summary>
    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
