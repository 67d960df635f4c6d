using Haumai.Web.Data;
using Haumai.Web.Features.CannedResponses;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.CannedResponses;

/// <summary>T8: the canned responses, all teams' and the global ones, searchable by title or text.</summary>
public sealed class IndexModel(ListCannedResponses.Handler list, HaumaiDb db, IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    /// <summary>"" for all, "global" for those offered on every team's tickets, or a team's id.</summary>
    [BindProperty(SupportsGet = true, Name = "team")] public string? TeamFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }

    public IReadOnlyList<ListCannedResponses.Item> Responses { get; private set; } = [];
    public IReadOnlyList<TeamChoice> Teams { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Admins see every response; a few hundred at most, so the filters run here.
        var all = await list.HandleAsync(teamId: null, ct);
        Total = all.Count;
        IEnumerable<ListCannedResponses.Item> shown = all;
        if (TeamFilter == "global")
        {
            shown = shown.Where(r => r.TeamId is null);
        }
        else if (int.TryParse(TeamFilter, out var teamId))
        {
            shown = shown.Where(r => r.TeamId == teamId);
        }
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var term = Search.Trim();
            shown = shown.Where(r => r.Title.Contains(term, StringComparison.CurrentCultureIgnoreCase) || r.Body.Contains(term, StringComparison.CurrentCultureIgnoreCase));
        }
        Responses = shown.ToList();
        Teams = await TeamChoice.LoadAsync(db, ct);
    }
}
