using System.Text.Json;
using Haumai.Web.Data;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Sla;

/// <summary>What the SLA needs to know of a saved ticket besides its history: enough to choose its policy and targets.</summary>
public readonly record struct SlaTicketRow(long Id, DateTime CreatedAt, Priority Priority, int? CategoryId, int? TeamId, int? OrganizationId);

/// <summary>
/// Where tickets meet the SLA: reads a ticket's history (status events, public messages and
/// whether their authors are staff), picks the policy, runs <see cref="SlaClockEngine"/>, and keeps
/// the ticket's stored <see cref="Ticket.NextSlaDueAt"/> in step. Handlers that change a ticket
/// call <see cref="RefreshAsync"/> just before saving; nothing else writes that column, except
/// <see cref="RecomputeOpenTicketsAsync"/> after the policies change.
/// <para>
/// Old events are read as they are: whether a reply was by staff is not in its event, so it comes
/// from the message's author's role.
/// </para>
/// </summary>
public sealed class TicketSla(HaumaiDb db, ICalendarSource calendars, TimeProvider clock, SlaAlarmPlanner alarms, ILogger<TicketSla> logger)
{
    private const int BatchSize = 500;

    /// <summary>Contracts are dated in Vietnam: "in force on the day the ticket came in" is a Vietnamese day.</summary>
    private static readonly TimeZoneInfo ContractZone = TimeZoneInfo.FindSystemTimeZoneById(BusinessCalendarDefinition.DefaultTimeZoneId);

    /// <summary>What <see cref="RefreshAsync"/> computed in this request, so the answer after the save does not read it all again.</summary>
    private readonly List<(Ticket Ticket, SlaResponse? Sla)> _refreshed = [];
    private List<SlaPolicy>? _policies;

    /// <summary>Calendars by slug for <see cref="ClocksForBatchAsync"/>, so a batch does not look each one up per ticket.</summary>
    private readonly Dictionary<string, BusinessCalendar?> _calendars = new(StringComparer.Ordinal);

    /// <summary>
    /// Computes the clocks of a ticket that is about to be saved (its unsaved messages and events
    /// included) and stores its nearest running due time on it. Call it right before SaveChanges.
    /// </summary>
    public async Task<SlaResponse?> RefreshAsync(Ticket ticket, CancellationToken ct)
    {
        var sla = await EvaluateAsync(ticket, ct);
        ticket.SetNextSlaDue(sla is null ? null : SlaClockEngine.NextDueAt(sla.Clocks));
        await alarms.SyncAsync(ticket, sla, ct);
        _refreshed.RemoveAll(r => ReferenceEquals(r.Ticket, ticket));
        _refreshed.Add((ticket, sla));
        return sla;
    }

    /// <summary>The ticket's SLA now; null when no policy or no calendar applies (a configuration error, logged).</summary>
    public async Task<SlaResponse?> ForTicketAsync(Ticket ticket, CancellationToken ct)
    {
        // The same ticket refreshed and saved in this request: same id and version means nothing changed since.
        foreach (var (saved, sla) in _refreshed)
        {
            if (ReferenceEquals(saved, ticket) || (saved.Id == ticket.Id && saved.Version == ticket.Version))
            {
                return sla;
            }
        }
        return await EvaluateAsync(ticket, ct);
    }

