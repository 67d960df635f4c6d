using System.Runtime.InteropServices;
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
public sealed class TicketSla(HaumaiDb db, ICalendarSource calendars, TimeProvider clock, SlaAlarmPlanner alarms, IServiceScopeFactory scopes, ILogger<TicketSla> logger)
{
    /// <summary>Contracts are dated in Vietnam: "in force on the day the ticket came in" is a Vietnamese day.</summary>
    private static readonly TimeZoneInfo ContractZone = TimeZoneInfo.FindSystemTimeZoneById(BusinessCalendarDefinition.DefaultTimeZoneId);

    /// <summary>What <see cref="RefreshAsync"/> computed in this request, so the answer after the save does not read it all again.</summary>
    private readonly List<(Ticket Ticket, SlaResponse? Sla)> _refreshed = [];
    private List<SlaPolicy>? _policies;

    /// <summary>Calendars by slug for <see cref="ClocksForBatchAsync"/>, so a batch does not look each one up per ticket.</summary>
    private readonly Dictionary<string, BusinessCalendar?> _calendars = new(StringComparer.Ordinal);

    private readonly Dictionary<string, TicketStatus?> _statusTo = new(StringComparer.Ordinal);
    private HashSet<int>? _staff;

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
    /// Recomputes the stored due time and the pending alarms of every open ticket after the
    /// policies or a calendar changed. A ticket saved meanwhile (another version) keeps what its
    /// own save computed.
    /// <para>
    /// Built for a million open tickets: batches of <see cref="RecomputeBatchSize"/> tickets read by
    /// id range (five queries a batch, whatever its size), the next batch read on two more
    /// connections while this one is computed and written, and each batch written set-based in one
    /// transaction (<see cref="SlaRecomputeWrites"/>). Only what differs is written: a due time that
    /// moved, an alarm to plan, move or withdraw.
    /// </para>
    /// </summary>
    /// <param name="calendars">
    /// Only the tickets whose policy counts in one of these calendars (a calendar changed, the others
    /// did not: their tickets are neither computed nor written); null for all (the policies or the holidays changed).
    /// </param>
    /// <returns>How many tickets got a new due time.</returns>
    public Task<int> RecomputeOpenTicketsAsync(IReadOnlySet<string>? calendars, CancellationToken ct) =>
        RecomputeOpenTicketsAsync(calendars, RecomputeBatchSize, ct);

    /// <summary>Every open ticket: after the policies changed.</summary>
    public Task<int> RecomputeOpenTicketsAsync(CancellationToken ct) => RecomputeOpenTicketsAsync(null, RecomputeBatchSize, ct);

