using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Haumai.Web.Data;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Tickets;

/// <summary>
/// T5: open work by priority (urgent first), then by arrival (oldest first). Arrival is the id:
/// ids are handed out as tickets arrive, and ordering by them needs no timestamp in the key.
/// <para>
/// Paging is by keyset, not offset. The cursor is the last row's (priority, id); the next page
/// is "same priority, larger id" and then, if that runs out, "lower priorities". Each part is one
/// seek into an index that leads with the filter (see TicketConfiguration), so page 500 costs what
/// page 1 costs on SQLite and PostgreSQL alike, with no row-value syntax the providers disagree on.
/// </para>
/// <para>
/// Sorted by due time (<c>sort=due</c>, S3) the key is the ticket's nearest SLA due time, then
/// id; tickets with no running clock come last. The cursor is (due, id) and the same two seeks
/// apply, plus a third into the undated tail, on the (is_open, next_sla_due_at, id) indexes.
/// </para>
/// </summary>
public static class ListQueue
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public sealed record Filter(
        int? TeamId = null,
        int? AssigneeId = null,
        bool Unassigned = false,
        TicketStatus? Status = null,
        int? CategoryId = null,
        Plan? Plan = null);

    public readonly record struct Cursor(Priority Priority, long Id)
    {
        public string Encode() =>
            Base64Url.EncodeToString(Encoding.ASCII.GetBytes(FormattableString.Invariant($"q1.{(int)Priority}.{Id}")));

        public static bool TryDecode(string? text, out Cursor cursor)
        {
            cursor = default;
            if (string.IsNullOrEmpty(text) || text.Length > 64)
            {
                return false;
            }
            try
            {
                var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
                if (parts.Length == 3 && parts[0] == "q1"
                    && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && Enum.IsDefined((Priority)p)
                    && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    cursor = new Cursor((Priority)p, id);
                    return true;
                }
            }
            catch (FormatException)
            {
            }
            return false;
        }
    }

    /// <summary>The position in the due-sorted queue: the last row's due time (null in the undated tail) and id.</summary>
    public readonly record struct DueCursor(DateTime? Due, long Id)
    {
        public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            FormattableString.Invariant($"d1.{(Due is { } d ? d.Ticks.ToString(CultureInfo.InvariantCulture) : "-")}.{Id}")));

        public static bool TryDecode(string? text, out DueCursor cursor)
        {
            cursor = default;
            if (string.IsNullOrEmpty(text) || text.Length > 64)
            {
                return false;
            }
            try
            {
                var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
                if (parts.Length == 3 && parts[0] == "d1"
                    && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    if (parts[1] == "-")
                    {
                        cursor = new DueCursor(null, id);
                        return true;
                    }
                    if (long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                        && ticks <= DateTime.MaxValue.Ticks)
                    {
                        cursor = new DueCursor(new DateTime(ticks, DateTimeKind.Utc), id);
                        return true;
                    }
                }
            }
            catch (FormatException)
            {
            }
            return false;
        }
    }

    public sealed class Handler(HaumaiDb db, TicketAccess access, TicketReader reader)
    {
        public async Task<QueuePage> HandleAsync(Filter filter, Cursor? after, int limit, CancellationToken ct)
        {
            var q = Apply(await access.VisibleAsync(ct), filter).AsNoTracking();
            var rows = new List<Ticket>(limit + 1);
            if (after is { } c)
            {
                rows.AddRange(await q.Where(t => t.Priority == c.Priority && t.Id > c.Id).OrderBy(t => t.Id).Take(limit + 1).ToListAsync(ct));
                if (rows.Count <= limit)
                {
                    rows.AddRange(await q.Where(t => t.Priority > c.Priority)
                        .OrderBy(t => t.Priority).ThenBy(t => t.Id).Take(limit + 1 - rows.Count).ToListAsync(ct));
                }
            }
            else
            {
                rows.AddRange(await q.OrderBy(t => t.Priority).ThenBy(t => t.Id).Take(limit + 1).ToListAsync(ct));
            }
            var more = rows.Count > limit;
            if (more)
            {
                rows.RemoveAt(rows.Count - 1);
            }
            var items = await SummariesAsync(rows, ct);
            return new QueuePage(items, more ? new Cursor(rows[^1].Priority, rows[^1].Id).Encode() : null);
        }

        /// <summary>The queue by nearest SLA due time (overdue first), then id; tickets without a running clock last.</summary>
        public async Task<QueuePage> HandleByDueAsync(Filter filter, DueCursor? after, int limit, CancellationToken ct)
        {
            var q = Apply(await access.VisibleAsync(ct), filter).AsNoTracking();
            var dated = q.Where(t => t.NextSlaDueAt != null);
            var undated = q.Where(t => t.NextSlaDueAt == null);
            var rows = new List<Ticket>(limit + 1);
            if (after is { Due: { } due, Id: var afterId })
            {
                rows.AddRange(await dated.Where(t => t.NextSlaDueAt == due && t.Id > afterId).OrderBy(t => t.Id).Take(limit + 1).ToListAsync(ct));
                if (rows.Count <= limit)
                {
                    rows.AddRange(await dated.Where(t => t.NextSlaDueAt > due)
                        .OrderBy(t => t.NextSlaDueAt).ThenBy(t => t.Id).Take(limit + 1 - rows.Count).ToListAsync(ct));
                }
            }
            else if (after is { Due: null, Id: var tailId })
            {
                rows.AddRange(await undated.Where(t => t.Id > tailId).OrderBy(t => t.Id).Take(limit + 1).ToListAsync(ct));
            }
            else
            {
                rows.AddRange(await dated.OrderBy(t => t.NextSlaDueAt).ThenBy(t => t.Id).Take(limit + 1).ToListAsync(ct));
            }
            if (rows.Count <= limit && after is not { Due: null })
            {
                rows.AddRange(await undated.OrderBy(t => t.Id).Take(limit + 1 - rows.Count).ToListAsync(ct));
            }
            var more = rows.Count > limit;
            if (more)
            {
                rows.RemoveAt(rows.Count - 1);
            }
            var items = await SummariesAsync(rows, ct);
            return new QueuePage(items, more ? new DueCursor(rows[^1].NextSlaDueAt, rows[^1].Id).Encode() : null);
        }

        private IQueryable<Ticket> Apply(IQueryable<Ticket> q, Filter f)
        {
            q = f.Status is { } status ? q.Where(t => t.Status == status) : q.Where(t => t.IsOpen);
            if (f.TeamId is { } team)
            {
                q = q.Where(t => t.TeamId == team);
            }
            if (f.Unassigned)
            {
                q = q.Where(t => t.AssigneeId == null);
            }
            else if (f.AssigneeId is { } assignee)
            {
                q = q.Where(t => t.AssigneeId == assignee);
            }
            if (f.CategoryId is { } category)
            {
                q = q.Where(t => t.CategoryId == category);
            }
            if (f.Plan is { } plan)
            {
                q = q.Where(t => db.Organizations.Any(o => o.Id == t.OrganizationId && o.Plan == plan));
            }
            return q;
        }

        /// <summary>Names for the page's rows in three small queries, not one join per row.</summary>
        private async Task<List<TicketSummary>> SummariesAsync(List<Ticket> rows, CancellationToken ct)
        {
            var orgIds = rows.Where(t => t.OrganizationId != null).Select(t => t.OrganizationId!.Value).Distinct().ToList();
            var categoryIds = rows.Where(t => t.CategoryId != null).Select(t => t.CategoryId!.Value).Distinct().ToList();
            var users = rows.Count == 0 ? [] : await reader.PeopleAsync(rows.Select(t => t.RequesterId), ct);
            var orgs = orgIds.Count == 0 ? [] : await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id))
                .Select(o => new OrganizationRef(o.Id, o.Name, o.Plan)).ToDictionaryAsync(o => o.Id, ct);
            var categories = categoryIds.Count == 0 ? [] : await db.Categories.AsNoTracking().Where(c => categoryIds.Contains(c.Id))
                .ToDictionaryAsync(c => c.Id, c => c.Slug, ct);
            return rows.Select(t => new TicketSummary(
                t.Id, t.Number, t.Subject, t.Status, t.Priority,
                t.CategoryId is { } c ? categories.GetValueOrDefault(c) : null,
                t.Channel, users[t.RequesterId],
                t.OrganizationId is { } o ? orgs.GetValueOrDefault(o) : null,
                t.AssigneeId, t.TeamId, t.CreatedAt, t.UpdatedAt, t.NextSlaDueAt)).ToList();
        }
    }

    /// <summary>Reads the filters from the query string, naming the parameter that is wrong.</summary>
    public static async Task<(Filter? Filter, string? Field, string? Error)> ParseFilterAsync(
        HaumaiDb db, int currentUserId, string? team, string? assignee, string? status, string? category, string? plan, CancellationToken ct)
    {
        var filter = new Filter();
        if (team is not null)
        {
            var slug = team.Trim().ToLowerInvariant();
            int? teamId = int.TryParse(team, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : await db.Teams.Where(t => t.Slug == slug).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);
            if (teamId is null)
            {
                return (null, "team", $"There is no team '{team}'.");
            }
            filter = filter with { TeamId = teamId };
        }
        if (assignee is not null)
        {
            if (assignee is "me")
            {
                filter = filter with { AssigneeId = currentUserId };
            }
            else if (assignee is "none")
            {
                filter = filter with { Unassigned = true };
            }
            else if (int.TryParse(assignee, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                filter = filter with { AssigneeId = id };
            }
            else
            {
                return (null, "assignee", "Assignee is a user id, 'me' or 'none'.");
            }
        }
        if (status is not null)
        {
            if (!Enums.TryParse<TicketStatus>(status, out var s))
            {
                return (null, "status", $"Status must be one of: {Enums.Names<TicketStatus>()}.");
            }
            filter = filter with { Status = s };
        }
        if (category is not null)
        {
            var slug = category.Trim().ToLowerInvariant();
            var id = await db.Categories.Where(c => c.Slug == slug).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
            if (id is null)
            {
                return (null, "category", $"There is no category '{category}'.");
            }
            filter = filter with { CategoryId = id };
        }
        if (plan is not null)
        {
            if (!Enums.TryParse<Plan>(plan, out var p))
            {
                return (null, "plan", $"Plan must be one of: {Enums.Names<Plan>()}.");
            }
            filter = filter with { Plan = p };
        }
        return (filter, null, null);
    }
}
