using System.Globalization;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Features.Workspace;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Agent;

/// <summary>
/// The queue (<c>/agent</c>): saved views as tabs, filters as a GET form, one page of tickets, bulk
/// actions. <c>?handler=Rows</c> answers the same query with just the rows, the view counts and the
/// pager, for agent.js to swap in when the live queue says something changed.
/// </summary>
public sealed class IndexModel(
    QueueView.Handler queue,
    BulkUpdate.Handler bulk,
    WorkspaceDirectory directory,
    IStringLocalizer<AgentText> text,
    UserFormat format,
    TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "view")] public string? View { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "priority")] public string? Priority { get; set; }
    [BindProperty(SupportsGet = true, Name = "team")] public string? Team { get; set; }
    [BindProperty(SupportsGet = true, Name = "assignee")] public string? Assignee { get; set; }
    [BindProperty(SupportsGet = true, Name = "tag")] public string? Tag { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "sort")] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "cursor")] public string? Cursor { get; set; }
    [BindProperty(SupportsGet = true, Name = "limit")] public int? Limit { get; set; }

    /// <summary>What the last bulk action did, shown once after its redirect.</summary>
    [TempData] public string? BulkOutcome { get; set; }
    [TempData] public string? BulkFailures { get; set; }
    [TempData] public bool BulkFailed { get; set; }

    public QueueView.Result Queue { get; private set; } = null!;
    public IReadOnlyList<NamedRef> Teams { get; private set; } = [];
    public IReadOnlyList<NamedRef> Staff { get; private set; } = [];
    public DateTime Now { get; private set; }

    // The view counts come after the page (OnGetCounts), so the queue shows as soon as its rows are read.
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(withCounts: false, ct);

    public async Task<IActionResult> OnGetRowsAsync(CancellationToken ct)
    {
        await LoadAsync(withCounts: true, ct);
        Response.Headers.CacheControl = "no-store";
        return Partial("_QueueLive", this);
    }

    public async Task<IActionResult> OnGetCountsAsync(CancellationToken ct)
    {
        Counts = await queue.CountsAsync(ct);
        Response.Headers.CacheControl = "no-store";
        return Partial("_QueueCounts", Counts);
    }

    /// <summary>The open tickets per view, once read (empty on the first render of the page).</summary>
    public IReadOnlyDictionary<SavedView, int> Counts { get; private set; } = new Dictionary<SavedView, int>();

    public async Task<IActionResult> OnPostBulkAsync(
        [FromForm(Name = "ids")] List<long>? ids,
        [FromForm(Name = "bulk")] string? action,
        [FromForm(Name = "bulkAssignee")] string? assignee,
        [FromForm(Name = "bulkStatus")] string? status,
        [FromForm(Name = "bulkTag")] string? tag,
        CancellationToken ct)
    {
        var result = await bulk.HandleAsync(new BulkUpdate.Request(ids, action, assignee, status, tag), ct);
        if (result.Problem is { } problem)
        {
            BulkFailed = true;
            BulkOutcome = Describe(problem);
        }
        else
        {
            BulkFailed = result.Failures.Count > 0;
            BulkOutcome = result.Failures.Count == 0
                ? text["{0} tickets updated.", result.Succeeded]
                : text["{0} tickets updated, {1} not:", result.Succeeded, result.Failures.Count];
            BulkFailures = string.Join("\n", result.Failures.Select(f => $"{Ticket.FormatNumber(f.TicketId)}: {Describe(f)}"));
        }
        // Back to the same view and filters (post, redirect, get: a reload does not post again).
        return Redirect(QueueUrl());
    }

    private async Task LoadAsync(bool withCounts, CancellationToken ct)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        Queue = await queue.HandleAsync(new QueueView.Request(View, Status, Priority, Team, Assignee, Tag, Search, Sort, Cursor, Limit, withCounts), ct);
        Counts = Queue.Counts;
        Teams = await directory.TeamsAsync(ct);
        Staff = await directory.StaffAsync(ct);
    }

    /// <summary>The queue's URL with the current view and filters, changed as asked (a null value drops a parameter).</summary>
    public string QueueUrl(IReadOnlyDictionary<string, string?>? changes = null, string? handler = null)
    {
        // After a GET the values as read (a wrong one left out); on a POST (nothing read) as asked.
        var bad = Queue?.Problems.Select(p => p.Field).ToHashSet() ?? [];
        var query = new Dictionary<string, string?>
        {
            ["view"] = Queue is { } q ? QueueView.Name(q.Criteria.View) : View,
            ["status"] = Keep("status", Status),
            ["priority"] = Keep("priority", Priority),
            ["team"] = Keep("team", Team),
            ["assignee"] = Keep("assignee", Assignee),
            ["tag"] = Keep("tag", Tag),
            ["q"] = Keep("q", Search),
            ["sort"] = Keep("sort", Sort),
            ["limit"] = Keep("limit", Limit?.ToString(CultureInfo.InvariantCulture)),
            ["cursor"] = Keep("cursor", Cursor),
        };
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            query[key] = value;
        }
        if (handler is not null)
        {
            query["handler"] = handler;
        }
        return QueryHelpers.AddQueryString("/agent", query.Where(p => !string.IsNullOrEmpty(p.Value)));

        string? Keep(string field, string? value) => bad.Contains(field) ? null : value?.Trim();
    }

    /// <summary>A tab: the view, with the sort kept and the filters and page left behind.</summary>
    public string ViewUrl(SavedView view) =>
        QueryHelpers.AddQueryString("/agent", new Dictionary<string, string?>
        {
            ["view"] = QueueView.Name(view),
            ["sort"] = Queue.Criteria.ByDue ? "due" : null,
        }.Where(p => p.Value is not null));

    public string NextPageUrl() => QueueUrl(new Dictionary<string, string?> { ["cursor"] = Queue.NextCursor });

    public string FirstPageUrl() => QueueUrl(new Dictionary<string, string?> { ["cursor"] = null });

    public string ClearFiltersUrl() => ViewUrl(Queue.Criteria.View);

    public static string CountText(IReadOnlyDictionary<SavedView, int> counts, SavedView view) =>
        counts.TryGetValue(view, out var count) ? CountText(count) : "";

    public static string CountText(int count) => count > QueueView.CountCap ? QueueView.CountCap.ToString(CultureInfo.CurrentCulture) + "+" : count.ToString(CultureInfo.CurrentCulture);

    public string ViewLabel(SavedView view) => view switch
    {
        SavedView.Mine => text["Mine"],
        SavedView.Team => text["My teams"],
        SavedView.Unassigned => text["Unassigned"],
        SavedView.Urgent => text["Urgent"],
        SavedView.Waiting => text["Waiting on customer"],
        _ => text["All"],
    };

    public string Describe(QueueView.InputProblem p) => p.Kind switch
    {
        QueueView.Problem.UnknownView => text["There is no view “{0}”; showing all tickets.", p.Value],
        QueueView.Problem.UnknownStatus => text["There is no status “{0}”; that filter was left out.", p.Value],
        QueueView.Problem.UnknownPriority => text["There is no priority “{0}”; that filter was left out.", p.Value],
        QueueView.Problem.UnknownTeam => text["There is no team “{0}”; that filter was left out.", p.Value],
        QueueView.Problem.BadAssignee => text["“{0}” is not an agent; that filter was left out.", p.Value],
        QueueView.Problem.BadTag => text["A tag has at most {0} characters; that filter was left out.", Ticket.MaxTagLength],
        QueueView.Problem.SearchTooLong => text["Search for at most {0} characters; the search was left out.", QueueView.MaxSearchLength],
        QueueView.Problem.UnknownSort => text["There is no sort “{0}”; sorted by priority.", p.Value],
        QueueView.Problem.BadCursor => text["That page link is not valid (any more); showing the first page."],
        QueueView.Problem.BadLimit => text["A page shows 1 to {0} tickets; showing {1}.", ListQueue.MaxLimit, QueueView.PageSize],
        _ => p.Kind.ToString(),
    };

    private string Describe(BulkUpdate.RequestProblem problem) => problem switch
    {
        BulkUpdate.RequestProblem.NoTickets => text["Select at least one ticket first."],
        BulkUpdate.RequestProblem.TooManyTickets => text["Select at most {0} tickets at once.", BulkUpdate.MaxTickets],
        BulkUpdate.RequestProblem.NoAssignee => text["Choose who the tickets go to."],
        BulkUpdate.RequestProblem.NotAnAgent => text["That person is not an active agent."],
        BulkUpdate.RequestProblem.UnknownStatus => text["Choose a status."],
        BulkUpdate.RequestProblem.NoTag => text["Type the tag to add."],
        BulkUpdate.RequestProblem.TagTooLong => text["A tag has at most {0} characters.", Ticket.MaxTagLength],
        _ => text["Choose an action."],
    };

    private string Describe(BulkUpdate.Failed f) => f.Reason switch
    {
        BulkUpdate.Failure.NotTeamMember => text["the agent is not a member of its team"],
        BulkUpdate.Failure.StatusNotAllowed => text["a ticket that is {0} cannot move to that status", f.From is { } s ? format.Status(s) : "?"],
        BulkUpdate.Failure.Closed => text["the ticket is closed"],
        BulkUpdate.Failure.TooManyTags => text["the ticket already has {0} tags", Ticket.MaxTags],
        BulkUpdate.Failure.Conflict => text["someone else changed it at the same moment; try again"],
        _ => text["not found, or not yours to see"],
    };
}
