using Haumai.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Pages.Admin;

/// <summary>A team in a form's drop-down (categories route to one, canned responses can belong to one).</summary>
public sealed record TeamChoice(int Id, string Name)
{
    public static async Task<IReadOnlyList<TeamChoice>> LoadAsync(HaumaiDb db, CancellationToken ct) =>
        await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new TeamChoice(t.Id, t.Name)).ToListAsync(ct);
}