    /// <summary>As <see cref="RecomputeOpenTicketsAsync(IReadOnlySet{string}, CancellationToken)"/>, in batches of <paramref name="batchSize"/> (tests cross batch boundaries with a few tickets).</summary>
    internal async Task<int> RecomputeOpenTicketsAsync(IReadOnlySet<string>? only, int batchSize, CancellationToken ct)
    {
        if (only is { Count: 0 })
        {
            return 0;
        }
        _policies = null;
        _staff = null;
        _calendars.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        var policies = await PoliciesAsync(ct);
        var staff = await StaffAsync(ct);
        await LoadCalendarsAsync(policies, ct);
        var changed = 0;
        var wanted = new List<SlaAlarmPlanner.Planned>(6);

        // The read-ahead has a context of its own: a DbContext serves one operation at a time.
        await using var readScope = scopes.CreateAsyncScope();
        await using var messagesScope = scopes.CreateAsyncScope();
        var reader = new RecomputeReaders(readScope.ServiceProvider.GetRequiredService<HaumaiDb>(), messagesScope.ServiceProvider.GetRequiredService<HaumaiDb>());
        // Task.Run: SQLite's "async" reads run synchronously, and the point is the second core.
        var next = Task.Run(() => ReadRecomputeBatchAsync(reader, 0, batchSize, policies, only, ct), ct);
        try
        {
            while (true)
            {
                var batch = await next;
                if (batch.LastId is not { } lastId)
                {
                    break;
                }
                next = Task.Run(() => ReadRecomputeBatchAsync(reader, lastId, batchSize, policies, only, ct), ct);

                var writes = new SlaRecomputeWrites();
                int s = 0, m = 0, a = 0;
                foreach (var (t, policy) in batch.Tickets)
                {
                    var statuses = Slice(batch.Statuses, t.Id, ref s, static r => r.TicketId);
                    var replies = Slice(batch.Messages, t.Id, ref m, static r => r.TicketId);
                    var existing = Slice(batch.Alarms, t.Id, ref a, static r => r.TicketId);
                    var calendar = _calendars[policy.CalendarSlug];
                    var clocks = calendar is null ? null : ClocksOf(t.CreatedAt, t.Priority, policy, calendar, statuses, replies, staff, now);
                    var due = clocks is null ? null : SlaClockEngine.NextDueAt(clocks);
                    if (due != t.NextSlaDueAt)
                    {
                        writes.Dues.Add((t.Id, t.Version, due));
                    }
                    wanted.Clear();
                    if (clocks is not null)
                    {
                        alarms.Plan(clocks, calendar!, wanted);
                    }
                    writes.AddAlarmChanges(t.Id, t.Version, wanted, existing);
                }
                if (!writes.IsEmpty)
                {
                    changed += await writes.ApplyAsync(db, now, ct);
                }
            }
        }
        finally
        {
            // The read-ahead must end before its context goes back to the pool. On success it has
            // (the loop awaited it); after a failure the first error is the one that propagates.
            if (!next.IsCompleted)
            {
                await Task.WhenAny(next);
            }
            _ = next.Exception;
        }
        return changed;
    }

    /// <summary>Tickets per recompute batch: 200 batches for a million, and a batch's rows (≈10 per ticket) stay a few MB.</summary>
    private const int RecomputeBatchSize = 5000;

    /// <summary>On SQLite, up to this many ids in range per ticket of the batch, its history is read by id range rather than by id list.</summary>
    private const long SqliteSparseRange = 8;

    private sealed record OpenTicketRow(long Id, DateTime CreatedAt, Priority Priority, int? CategoryId, int? TeamId, int? OrganizationId, DateTime? NextSlaDueAt, int Version);

    private readonly record struct StatusRow(long TicketId, DateTime At, string? Data);

    private readonly record struct MessageRow(long TicketId, DateTime At, int AuthorId);

    /// <param name="LastId">Where the next batch starts; null: no open tickets left.</param>
    /// <param name="Tickets">The batch's tickets to recompute, with their policy, in id order.</param>
    private sealed record RecomputeBatch(
        long? LastId, List<(OpenTicketRow Ticket, SlaPolicy Policy)> Tickets,
        List<StatusRow> Statuses, List<MessageRow> Messages, List<SlaRecomputeWrites.ExistingAlarm> Alarms);

    /// <summary>
    /// Two contexts for the read-ahead: public messages, the most rows of a batch (2.8 M of 5.5 M
    /// for a million tickets), are read on the second while the first reads the rest, since reading
    /// is what the recompute waits on (a change that moved nothing still took 15–18 s on SQLite).
    /// </summary>
    private sealed record RecomputeReaders(HaumaiDb Main, HaumaiDb Messages);

