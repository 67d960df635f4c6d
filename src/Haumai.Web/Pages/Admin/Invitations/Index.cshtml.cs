using Haumai.Web.Features.Portal;
using Haumai.Web.Infrastructure.Localization;
using Haumai.Web.Pages.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Invitations;

/// <summary>
/// Admins invite customers into any organization (as org admin or not), see every invitation and
/// withdraw pending ones. The link of a new invitation is shown once: only its hash is stored.
/// </summary>
public sealed class IndexModel(ListInvitations.Handler list, OrganizationChoices.Handler organizations, CreateInvitation.Handler create,
    RevokeInvitation.Handler revoke, IStringLocalizer<PortalText> text) : PortalPageModel(text)
{
    [BindProperty] public string? OrganizationId { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public bool AsOrgAdmin { get; set; }

    public IReadOnlyList<ListInvitations.Row> Invitations { get; private set; } = [];
    public IReadOnlyList<OrganizationChoices.Choice> Organizations { get; private set; } = [];

    /// <summary>The link of the invitation just made: shown once, never stored.</summary>
    public string? NewLink { get; private set; }
    public ListInvitations.Row? NewInvitation { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        ModelState.Clear();
        int? orgId = int.TryParse(OrganizationId, out var id) ? id : null;
        var result = await create.HandleAsync(new CreateInvitation.Request(orgId, Email, AsOrgAdmin), ct);
        await LoadAsync(ct);
        if (result.Error is { } error)
        {
            AddError(error);
            return Page();
        }
        NewLink = result.Link($"{Request.Scheme}://{Request.Host}");
        NewInvitation = Invitations.FirstOrDefault(i => i.Id == result.Invitation!.Id);
        Email = null;
        AsOrgAdmin = false;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        if (!await revoke.HandleAsync(id, ct))
        {
            return NotFound();
        }
        TempData[AdminPageModel.FlashKey] = Text["The invitation was withdrawn."].Value;
        return Redirect("/admin/invitations");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Invitations = await list.HandleAsync(null, ct);
        Organizations = await organizations.HandleAsync(ct);
    }
}
