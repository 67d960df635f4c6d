using Haumai.Web.Data;
using Haumai.Web.Features.Categories;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Categories;

/// <summary>T2: the categories in list order, with the team each routes to and its default priority.</summary>
public sealed class IndexModel(HaumaiDb db, IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public IReadOnlyDictionary<int, string> TeamNames { get; private set; } = new Dictionary<int, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Position).ThenBy(c => c.Id).ToListAsync(ct);
        TeamNames = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct);
    }
}
