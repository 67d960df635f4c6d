using System.Globalization;
using Haumai.Web.Data;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Workspace;

/// <summary>The queue's saved views (T5), each a tab of the workspace. Their URL names are lower case.</summary>
public enum SavedView
{
    /// <summary>Everything the agent may see.</summary>
    All,
    /// <summary>Assigned to me.</summary>
    Mine,
    /// <summary>My teams' tickets.</summary>
    Team,
    Unassigned,
    /// <summary>Priority urgent.</summary>
    Urgent,
    /// <summary>Pending: waiting on the customer.</summary>
    Waiting,
}

/// <summary>
/// T5 for people: the agent workspace's queue. A saved view, filters on top of it (status,
/// priority, team, assignee, tag, words of the subject or a ticket number), sorted by priority then
/// arrival or by nearest SLA due time, one page at a time; and how many open tickets each view holds.
/// <para>
/// It pages by keyset exactly as the API's queue (<see cref="ListQueue"/>) does, with the same
/// cursors, over the same indexes; it has its own query because the workspace filters on more than
/// the API does (priority, tag, subject, "my teams"). What anyone may see still comes from
/// <see cref="TicketAccess"/> alone.
/// </para>
/// </summary>
public static class QueueView
{
    public const int PageSize = ListQueue.DefaultLimit;
    public const int MaxSearchLength = 200;

    /// <summary>View counts stop here ("99+"): counting a view of 100,000 tickets would cost more than the page.</summary>
    public const int CountCap = 99;

    /// <summary>The tabs, in the order they are shown.</summary>
    public static readonly IReadOnlyList<SavedView> Views =
        [SavedView.Mine, SavedView.Team, SavedView.Unassigned, SavedView.Urgent, SavedView.Waiting, SavedView.All];

    /// <summary>The query string of the queue page, as typed (anything may be wrong in it).</summary>
    public sealed record Request(
        string? View = null,
        string? Status = null,
        string? Priority = null,
        string? Team = null,
        string? Assignee = null,
        string? Tag = null,
        string? Search = null,
        string? Sort = null,
        string? Cursor = null,
        int? Limit = null,
        bool WithCounts = true);

    /// <summary>What the request asks for, once read; a wrong part is left out and named in <see cref="Result.Problems"/>.</summary>
    public sealed record Criteria(
        SavedView View,
        TicketStatus? Status,
        Priority? Priority,
        int? TeamId,
        int? AssigneeId,
        bool Unassigned,
        string? Tag,
        string? Search,
        bool ByDue,
        string? Cursor,
        int Limit)
    {
        /// <summary>Whether anything narrows the view: the page offers to clear the filters then.</summary>
        public bool Filtered => Status is not null || Priority is not null || TeamId is not null || AssigneeId is not null
            || Unassigned || Tag is not null || Search is not null;
    }

    public enum Problem
    {
        UnknownView,
        UnknownStatus,
        UnknownPriority,
        UnknownTeam,
        BadAssignee,
        BadTag,
        SearchTooLong,
        UnknownSort,
        BadCursor,
        BadLimit,
    }

    /// <summary>A query parameter that was wrong and so was ignored.</summary>
    public sealed record InputProblem(string Field, Problem Kind, string Value);

    /// <summary>One line of the queue, with the names it shows.</summary>
    public sealed record Row(
        long Id,
        string Subject,
        TicketStatus Status,
        Priority Priority,
        PersonRef Requester,
        string? Organization,
        string? Team,
        string? Assignee,
        DateTime? SlaDueAt,
        DateTime UpdatedAt,
        int Version);

    public sealed record Result(
        Criteria Criteria,
        IReadOnlyList<Row> Rows,
        string? NextCursor,
        IReadOnlyDictionary<SavedView, int> Counts,
        IReadOnlyList<InputProblem> Problems);

    public static string Name(SavedView view) => view.ToString().ToLowerInvariant();

    private sealed record Line(long Id, string Subject, TicketStatus Status, Priority Priority, int RequesterId, int? OrganizationId,
        int? TeamId, int? AssigneeId, DateTime? NextSlaDueAt, DateTime UpdatedAt, int Version);

