using Haumai.Web.Data;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Categories;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Teams;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Eta;

/// <summary>
/// Where tickets meet their ETA (T6). Handlers that change a ticket call <see cref="RefreshAsync"/>
/// just before saving, as they do for the SLA; it recomputes the ETA only when something the
/// formula depends on changed in this request (creation, priority, team, category, status), so a
/// reply or a tag does not push the ETA back by the time that passed.
/// <para>
/// Noise: a computed ETA that moves by less than <see cref="NoiseMinutes"/> keeps its stored value
/// and records nothing, because the estimate starts from "now" and would otherwise creep and fill
/// the history (and the customer's inbox) with moves nobody cares about. The stored value is
/// therefore always the last one announced. An agent's own change is always taken and recorded:
/// it is a deliberate promise, not drift.
/// </para>
/// </summary>
public sealed class TicketEta(HaumaiDb db, ICalendarSource calendars, TimeProvider clock, ILogger<TicketEta> logger)
{
    public const int NoiseMinutes = 15;

    /// <summary>The history entries after which the computed ETA may have moved.</summary>
    private static readonly HashSet<string> Triggers =
    [
        TicketEventType.Created, TicketEventType.PriorityChanged, TicketEventType.TeamChanged,
        TicketEventType.CategoryChanged, TicketEventType.StatusChanged,
    ];

    /// <summary>Calendar slugs by team read in this request, so the answer after the save does not read them again.</summary>
    private readonly Dictionary<int, string> _teamCalendars = [];

    /// <summary>Recomputes the ETA of a ticket about to be saved, if this request changed what it depends on.</summary>
    public async Task RefreshAsync(Ticket ticket, CancellationToken ct)
    {
        var changed = ticket.Events.Any(e => Triggers.Contains(e.Type) && db.Entry(e).State == EntityState.Added);
        if (changed)
        {
            await UpdateAsync(ticket, null, keepManual: true, ct);
        }
    }

    /// <summary>An agent promises a moment: it replaces whatever the ticket had.</summary>
    public void SetManual(Ticket ticket, DateTime atUtc, int actorId) =>
        Move(ticket, atUtc, EtaSource.Manual, actorId, Now());

    /// <summary>Moves the ETA, and tells the customer by mail when it moved far (the outbox decides how far is far).</summary>
    private void Move(Ticket ticket, DateTime? at, EtaSource? source, int? actorId, DateTime now)
    {
        var from = ticket.EtaAt;
        ticket.ChangeEta(at, source, actorId, now);
        Mail.Outbox.OutboxMail.EnqueueEtaNotice(db, ticket, from, ticket.EtaAt, now);
    }

    /// <summary>An agent withdraws their promise: the ticket goes back to the computed ETA.</summary>
    public Task BackToComputedAsync(Ticket ticket, int actorId, CancellationToken ct) =>
        UpdateAsync(ticket, actorId, keepManual: false, ct);

    private async Task UpdateAsync(Ticket ticket, int? actorId, bool keepManual, CancellationToken ct)
    {
        var now = Now();
        if (!ticket.IsOpen)
        {
            // Solved or closed: nothing is left to estimate, and an agent's promise is fulfilled or moot.
            Move(ticket, null, null, actorId, now);
            return;
        }
        if (keepManual && ticket.EtaSource == EtaSource.Manual)
        {
            return;
        }
        var computed = await ComputeAsync(ticket, now, ct);
        var small = computed is { } to && ticket.EtaAt is { } from && ticket.EtaSource == EtaSource.Computed
            && (to - from).Duration() < TimeSpan.FromMinutes(NoiseMinutes);
        if (!small)
        {
            Move(ticket, computed, EtaSource.Computed, actorId, now);
        }
    }

    /// <summary>
    /// <see cref="EtaFormula"/> with the ticket's figures, read in one query: the team's calendar and
    /// active agents, the ticket's own effort, and the queue ahead as one SUM over an index range of
    /// <c>ix_tickets_queue_team</c> (team, open, priority, id) — no ticket is loaded.
    /// Null when the team's calendar does not exist (a configuration error, logged).
    /// </summary>
    private async Task<DateTime?> ComputeAsync(Ticket ticket, DateTime now, CancellationToken ct)
    {
        // A ticket being created has no id yet: every ticket of its priority is ahead of it.
        var isNew = db.Entry(ticket).State == EntityState.Added;
        var start = isNew ? ticket.CreatedAt : now;
        var self = isNew ? 0 : ticket.Id;
        var before = isNew ? long.MaxValue : ticket.Id;
        var priority = ticket.Priority;
        var categoryId = ticket.CategoryId;
        var ownEffort = await db.Categories.AsNoTracking().Where(c => c.Id == categoryId)
            .Select(c => (int?)c.TypicalEffortMinutes).FirstOrDefaultAsync(ct) ?? Category.DefaultTypicalEffortMinutes;

        var slug = Team.DefaultCalendar;
        long ahead = 0;
        var agents = 1;
        if (ticket.TeamId is { } teamId)
        {
            var team = await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => new
            {
                t.CalendarSlug,
                Agents = db.TeamMembers.Count(m => m.TeamId == teamId
                    && db.Users.Any(u => u.Id == m.UserId && u.IsActive && u.Role != Role.Customer)),
                // The ticket's own row is left out by id: it may still hold the priority or team it had before this request.
                Ahead = (from q in db.Tickets
                         where q.TeamId == teamId && q.IsOpen && q.Id != self
                               && (q.Priority < priority || (q.Priority == priority && q.Id < before))
                         join c in db.Categories on q.CategoryId equals c.Id into cs
                         from c in cs.DefaultIfEmpty()
                         select (long?)(c == null ? Category.DefaultTypicalEffortMinutes : c.TypicalEffortMinutes)).Sum() ?? 0,
            }).FirstOrDefaultAsync(ct);
            if (team is not null)
            {
                slug = team.CalendarSlug;
                ahead = team.Ahead;
                agents = team.Agents;
                _teamCalendars[teamId] = slug;
            }
        }
        if (await calendars.FindAsync(slug, ct) is not { } calendar)
        {
            logger.LogWarning("Ticket {TicketId} has no ETA: its team works by calendar '{Calendar}', which does not exist", ticket.Id, slug);
            return null;
        }
        return EtaFormula.Compute(start, ahead, agents, ownEffort, calendar);
    }

    /// <summary>The <c>eta</c> block: the stored ETA in the offset of the team's calendar (its local time is what people read).</summary>
    public async Task<EtaResponse?> ForTicketAsync(Ticket ticket, CancellationToken ct)
    {
        if (ticket is not { EtaAt: { } at, EtaSource: { } source })
        {
            return null;
        }
        var slug = Team.DefaultCalendar;
        if (ticket.TeamId is { } teamId)
        {
            if (!_teamCalendars.TryGetValue(teamId, out var known))
            {
                known = await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.CalendarSlug).FirstOrDefaultAsync(ct) ?? Team.DefaultCalendar;
                _teamCalendars[teamId] = known;
            }
            slug = known;
        }
        var calendar = await calendars.FindAsync(slug, ct) ?? BusinessCalendar.TwentyFourSeven;
        return new EtaResponse(calendar.ToCalendarTime(new DateTimeOffset(at, TimeSpan.Zero)), source);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
