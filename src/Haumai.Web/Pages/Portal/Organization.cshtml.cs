using Haumai.Web.Features.Portal;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Portal;

/// <summary>
/// An org admin's page: the organization's people and invitations, and a form to invite a
/// colleague. Always the admin's own organization (from their sign-in, never from the form);
/// <see cref="CreateInvitation"/> checks it again against the database.
/// </summary>
public sealed class OrganizationModel(ListMembers.Handler members, ListInvitations.Handler invitations, CreateInvitation.Handler invite,
    RevokeInvitation.Handler revoke, CurrentUser me, IStringLocalizer<PortalText> text) : PortalPageModel(text)
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public bool AsOrgAdmin { get; set; }

    public ListMembers.Result Organization { get; private set; } = new("", []);
    public IReadOnlyList<ListInvitations.Row> Invitations { get; private set; } = [];

    /// <summary>The link of the invitation just made: shown once, never stored.</summary>
    public string? NewLink { get; private set; }
    public string? NewLinkEmail { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : StatusCode(StatusCodes.Status403Forbidden);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (me is not { IsOrgAdmin: true, OrganizationId: { } org })
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var result = await invite.HandleAsync(new CreateInvitation.Request(org, Email, AsOrgAdmin), ct);
        if (result.Error is { } error)
        {
            AddError(error with { Field = error.Field == "OrganizationId" ? nameof(Email) : error.Field });
        }
        else
        {
            NewLink = result.Link($"{Request.Scheme}://{Request.Host}");
            NewLinkEmail = result.Invitation!.Email;
            Email = null;
            AsOrgAdmin = false;
        }
        return await LoadAsync(ct) ? Page() : StatusCode(StatusCodes.Status403Forbidden);
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        if (!me.IsOrgAdmin || !await revoke.HandleAsync(id, ct))
        {
            return NotFound();
        }
        Notice = Text["The invitation was withdrawn."];
        return Redirect("/portal/organization");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (me is not { IsOrgAdmin: true, OrganizationId: { } org } || await members.HandleAsync(org, ct) is not { } found)
        {
            return false;
        }
        Organization = found;
        Invitations = (await invitations.HandleAsync(org, ct)).Where(i => i.State == InvitationState.Pending).ToList();
        return true;
    }
}