    public sealed class Handler(HaumaiDb db, TicketAccess access, TicketReader reader, CurrentUser user, WorkspaceDirectory directory)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var (criteria, problems) = await ReadAsync(request, ct);
            var visible = (await access.VisibleAsync(ct)).AsNoTracking();
            var myTeams = await user.TeamIdsAsync(ct);
            var q = Filter(InView(visible, criteria.View, myTeams), criteria);

            var lines = new List<Line>(criteria.Limit + 1);
            string? next = null;
            if (criteria.ByDue)
            {
                ListQueue.DueCursor? after = ListQueue.DueCursor.TryDecode(criteria.Cursor, out var c) ? c : null;
                lines = await PageByDueAsync(q, after, criteria.Limit, ct);
                if (lines.Count > criteria.Limit)
                {
                    lines.RemoveAt(lines.Count - 1);
                    next = new ListQueue.DueCursor(lines[^1].NextSlaDueAt, lines[^1].Id).Encode();
                }
            }
            else
            {
                ListQueue.Cursor? after = ListQueue.Cursor.TryDecode(criteria.Cursor, out var c) ? c : null;
                lines = await PageByPriorityAsync(q, after, criteria.Limit, ct);
                if (lines.Count > criteria.Limit)
                {
                    lines.RemoveAt(lines.Count - 1);
                    next = new ListQueue.Cursor(lines[^1].Priority, lines[^1].Id).Encode();
                }
            }