    /// <summary>
    /// The next open tickets after <paramref name="after"/>, each with its policy (those counting
    /// in another calendar than <paramref name="only"/> left out), and their status events, public
    /// messages and alarms, each ordered by ticket then id, so the batch is walked in step.
    /// Policies are chosen here, on the read-ahead's thread: <paramref name="policies"/> is only read.
    /// </summary>
    private static async Task<RecomputeBatch> ReadRecomputeBatchAsync(
        RecomputeReaders readers, long after, int batchSize, List<SlaPolicy> policies, IReadOnlySet<string>? only, CancellationToken ct)
    {
        var reader = readers.Main;
        var open = await reader.Tickets.AsNoTracking()
            .Where(t => t.IsOpen && t.Id > after)
            .OrderBy(t => t.Id)
            .Take(batchSize)
            .Select(t => new OpenTicketRow(t.Id, t.CreatedAt, t.Priority, t.CategoryId, t.TeamId, t.OrganizationId, t.NextSlaDueAt, t.Version))
            .ToListAsync(ct);
        if (open.Count == 0)
        {
            return new RecomputeBatch(null, [], [], [], []);
        }
        var orgIds = open.Where(t => t.OrganizationId != null).Select(t => t.OrganizationId!.Value).Distinct().ToList();
        var orgs = orgIds.Count == 0 ? [] : await OrganizationsAsync(reader, orgIds, ct);
        var tickets = new List<(OpenTicketRow, SlaPolicy)>(open.Count);
        foreach (var t in open)
        {
            var organization = t.OrganizationId is { } o ? orgs.GetValueOrDefault(o) : null;
            // No policy at all (the default is missing): a configuration error, the ticket left as it is.
            if (SlaPolicy.Choose(policies, Facts(t.CategoryId, t.TeamId, organization, t.CreatedAt)) is { } policy
                && (only is null || only.Contains(policy.CalendarSlug)))
            {
                tickets.Add((t, policy));
            }
        }
        if (tickets.Count == 0)
        {
            return new RecomputeBatch(open[^1].Id, tickets, [], [], []);
        }
        var (first, last) = (tickets[0].Item1.Id, tickets[^1].Item1.Id);
        var events = reader.TicketEvents.AsNoTracking().Where(e => e.Type == TicketEventType.StatusChanged);
        var messages = readers.Messages.TicketMessages.AsNoTracking().Where(m => !m.IsInternal);
        var alarms = reader.SlaAlarms.AsNoTracking();
        // On SQLite a range of ids is the cheapest filter, even with rows of other tickets in it
        // (skipped while walking): reading one calendar's third of a million tickets by lists of
        // 5,000 ids took 18 s of its time, by range 0.5 s. PostgreSQL takes the list (= ANY) well
        // and reading the rows of the other tickets is its own work: there, ids once the range is
        // half other tickets (one calendar's third: 47.6 s by ids, 93.3 s by range, noisy machine).
        if (last - first + 1 <= (reader.IsSqlite ? SqliteSparseRange : 2L) * tickets.Count)
        {
            events = events.Where(e => e.TicketId >= first && e.TicketId <= last);
            messages = messages.Where(m => m.TicketId >= first && m.TicketId <= last);
            alarms = alarms.Where(a => a.TicketId >= first && a.TicketId <= last);
        }
        else
        {
            var ids = tickets.Select(t => t.Item1.Id).ToArray();
            events = events.Where(e => ids.Contains(e.TicketId));
            messages = messages.Where(m => ids.Contains(m.TicketId));
            alarms = alarms.Where(a => ids.Contains(a.TicketId));
        }
        // Task.Run: SQLite's "async" reads run synchronously on the caller's thread.
        var reading = Task.Run(() => messages.OrderBy(m => m.TicketId).ThenBy(m => m.Id)
            .Select(m => new MessageRow(m.TicketId, m.CreatedAt, m.AuthorId))
            .ToListAsync(ct), ct);
        List<StatusRow> statuses;
        List<SlaRecomputeWrites.ExistingAlarm> existing;
        try
        {
            statuses = await events.OrderBy(e => e.TicketId).ThenBy(e => e.Id)
                .Select(e => new StatusRow(e.TicketId, e.CreatedAt, e.Data))
                .ToListAsync(ct);
            existing = await alarms.OrderBy(a => a.TicketId).ThenBy(a => a.Id)
                .Select(a => new SlaRecomputeWrites.ExistingAlarm(a.Id, a.TicketId, a.Clock, a.Kind, a.CycleStartedAt, a.FireAt, a.FiredAt))
                .ToListAsync(ct);
        }
        finally
        {
            // The messages' context is used again by the next batch: its read must be over first.
            if (!reading.IsCompleted)
            {
                await Task.WhenAny(reading);
            }
        }
        return new RecomputeBatch(open[^1].Id, tickets, statuses, await reading, existing);
    }