    /// <summary>
    /// Recomputes the stored due time of every open ticket, in batches, after the policies changed.
    /// A ticket saved meanwhile (another version) keeps what its own save computed.
    /// </summary>
    /// <returns>How many tickets got a new due time.</returns>
    public async Task<int> RecomputeOpenTicketsAsync(CancellationToken ct)
    {
        _policies = null;
        _calendars.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = 0;
        var after = 0L;
        while (true)
        {
            var last = after;
            var batch = await db.Tickets.AsNoTracking()
                .Where(t => t.IsOpen && t.Id > last)
                .OrderBy(t => t.Id)
                .Take(BatchSize)
                .Select(t => new { t.Id, t.CreatedAt, t.Priority, t.CategoryId, t.TeamId, t.OrganizationId, t.NextSlaDueAt, t.Version })
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            after = batch[^1].Id;
            var clocks = await ClocksForBatchAsync(
                batch.Select(t => new SlaTicketRow(t.Id, t.CreatedAt, t.Priority, t.CategoryId, t.TeamId, t.OrganizationId)).ToList(), now, ct);

            var updates = new List<(long Id, int Version, DateTime? Due)>();
            foreach (var t in batch)
            {
                if (!clocks.TryGetValue(t.Id, out var ticketClocks))
                {
                    continue;
                }
                var due = ticketClocks is null ? null : SlaClockEngine.NextDueAt(ticketClocks);
                if (due != t.NextSlaDueAt)
                {
                    updates.Add((t.Id, t.Version, due));
                }
            }
            if (updates.Count > 0)
            {
                await using var tx = await db.BeginWriteTransactionAsync(ct);
                // Not through the change tracker: a derived column is no edit of the ticket, so its
                // version (the ETag clients hold) stays; and the version check leaves a ticket saved
                // since this batch was read to the value its own save computed.
                if (db.IsSqlite)
                {
                    // In-process SQLite: a statement per row costs ~40 µs, no round trip to save.
                    foreach (var (id, version, due) in updates)
                    {
                        changed += await db.Tickets.Where(t => t.Id == id && t.Version == version)
                            .ExecuteUpdateAsync(s => s.SetProperty(t => t.NextSlaDueAt, due), ct);
                    }
                }
                else
                {
                    // PostgreSQL: one statement for the batch instead of a round trip per ticket
                    // (measured: 210 s of a 291 s recompute of 1 M tickets went to single UPDATEs).
                    var ids = updates.Select(u => u.Id).ToArray();
                    var versions = updates.Select(u => u.Version).ToArray();
                    var dues = updates.Select(u => u.Due).ToArray();
                    changed += await db.Database.ExecuteSqlInterpolatedAsync(
                        $"UPDATE tickets AS t SET next_sla_due_at = u.due FROM unnest({ids}::bigint[], {versions}::integer[], {dues}::timestamptz[]) AS u(id, version, due) WHERE t.id = u.id AND t.version = u.version",
                        ct);
                }
                await tx.CommitAsync(ct);
            }
        }
        return changed;
    }

    /// <summary>
    /// The clocks of a batch of saved tickets as of <paramref name="now"/>, from their saved
    /// history, in three queries whatever the batch size (status events, public messages with
    /// their authors' roles, organizations): callers keep batches to a few hundred tickets so the
    /// id lists stay small. A ticket no policy applies to is absent from the answer; one whose
    /// policy's calendar is missing maps to null (both are configuration errors, logged).
    /// </summary>
    public async Task<Dictionary<long, IReadOnlyList<SlaClock>?>> ClocksForBatchAsync(IReadOnlyList<SlaTicketRow> batch, DateTime now, CancellationToken ct)
    {
        var result = new Dictionary<long, IReadOnlyList<SlaClock>?>(batch.Count);
        if (batch.Count == 0)
        {
            return result;
        }
        var policies = await PoliciesAsync(ct);
        var ids = batch.Select(t => t.Id).ToList();
        var statuses = (await db.TicketEvents.AsNoTracking()
            .Where(e => ids.Contains(e.TicketId) && e.Type == TicketEventType.StatusChanged)
            .OrderBy(e => e.Id)
            .Select(e => new { e.TicketId, e.CreatedAt, e.Data })
            .ToListAsync(ct)).ToLookup(e => e.TicketId);
        var messages = (await (
                from m in db.TicketMessages.AsNoTracking()
                where ids.Contains(m.TicketId) && !m.IsInternal
                join u in db.Users on m.AuthorId equals u.Id
                orderby m.Id
                select new { m.TicketId, m.CreatedAt, u.Role })
            .ToListAsync(ct)).ToLookup(m => m.TicketId);
        var orgIds = batch.Where(t => t.OrganizationId != null).Select(t => t.OrganizationId!.Value).Distinct().ToList();
        var orgs = orgIds.Count == 0 ? [] : await OrganizationsAsync(orgIds, ct);

        foreach (var t in batch)
        {
            var facts = Facts(t.CategoryId, t.TeamId, t.OrganizationId is { } o ? orgs.GetValueOrDefault(o) : null, t.CreatedAt);
            if (SlaPolicy.Choose(policies, facts) is not { } policy)
            {
                continue;
            }
            if (!_calendars.TryGetValue(policy.CalendarSlug, out var calendar))
            {
                calendar = _calendars[policy.CalendarSlug] = await CalendarAsync(policy, ct);
            }
            IReadOnlyList<SlaClock>? clocks = null;
            if (calendar is not null)
            {
                var history = History(
                    t.CreatedAt,
                    statuses[t.Id].Select(e => (e.CreatedAt, e.Data)),
                    WithoutDescription(t.CreatedAt, messages[t.Id].Select(m => (m.CreatedAt, (bool?)(m.Role != Role.Customer), 0))));
                clocks = SlaClockEngine.Compute(history, policy.TargetsFor(t.Priority), calendar, now);
            }
            result[t.Id] = clocks;
        }
        return result;
    }