            var counts = request.WithCounts ? await CountsAsync(ct) : new Dictionary<SavedView, int>();
            return new Result(criteria, await RowsAsync(lines, ct), next, counts, problems);
        }

        /// <summary>
        /// Open tickets per saved view (capped), one small query each. The page asks for them after
        /// it is shown (agent.js), so six counts never slow down the queue itself.
        /// </summary>
        public async Task<IReadOnlyDictionary<SavedView, int>> CountsAsync(CancellationToken ct)
        {
            var visible = (await access.VisibleAsync(ct)).AsNoTracking();
            var myTeams = await user.TeamIdsAsync(ct);
            var counts = new Dictionary<SavedView, int>();
            foreach (var view in Views)
            {
                counts[view] = await InView(visible, view, myTeams).Where(t => t.IsOpen).Take(CountCap + 1).CountAsync(ct);
            }
            return counts;
        }

        /// <summary>Reads the query string; what is wrong is ignored and named, never guessed at.</summary>
        private async Task<(Criteria, List<InputProblem>)> ReadAsync(Request r, CancellationToken ct)
        {
            var problems = new List<InputProblem>();
            var view = SavedView.All;
            if (!string.IsNullOrWhiteSpace(r.View) && !TryView(r.View, out view))
            {
                problems.Add(new("view", Problem.UnknownView, r.View));
            }
            TicketStatus? status = null;
            if (!string.IsNullOrWhiteSpace(r.Status))
            {
                if (Enums.TryParse<TicketStatus>(r.Status, out var s)) status = s;
                else problems.Add(new("status", Problem.UnknownStatus, r.Status));
            }
            Priority? priority = null;
            if (!string.IsNullOrWhiteSpace(r.Priority))
            {
                if (Enums.TryParse<Priority>(r.Priority, out var p)) priority = p;
                else problems.Add(new("priority", Problem.UnknownPriority, r.Priority));
            }
            int? teamId = null;
            if (!string.IsNullOrWhiteSpace(r.Team))
            {
                var teams = await directory.TeamsAsync(ct);
                if (int.TryParse(r.Team, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && teams.Any(x => x.Id == t)) teamId = t;
                else problems.Add(new("team", Problem.UnknownTeam, r.Team));
            }
            int? assigneeId = null;
            var unassigned = false;
            switch (r.Assignee?.Trim())
            {
                case null or "":
                    break;
                case "me":
                    assigneeId = user.Id;
                    break;
                case "none":
                    unassigned = true;
                    break;
                case var a when int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                    assigneeId = id;
                    break;
                default:
                    problems.Add(new("assignee", Problem.BadAssignee, r.Assignee));
                    break;
            }
            string? tag = null;
            if (!string.IsNullOrWhiteSpace(r.Tag))
            {
                var normalized = Ticket.NormalizeTag(r.Tag);
                if (normalized.Length <= Ticket.MaxTagLength) tag = normalized;
                else problems.Add(new("tag", Problem.BadTag, r.Tag));
            }
            string? search = null;
            if (!string.IsNullOrWhiteSpace(r.Search))
            {
                if (r.Search.Trim().Length <= MaxSearchLength) search = r.Search.Trim();
                else problems.Add(new("q", Problem.SearchTooLong, r.Search[..20] + "…"));
            }
            var byDue = false;
            if (!string.IsNullOrWhiteSpace(r.Sort))
            {
                if (r.Sort is "due") byDue = true;
                else if (r.Sort is not "priority") problems.Add(new("sort", Problem.UnknownSort, r.Sort));
            }
            string? cursor = null;
            if (!string.IsNullOrEmpty(r.Cursor))
            {
                // Each sort has its own cursor: one from the other sort starts again at the top.
                var valid = byDue ? ListQueue.DueCursor.TryDecode(r.Cursor, out _) : ListQueue.Cursor.TryDecode(r.Cursor, out _);
                if (valid) cursor = r.Cursor;
                else problems.Add(new("cursor", Problem.BadCursor, r.Cursor.Length > 20 ? r.Cursor[..20] + "…" : r.Cursor));
            }
            var limit = PageSize;
            if (r.Limit is { } l)
            {
                if (l is >= 1 and <= ListQueue.MaxLimit) limit = l;
                else problems.Add(new("limit", Problem.BadLimit, l.ToString(CultureInfo.InvariantCulture)));
            }
            return (new Criteria(view, status, priority, teamId, assigneeId, unassigned, tag, search, byDue, cursor, limit), problems);
        }

        private IQueryable<Ticket> InView(IQueryable<Ticket> q, SavedView view, IReadOnlyList<int> myTeams)
        {
            var me = user.Id;
            return view switch
            {
                SavedView.Mine => q.Where(t => t.AssigneeId == me),
                SavedView.Team => q.Where(t => t.TeamId != null && myTeams.Contains(t.TeamId.Value)),
                SavedView.Unassigned => q.Where(t => t.AssigneeId == null),
                SavedView.Urgent => q.Where(t => t.Priority == Priority.Urgent),
                SavedView.Waiting => q.Where(t => t.Status == TicketStatus.Pending),
                _ => q,
            };
        }

        private IQueryable<Ticket> Filter(IQueryable<Ticket> q, Criteria c)
        {
            // Open work unless a status is asked for (solved and closed tickets are found by asking).
            q = c.Status is { } status ? q.Where(t => t.Status == status) : q.Where(t => t.IsOpen);
            if (c.Priority is { } priority)
            {
                q = q.Where(t => t.Priority == priority);
            }
            if (c.TeamId is { } team)
            {
                q = q.Where(t => t.TeamId == team);
            }
            if (c.Unassigned)
            {
                q = q.Where(t => t.AssigneeId == null);
            }
            else if (c.AssigneeId is { } assignee)
            {
                q = q.Where(t => t.AssigneeId == assignee);
            }
            if (c.Tag is { } tag)
            {
                q = q.Where(t => db.TicketTags.Any(x => x.TicketId == t.Id && x.Name == tag));
            }
            if (c.Search is { } search)
            {
                // "#10001" or "10001" finds that ticket; words find subjects that contain them.
                var words = search.ToLowerInvariant();
                q = long.TryParse(search.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    ? q.Where(t => t.Id == number || t.Subject.ToLower().Contains(words))
                    : q.Where(t => t.Subject.ToLower().Contains(words));
            }
            return q;
        }

        private static IQueryable<Line> Lines(IQueryable<Ticket> q) =>
            q.Select(t => new Line(t.Id, t.Subject, t.Status, t.Priority, t.RequesterId, t.OrganizationId, t.TeamId, t.AssigneeId,
                t.NextSlaDueAt, t.UpdatedAt, t.Version));

        /// <summary>Priority then arrival; after a cursor: the rest of its priority, then the lower priorities.</summary>
        private static async Task<List<Line>> PageByPriorityAsync(IQueryable<Ticket> q, ListQueue.Cursor? after, int limit, CancellationToken ct)
        {
            if (after is not { } c)
            {
                return await Lines(q.OrderBy(t => t.Priority).ThenBy(t => t.Id).Take(limit + 1)).ToListAsync(ct);
            }
            var rows = await Lines(q.Where(t => t.Priority == c.Priority && t.Id > c.Id).OrderBy(t => t.Id).Take(limit + 1)).ToListAsync(ct);
            if (rows.Count <= limit)
            {
                rows.AddRange(await Lines(q.Where(t => t.Priority > c.Priority)
                    .OrderBy(t => t.Priority).ThenBy(t => t.Id).Take(limit + 1 - rows.Count)).ToListAsync(ct));
            }
            return rows;
        }

        /// <summary>Nearest due time first (overdue ones are nearest), then the tickets with no running clock.</summary>
        private static async Task<List<Line>> PageByDueAsync(IQueryable<Ticket> q, ListQueue.DueCursor? after, int limit, CancellationToken ct)
        {
            var dated = q.Where(t => t.NextSlaDueAt != null);
            var undated = q.Where(t => t.NextSlaDueAt == null);
            var rows = new List<Line>(limit + 1);
            if (after is { Due: { } due, Id: var afterId })
            {
                rows.AddRange(await Lines(dated.Where(t => t.NextSlaDueAt == due && t.Id > afterId).OrderBy(t => t.Id).Take(limit + 1)).ToListAsync(ct));
                if (rows.Count <= limit)
                {
                    rows.AddRange(await Lines(dated.Where(t => t.NextSlaDueAt > due)
                        .OrderBy(t => t.NextSlaDueAt).ThenBy(t => t.Id).Take(limit + 1 - rows.Count)).ToListAsync(ct));
                }
            }
            else if (after is { Due: null, Id: var tailId })
            {
                rows.AddRange(await Lines(undated.Where(t => t.Id > tailId).OrderBy(t => t.Id).Take(limit + 1)).ToListAsync(ct));
            }
            else
            {
                rows.AddRange(await Lines(dated.OrderBy(t => t.NextSlaDueAt).ThenBy(t => t.Id).Take(limit + 1)).ToListAsync(ct));
            }
            if (rows.Count <= limit && after is not { Due: null })
            {
                rows.AddRange(await Lines(undated.OrderBy(t => t.Id).Take(limit + 1 - rows.Count)).ToListAsync(ct));
            }
            return rows;
        }

        /// <summary>The names a page of lines shows, in a few lookups by key rather than a join per row.</summary>
        private async Task<List<Row>> RowsAsync(List<Line> lines, CancellationToken ct)
        {
            if (lines.Count == 0)
            {
                return [];
            }
            var people = await reader.PeopleAsync(lines.Select(l => l.RequesterId).Concat(lines.Where(l => l.AssigneeId != null).Select(l => l.AssigneeId!.Value)), ct);
            var orgIds = lines.Where(l => l.OrganizationId != null).Select(l => l.OrganizationId!.Value).Distinct().ToList();
            var orgs = orgIds.Count == 0 ? [] : await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            var teams = (await directory.TeamsAsync(ct)).ToDictionary(t => t.Id, t => t.Name);
            return lines.Select(l => new Row(
                l.Id, l.Subject, l.Status, l.Priority, people[l.RequesterId],
                l.OrganizationId is { } o ? orgs.GetValueOrDefault(o) : null,
                l.TeamId is { } t ? teams.GetValueOrDefault(t) : null,
                l.AssigneeId is { } a && people.TryGetValue(a, out var assignee) ? assignee.Name : null,
                l.NextSlaDueAt, l.UpdatedAt, l.Version)).ToList();
        }
    }

    private static bool TryView(string text, out SavedView view)
    {
        foreach (var v in Views)
        {
            if (string.Equals(Name(v), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                view = v;
                return true;
            }
        }
        view = SavedView.All;
        return false;
    }
}
