using Haumai.Web.Data;
using Haumai.Web.Features.Chat;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.ChatWidgets;

/// <summary>C1: the chat widgets, with the websites each may appear on.</summary>
public sealed class IndexModel(HaumaiDb db, IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    public sealed record Row(int Id, string Name, string Team, IReadOnlyList<string> Origins, bool IsActive, string Key);

    public IReadOnlyList<Row> Widgets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var widgets = await db.Set<ChatWidget>().AsNoTracking().OrderBy(w => w.Name).ToListAsync(ct);
        var teams = (await TeamChoice.LoadAsync(db, ct)).ToDictionary(t => t.Id, t => t.Name);
        Widgets = widgets.Select(w => new Row(w.Id, w.Name, teams.GetValueOrDefault(w.TeamId) ?? "", w.Origins, w.IsActive, w.Key)).ToList();
    }
}