    /// <summary>The rows of one ticket in a list ordered by ticket id, moving <paramref name="from"/> past them (and past any ticket before it).</summary>
    private static ReadOnlySpan<T> Slice<T>(List<T> rows, long ticketId, ref int from, Func<T, long> ticketOf)
    {
        while (from < rows.Count && ticketOf(rows[from]) < ticketId)
        {
            from++;
        }
        var start = from;
        while (from < rows.Count && ticketOf(rows[from]) == ticketId)
        {
            from++;
        }
        return CollectionsMarshal.AsSpan(rows)[start..from];
    }

    /// <summary>
    /// The clocks of a batch of saved tickets as of <paramref name="now"/>, from their saved
    /// history, in four queries whatever the batch size (status events, public messages, staff,
    /// organizations): callers keep batches to a few hundred tickets so the id lists stay small.
    /// A ticket no policy applies to is absent from the answer; one whose policy's calendar is
    /// missing maps to null (both are configuration errors, logged). Computes exactly as
    /// <see cref="RecomputeOpenTicketsAsync"/> does.
    /// </summary>
    public async Task<Dictionary<long, IReadOnlyList<SlaClock>?>> ClocksForBatchAsync(IReadOnlyList<SlaTicketRow> batch, DateTime now, CancellationToken ct)
    {
        var result = new Dictionary<long, IReadOnlyList<SlaClock>?>(batch.Count);
        if (batch.Count == 0)
        {
            return result;
        }
        var policies = await PoliciesAsync(ct);
        var staff = await StaffAsync(ct);
        await LoadCalendarsAsync(policies, ct);
        var ids = batch.Select(t => t.Id).ToList();
        var statuses = await db.TicketEvents.AsNoTracking()
            .Where(e => ids.Contains(e.TicketId) && e.Type == TicketEventType.StatusChanged)
            .OrderBy(e => e.TicketId).ThenBy(e => e.Id)
            .Select(e => new StatusRow(e.TicketId, e.CreatedAt, e.Data))
            .ToListAsync(ct);
        var messages = await db.TicketMessages.AsNoTracking()
            .Where(m => ids.Contains(m.TicketId) && !m.IsInternal)
            .OrderBy(m => m.TicketId).ThenBy(m => m.Id)
            .Select(m => new MessageRow(m.TicketId, m.CreatedAt, m.AuthorId))
            .ToListAsync(ct);
        var orgIds = batch.Where(t => t.OrganizationId != null).Select(t => t.OrganizationId!.Value).Distinct().ToList();
        var orgs = orgIds.Count == 0 ? [] : await OrganizationsAsync(db, orgIds, ct);

        int s = 0, m = 0;
        foreach (var t in batch.DistinctBy(t => t.Id).OrderBy(t => t.Id))
        {
            var ticketStatuses = Slice(statuses, t.Id, ref s, static r => r.TicketId);
            var ticketMessages = Slice(messages, t.Id, ref m, static r => r.TicketId);
            var facts = Facts(t.CategoryId, t.TeamId, t.OrganizationId is { } o ? orgs.GetValueOrDefault(o) : null, t.CreatedAt);
            if (SlaPolicy.Choose(policies, facts) is not { } policy)
            {
                continue;
            }
            var calendar = _calendars[policy.CalendarSlug];
            result[t.Id] = calendar is null ? null : ClocksOf(t.CreatedAt, t.Priority, policy, calendar, ticketStatuses, ticketMessages, staff, now);
        }
        return result;
    }

