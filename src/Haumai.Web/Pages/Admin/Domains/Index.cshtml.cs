using Haumai.Web.Features.Portal;
using Haumai.Web.Infrastructure.Localization;
using Haumai.Web.Pages.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Domains;

/// <summary>
/// Admins record which email domains belong to which organization: anyone with an address there
/// may register into it without an invitation. Public webmail domains are refused.
/// </summary>
public sealed class IndexModel(ListDomains.Handler list, OrganizationChoices.Handler organizations, ClaimDomain.Handler claim,
    ReleaseDomain.Handler release, IStringLocalizer<PortalText> text) : PortalPageModel(text)
{
    [BindProperty] public string? OrganizationId { get; set; }
    [BindProperty] public string? Domain { get; set; }

    public IReadOnlyList<ListDomains.Row> Domains { get; private set; } = [];
    public IReadOnlyList<OrganizationChoices.Choice> Organizations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostClaimAsync(CancellationToken ct)
    {
        ModelState.Clear();
        int? orgId = int.TryParse(OrganizationId, out var id) ? id : null;
        var result = await claim.HandleAsync(new ClaimDomain.Request(orgId, Domain), ct);
        if (result.Error is { } error)
        {
            AddError(error);
            await LoadAsync(ct);
            return Page();
        }
        TempData[AdminPageModel.FlashKey] = Text["{0} now belongs to its organization: people with an address there can register.", EmailDomains.Display(result.Claim!.Domain)].Value;
        return Redirect("/admin/domains");
    }

    public async Task<IActionResult> OnPostReleaseAsync(int id, CancellationToken ct)
    {
        if (await release.HandleAsync(id, ct) is not { } domain)
        {
            return NotFound();
        }
        TempData[AdminPageModel.FlashKey] = Text["{0} is no longer claimed. New addresses there need an invitation.", EmailDomains.Display(domain)].Value;
        return Redirect("/admin/domains");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Domains = await list.HandleAsync(ct);
        Organizations = await organizations.HandleAsync(ct);
    }
}
