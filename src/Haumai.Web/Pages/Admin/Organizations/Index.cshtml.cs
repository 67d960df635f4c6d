using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Infrastructure;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Organizations;

/// <summary>Customer organizations: search by name or slug, filter by plan, with their contract and member count.</summary>
public sealed class IndexModel(HaumaiDb db, TimeProvider clock, IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    public const int PageSize = 25;

    public sealed record Row(int Id, string Slug, string Name, Plan Plan, string? ContractNumber, DateOnly? ContractEndsOn, bool ContractActive, int Members);

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "plan")] public string? PlanFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = Pager.Key)] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var organizations = db.Organizations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            // As in the user list: names as typed and lower-cased (SQLite lowers ASCII letters only).
            var typed = Search.Trim();
            var term = typed.ToLowerInvariant();
            organizations = organizations.Where(o => o.Slug.Contains(term) || o.Name.Contains(typed) || o.Name.ToLower().Contains(term));
        }
        if (Enums.TryParse<Plan>(PlanFilter, out var plan))
        {
            organizations = organizations.Where(o => o.Plan == plan);
        }
        Total = await organizations.CountAsync(ct);
        var pages = Math.Max(1, (Total + PageSize - 1) / PageSize);
        var page = Math.Clamp(PageNumber, 1, pages);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Rows = (await organizations.OrderBy(o => o.Name).ThenBy(o => o.Id).Skip((page - 1) * PageSize).Take(PageSize)
                .Select(o => new
                {
                    o.Id, o.Slug, o.Name, o.Plan,
                    Number = o.Contract != null ? o.Contract.Number : null,
                    StartsOn = o.Contract != null ? (DateOnly?)o.Contract.StartsOn : null,
                    EndsOn = o.Contract != null ? o.Contract.EndsOn : null,
                    Members = db.Users.Count(u => u.OrganizationId == o.Id && u.Role == Role.Customer),
                })
                .ToListAsync(ct))
            .Select(o => new Row(o.Id, o.Slug, o.Name, o.Plan, o.Number, o.EndsOn,
                o.StartsOn is { } s && s <= today && (o.EndsOn is null || o.EndsOn >= today), o.Members))
            .ToList();
        Pager = new Pager(page, pages, "/admin/organizations", new Dictionary<string, string?> { ["q"] = Search, ["plan"] = PlanFilter });
    }
}
