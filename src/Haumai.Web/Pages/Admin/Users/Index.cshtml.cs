using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Users;

/// <summary>All users: search by name or email, filter by role, organization and state.</summary>
public sealed class IndexModel(ListUsers.Handler list, HaumaiDb db, IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "role")] public string? RoleFilter { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "org")] public int? OrganizationId { get; set; }
    [BindProperty(SupportsGet = true, Name = Pager.Key)] public int PageNumber { get; set; } = 1;

    public ListUsers.Result Result { get; private set; } = new([], 0, 1, 1);
    public string? OrganizationName { get; private set; }
    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Unknown filter values are ignored rather than refused: they come from hand-edited URLs.
        Role? role = Enums.TryParse<Role>(RoleFilter, out var r) ? r : null;
        bool? active = State switch { "active" => true, "inactive" => false, _ => null };
        Result = await list.HandleAsync(new ListUsers.Request(Search, role, OrganizationId, active, PageNumber), ct);
        if (OrganizationId is { } org)
        {
            OrganizationName = await db.Organizations.Where(o => o.Id == org).Select(o => o.Name).FirstOrDefaultAsync(ct);
        }
        Pager = new Pager(Result.Page, Result.Pages, "/admin/users", new Dictionary<string, string?>
        {
            ["q"] = Search,
            ["role"] = RoleFilter,
            ["state"] = State,
            ["org"] = OrganizationId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }
}