    private async Task<SlaResponse?> EvaluateAsync(Ticket ticket, CancellationToken ct)
    {
        var policies = await PoliciesAsync(ct);
        var organization = ticket.OrganizationId is { } orgId ? (await OrganizationsAsync([orgId], ct)).GetValueOrDefault(orgId) : null;
        var policy = SlaPolicy.Choose(policies, Facts(ticket.CategoryId, ticket.TeamId, organization, ticket.CreatedAt));
        if (policy is null)
        {
            logger.LogWarning("No SLA policy applies to ticket {TicketId}: the default policy is missing", ticket.Id);
            return null;
        }
        if (await CalendarAsync(policy, ct) is not { } calendar)
        {
            return null;
        }
        var history = await HistoryAsync(ticket, ct);
        var clocks = SlaClockEngine.Compute(history, policy.TargetsFor(ticket.Priority), calendar, clock.GetUtcNow().UtcDateTime);
        return new SlaResponse(new SlaPolicyRef(policy.Id, policy.Name, policy.CalendarSlug), clocks);
    }

    /// <summary>The history of one ticket: what is saved, plus what this request added and has not saved yet.</summary>
    private async Task<SlaHistory> HistoryAsync(Ticket ticket, CancellationToken ct)
    {
        var statuses = new List<(DateTime At, string? Data)>();
        var messages = new List<(DateTime At, bool? Staff, int AuthorId)>();
        if (db.Entry(ticket).State != EntityState.Added)
        {
            var id = ticket.Id;
            statuses.AddRange((await db.TicketEvents.AsNoTracking()
                .Where(e => e.TicketId == id && e.Type == TicketEventType.StatusChanged)
                .OrderBy(e => e.Id)
                .Select(e => new { e.CreatedAt, e.Data })
                .ToListAsync(ct)).Select(e => (e.CreatedAt, e.Data)));
            messages.AddRange((await (
                    from m in db.TicketMessages.AsNoTracking()
                    where m.TicketId == id && !m.IsInternal
                    join u in db.Users on m.AuthorId equals u.Id
                    orderby m.Id
                    select new { m.CreatedAt, u.Role, m.AuthorId })
                .ToListAsync(ct)).Select(m => (m.CreatedAt, (bool?)(m.Role != Role.Customer), m.AuthorId)));
        }
        statuses.AddRange(ticket.Events
            .Where(e => e.Type == TicketEventType.StatusChanged && db.Entry(e).State == EntityState.Added)
            .Select(e => (e.CreatedAt, e.Data)));
        messages.AddRange(ticket.Messages
            .Where(m => !m.IsInternal && db.Entry(m).State == EntityState.Added)
            .Select(m => (m.CreatedAt, (bool?)null, m.AuthorId)));

        var replies = WithoutDescription(ticket.CreatedAt, messages);
        var unknown = replies.Where(m => m.Staff is null).Select(m => m.AuthorId).Distinct().ToList();
        if (unknown.Count > 0)
        {
            var staff = await db.Users.AsNoTracking().Where(u => unknown.Contains(u.Id))
                .ToDictionaryAsync(u => u.Id, u => u.Role != Role.Customer, ct);
            replies = replies.Select(m => m with { Staff = m.Staff ?? staff.GetValueOrDefault(m.AuthorId) }).ToList();
        }
        return History(ticket.CreatedAt, statuses, replies);
    }

