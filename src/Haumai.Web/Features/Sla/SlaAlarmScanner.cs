using Haumai.Web.Data;
using Haumai.Web.Features.Notifications;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Sla;

/// <summary>
/// Fires due SLA alarms (S3): warns the assignee, tells the team lead of a breach, applies the
/// escalation rules, and records it all in the ticket's history. It looks every few seconds, so an
/// alarm fires within a minute of its time; alarms are rows, so a restart loses none; each is
/// claimed by a conditional update in the same transaction as its effects, so it fires once even
/// with several nodes. A stale alarm (the clock stopped or moved since it was planned) is claimed
/// and dropped.
/// </summary>
public sealed class SlaAlarmScanner(IServiceScopeFactory scopes, IOptions<SlaOptions> options, TimeProvider clock, ILogger<SlaAlarmScanner> logger)
    : BackgroundService
{
    private const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ScanIntervalSeconds <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ScanIntervalSeconds));
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Logged and retried at the next tick: an alarm that failed to fire stays unclaimed.
                logger.LogError(e, "The SLA alarm scan failed; it runs again in {Seconds} s", options.Value.ScanIntervalSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Fires every alarm due by now; returns how many it fired (stale ones not counted).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var fired = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        // A cursor over (fire_at, id): an alarm that fails to fire stays unfired for the next run,
        // but this run moves past it instead of reading it again and again.
        var afterFireAt = DateTime.MinValue;
        var afterId = 0L;
        while (true)
        {
            List<(long Id, DateTime FireAt)> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var (at, last) = (afterFireAt, afterId);
                due = (await scope.ServiceProvider.GetRequiredService<HaumaiDb>().SlaAlarms.AsNoTracking()
                    .Where(a => a.FiredAt == null && a.FireAt <= now && (a.FireAt > at || (a.FireAt == at && a.Id > last)))
                    .OrderBy(a => a.FireAt).ThenBy(a => a.Id)
                    .Select(a => new { a.Id, a.FireAt })
                    .Take(Batch)
                    .ToListAsync(ct)).Select(a => (a.Id, a.FireAt)).ToList();
            }
            foreach (var (id, fireAt) in due)
            {
                (afterFireAt, afterId) = (fireAt, id);
                try
                {
                    if (await FireAsync(id, ct))
                    {
                        fired++;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "SLA alarm {AlarmId} failed to fire; it is retried at the next scan", id);
                }
            }
            if (due.Count < Batch)
            {
                return fired;
            }
        }
    }

    private async Task<bool> FireAsync(long id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<HaumaiDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var claimed = await db.SlaAlarms.Where(a => a.Id == id && a.FiredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.FiredAt, now), ct);
        if (claimed == 0)
        {
            return false; // another node (or scan) had it
        }
        var alarm = await db.SlaAlarms.AsNoTracking().FirstAsync(a => a.Id == id, ct);
        var ticket = await db.Tickets.Include(t => t.Tags).FirstOrDefaultAsync(t => t.Id == alarm.TicketId, ct);
        var sla = sp.GetRequiredService<TicketSla>();
        var current = ticket is { IsOpen: true } ? await sla.ForTicketAsync(ticket, ct) : null;
        var clockNow = current?.Clocks.FirstOrDefault(c => c.Kind == alarm.Clock && SlaAlarmPlanner.Truncate(c.StartedAt.UtcDateTime) == alarm.CycleStartedAt);
        var planner = sp.GetRequiredService<SlaAlarmPlanner>();
        // A minute of slack for the warning: remaining minutes are whole minutes, the plan is exact.
        var stillDue = clockNow is { RunningDueAt: not null } && (alarm.Kind == SlaAlarmKind.Breach
            ? clockNow.RemainingMinutes <= 0
            : clockNow.RemainingMinutes <= planner.WarningLead(clockNow.TargetMinutes) + 1);
        if (ticket is null || clockNow is null || current is null)
        {
            await tx.CommitAsync(ct); // the clock is gone (stopped, solved): nothing to announce
            return false;
        }
        if (!stillDue)
        {
            if (clockNow.RunningDueAt is not null)
            {
                // The deadline moved later since this alarm was planned (a calendar or policy
                // change recomputed it without touching the ticket): plan it again at the new time.
                await db.SlaAlarms.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.FiredAt, (DateTime?)null), ct);
                await planner.SyncAsync(ticket, current, ct);
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return false;
        }

        var breach = alarm.Kind == SlaAlarmKind.Breach;
        ticket.RecordSystemEvent(breach ? TicketEventType.SlaBreach : TicketEventType.SlaWarning,
            new { clock = alarm.Clock, dueAt = clockNow.DueAt, remainingMinutes = clockNow.RemainingMinutes }, now);
        var leads = ticket.TeamId is { } teamId
            ? await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == teamId && m.IsLead).Select(m => m.UserId).ToListAsync(ct)
            : [];
        var recipients = new HashSet<int>();
        if (ticket.AssigneeId is { } assignee)
        {
            recipients.Add(assignee);
        }
        if (breach || recipients.Count == 0)
        {
            recipients.UnionWith(leads);
        }
        var center = sp.GetRequiredService<NotificationCenter>();
        var (title, body) = Texts(ticket, alarm, clockNow);
        foreach (var userId in recipients)
        {
            await center.NotifyAsync(userId, ticket.Id, breach ? NotificationKinds.SlaBreach : NotificationKinds.SlaWarning,
                title, body, urgent: ticket.Priority == Priority.Urgent, ct);
        }
        var escalated = breach && Escalate(ticket, leads, now);
        if (escalated)
        {
            // A new priority or assignee changes the targets and the alarms that follow.
            await sla.RefreshAsync(ticket, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (escalated)
        {
            // Open queues show the new priority or assignee without a reload.
            sp.GetRequiredService<Workspace.IQueueNotifier>().Changed(ticket, Workspace.QueueChangeKind.Updated);
        }
        logger.LogInformation("SLA {Kind} of {Clock} on ticket {TicketId} announced to {Count} people", alarm.Kind, alarm.Clock, ticket.Id, recipients.Count);
        return true;
    }

    private bool Escalate(Ticket ticket, IReadOnlyList<int> leads, DateTime now)
    {
        var changed = false;
        if (options.Value.RaisePriorityOnBreach && ticket.Priority != Priority.Urgent)
        {
            ticket.ChangePriority(ticket.Priority - 1, null, now);
            changed = true;
        }
        if (options.Value.ReassignToLeadOnBreach && leads.Count > 0 && !leads.Contains(ticket.AssigneeId ?? 0))
        {
            ticket.Assign(leads[0], null, now);
            changed = true;
        }
        return changed;
    }

    private static (string Title, string Body) Texts(Ticket ticket, SlaAlarm alarm, SlaClock c)
    {
        var (vi, en) = alarm.Clock switch
        {
            SlaClockKind.FirstResponse => ("phản hồi đầu tiên", "first response"),
            SlaClockKind.NextResponse => ("phản hồi tiếp theo", "next response"),
            _ => ("giải quyết", "resolution"),
        };
        var due = c.DueAt?.ToString("dd/MM/yyyy HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture) ?? "";
        return alarm.Kind == SlaAlarmKind.Breach
            ? ($"Yêu cầu {ticket.Number} đã quá hạn {vi} ({due})", $"Ticket {ticket.Number}: the {en} target was missed (due {due}). {ticket.Subject}")
            : ($"Yêu cầu {ticket.Number} sắp quá hạn {vi} ({due})", $"Ticket {ticket.Number}: the {en} is due {due}, {c.RemainingMinutes} business minutes left. {ticket.Subject}");
    }
}