    /// <summary>One saved ticket's clocks from its status events and public messages (each in id order): the batch paths' one computation.</summary>
    private IReadOnlyList<SlaClock> ClocksOf(
        DateTime createdAt, Priority priority, SlaPolicy policy, BusinessCalendar calendar,
        ReadOnlySpan<StatusRow> statuses, ReadOnlySpan<MessageRow> messages, HashSet<int> staff, DateTime now)
    {
        var facts = new List<SlaFact>(statuses.Length + messages.Length);
        // As WithoutDescription: a first message written as the ticket was created is its description.
        var firstReply = messages.Length > 0 && messages[0].At <= createdAt ? 1 : 0;
        foreach (var r in messages[firstReply..])
        {
            facts.Add(staff.Contains(r.AuthorId) ? SlaFact.StaffReply(r.At) : SlaFact.CustomerReply(r.At));
        }
        foreach (var e in statuses)
        {
            AddStatusFact(facts, e.At, e.Data);
        }
        return SlaClockEngine.Compute(Sorted(createdAt, facts), policy.TargetsFor(priority), calendar, now);
    }

    /// <summary>
    /// Ids of the users whose public messages are staff replies (every role but customer): a few
    /// hundred at most, read once instead of joining each message to its author. A user created
    /// after this read can only have written to tickets saved after the batch was read, which the
    /// version check leaves alone.
    /// </summary>
    private async Task<HashSet<int>> StaffAsync(CancellationToken ct) =>
        _staff ??= (await db.Users.AsNoTracking().Where(u => u.Role != Role.Customer).Select(u => u.Id).ToListAsync(ct)).ToHashSet();

    /// <summary>The calendars of all policies, looked up once, so the batch loops look them up without awaiting.</summary>
    private async Task LoadCalendarsAsync(List<SlaPolicy> policies, CancellationToken ct)
    {
        foreach (var policy in policies)
        {
            if (!_calendars.ContainsKey(policy.CalendarSlug))
            {
                _calendars[policy.CalendarSlug] = await CalendarAsync(policy, ct);
            }
        }
    }

    private async Task<SlaResponse?> EvaluateAsync(Ticket ticket, CancellationToken ct)
    {
        var policies = await PoliciesAsync(ct);
        var organization = ticket.OrganizationId is { } orgId ? (await OrganizationsAsync(db, [orgId], ct)).GetValueOrDefault(orgId) : null;
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
            AddStatusFact(facts, at, data);
        }
        return Sorted(createdAt, facts);
    }

    /// <summary>Replies first, then status changes, each in the order recorded; <see cref="Sorted"/> then interleaves them by time.</summary>
    private void AddStatusFact(List<SlaFact> facts, DateTime at, string? data)
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
    private static SlaHistory Sorted(DateTime createdAt, List<SlaFact> facts) => new(createdAt, [.. facts.OrderBy(f => f.At)]);

    /// <summary>
    /// <see cref="ParseStatusTo"/>, remembered per text: a million tickets have a million status
    /// events but only a few dozen distinct texts (<c>{"from":"new","to":"open"}</c> …), and parsing
    /// each into a <see cref="JsonDocument"/> was a measured share of the recompute's CPU.
    /// </summary>
    private TicketStatus? StatusTo(string? data)
    {
        if (data is null)
        {
            return null;
        }
        if (!_statusTo.TryGetValue(data, out var status))
        {
            status = ParseStatusTo(data);
            // Bounded: odd texts (not as Ticket writes them) are parsed each time rather than kept.
            if (_statusTo.Count < 1024)
            {
                _statusTo[data] = status;
            }
        }
        return status;
    }

    /// <summary>Reads <c>{"from":"pending","to":"open"}</c>, as <see cref="Ticket"/> records it.</summary>
    private static TicketStatus? ParseStatusTo(string data)
    {
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

    private static async Task<Dictionary<int, OrganizationTerms>> OrganizationsAsync(HaumaiDb db, List<int> ids, CancellationToken ct) =>
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
