using Haumai.Web.Data;
using Haumai.Web.Features.Teams;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Teams;

/// <summary>The teams, with their members, leads, assignment mode and calendar.</summary>
public sealed class IndexModel(HaumaiDb db, IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    public sealed record Row(int Id, string Slug, string Name, AssignmentMode Assignment, string Calendar, int Members, IReadOnlyList<string> Leads, int Categories);

    public IReadOnlyList<Row> Teams { get; private set; } = [];
    public IReadOnlyDictionary<string, string> CalendarNames { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        var members = await db.TeamMembers.AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.TeamId, m.IsLead, u.Name })
            .ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking().Where(c => c.TeamId != null)
            .GroupBy(c => c.TeamId).Select(g => new { TeamId = g.Key, Count = g.Count() }).ToListAsync(ct);
        Teams = teams.Select(t => new Row(t.Id, t.Slug, t.Name, t.Assignment, t.CalendarSlug,
            members.Count(m => m.TeamId == t.Id),
            members.Where(m => m.TeamId == t.Id && m.IsLead).Select(m => m.Name).Order().ToList(),
            categories.FirstOrDefault(c => c.TeamId == t.Id)?.Count ?? 0)).ToList();
        CalendarNames = (await CalendarChoice.LoadAsync(db, ct)).ToDictionary(c => c.Slug, c => c.Name);
    }
}