    /// <summary>The first message is the description when it was written as the ticket was created: it is not a reply.</summary>
    private static List<(DateTime At, bool? Staff, int AuthorId)> WithoutDescription(DateTime createdAt, IEnumerable<(DateTime At, bool? Staff, int AuthorId)> messagesInOrder)
    {
        var list = messagesInOrder.ToList();
        if (list.Count > 0 && list[0].At <= createdAt)
        {
            list.RemoveAt(0);
        }
        return list;
    }

    private SlaHistory History(DateTime createdAt, IEnumerable<(DateTime At, string? Data)> statusEvents, IEnumerable<(DateTime At, bool? Staff, int AuthorId)> replies)
    {
        var facts = replies.Select(m => m.Staff == true ? SlaFact.StaffReply(m.At) : SlaFact.CustomerReply(m.At)).ToList();
        foreach (var (at, data) in statusEvents)
        {
            if (StatusTo(data) is { } to)
            {
                facts.Add(SlaFact.StatusChanged(at, to));
            }
            else
            {
                logger.LogWarning("A status_changed event has no readable target status: {Data}", data);
            }
        }
        // Stable: at equal times a reply comes before the status change it caused, as recorded.
        return new SlaHistory(createdAt, [.. facts.OrderBy(f => f.At)]);
    }

    /// <summary>Reads <c>{"from":"pending","to":"open"}</c>, as <see cref="Ticket"/> records it.</summary>
    private static TicketStatus? StatusTo(string? data)
    {
        if (data is null)
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(data);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("to", out var to)
                && to.ValueKind == JsonValueKind.String
                && Enums.TryParse<TicketStatus>(to.GetString(), out var status)
                ? status
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record OrganizationTerms(Plan Plan, DateOnly? ContractStartsOn, DateOnly? ContractEndsOn);

    private async Task<Dictionary<int, OrganizationTerms>> OrganizationsAsync(List<int> ids, CancellationToken ct) =>
        await db.Organizations.AsNoTracking()
            .Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, o.Plan, StartsOn = o.Contract == null ? (DateOnly?)null : o.Contract.StartsOn, EndsOn = o.Contract == null ? null : o.Contract.EndsOn })
            .ToDictionaryAsync(o => o.Id, o => new OrganizationTerms(o.Plan, o.StartsOn, o.EndsOn), ct);

    /// <summary>
    /// The ticket as the policies' conditions see it. The contract counts if it was in force on the
    /// day the ticket came in: the promise made then holds even if the contract ends meanwhile.
    /// </summary>
    private static SlaTicketFacts Facts(int? categoryId, int? teamId, OrganizationTerms? organization, DateTime createdAt)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(createdAt, ContractZone));
        var hasContract = organization?.ContractStartsOn is { } starts && day >= starts && (organization.ContractEndsOn is not { } ends || day <= ends);
        return new SlaTicketFacts(categoryId, teamId, organization?.Plan ?? Plan.Free, hasContract);
    }

    private async Task<List<SlaPolicy>> PoliciesAsync(CancellationToken ct) =>
        _policies ??= await db.SlaPolicies.AsNoTracking().Include(p => p.Targets).ToListAsync(ct);

    private async Task<BusinessCalendar?> CalendarAsync(SlaPolicy policy, CancellationToken ct)
    {
        var calendar = await calendars.FindAsync(policy.CalendarSlug, ct);
        if (calendar is null)
        {
            logger.LogWarning("SLA policy {PolicyId} counts in calendar '{Calendar}', which does not exist: its tickets have no SLA clocks", policy.Id, policy.CalendarSlug);
        }
        return calendar;
    }
}
