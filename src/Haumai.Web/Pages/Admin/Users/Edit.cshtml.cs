using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Users;

/// <summary>One user: name, role and organization; a new password; deactivate or activate; their teams and tokens.</summary>
public sealed class EditModel(
    HaumaiDb db,
    CurrentUser me,
    UpdateUser.Handler update,
    IValidator<UpdateUser.Request> updateValidator,
    SetPassword.Handler setPassword,
    IValidator<SetPassword.Request> passwordValidator,
    SetUserActive.Handler setActive,
    TimeProvider clock,
    IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    public sealed class InputModel
    {
        public string? Name { get; set; }
        public string? Role { get; set; }
        public string? Organization { get; set; }
        public bool OrgAdmin { get; set; }
    }

    public sealed record Membership(int TeamId, string TeamName, bool IsLead);

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty] public string? NewPassword { get; set; }

    public User Shown { get; private set; } = null!;
    public string? OrganizationName { get; private set; }
    public bool IsSelf { get; private set; }
    public bool IsLockedOut { get; private set; }
    public int LiveTokens { get; private set; }
    public IReadOnlyList<Membership> Teams { get; private set; } = [];
    public IReadOnlyList<OrganizationChoice> Organizations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, fillInput: true, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAccountAsync(int id, CancellationToken ct)
    {
        var customer = string.Equals(Input.Role, "customer", StringComparison.OrdinalIgnoreCase);
        var request = new UpdateUser.Request(Input.Name, Input.Role,
            customer && !string.IsNullOrWhiteSpace(Input.Organization) ? Input.Organization.Trim() : null,
            customer && Input.OrgAdmin);
        if (await IsValidAsync(updateValidator, request, ct))
        {
            switch (await update.HandleAsync(me.Id, id, request, ct))
            {
                case UpdateUser.Outcome.NotFound:
                    return NotFound();
                case UpdateUser.Outcome.Updated:
                    Flash(T["Saved."]);
                    return LocalRedirect($"/admin/users/{id}");
                case UpdateUser.Outcome.OwnRole:
                    AddError("Role", T["You cannot change your own role: ask another admin."]);
                    break;
                case UpdateUser.Outcome.NoSuchOrganization:
                    AddError("Organization", T["There is no organization with this slug."]);
                    break;
                case UpdateUser.Outcome.HasOpenTickets:
                    AddError("Role", T["This person has open tickets assigned: reassign them before making them a customer."]);
                    break;
            }
        }
        return await LoadAsync(id, fillInput: false, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostPasswordAsync(int id, CancellationToken ct)
    {
        var request = new SetPassword.Request(NewPassword);
        var validation = await passwordValidator.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            ModelState.Clear();
            foreach (var failure in validation.Errors)
            {
                ModelState.AddModelError(nameof(NewPassword), Localize(failure, T));
            }
            return await LoadAsync(id, fillInput: true, ct) ? Page() : NotFound();
        }
        if (!await setPassword.HandleAsync(id, request, ct))
        {
            return NotFound();
        }
        Flash(T["The new password is set. Tell it to the user by a safe channel."]);
        return LocalRedirect($"/admin/users/{id}");
    }

    public Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, false, ct);

    public Task<IActionResult> OnPostActivateAsync(int id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    private async Task<IActionResult> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        switch (await setActive.HandleAsync(me.Id, id, active, ct))
        {
            case SetUserActive.Outcome.NotFound:
                return NotFound();
            case SetUserActive.Outcome.Self:
                ModelState.Clear();
                ModelState.AddModelError("", T["You cannot deactivate yourself."]);
                return await LoadAsync(id, fillInput: true, ct) ? Page() : NotFound();
            default:
                Flash(active ? T["The user is active again and can sign in."] : T["The user is deactivated: they can no longer sign in or use their API tokens."]);
                return LocalRedirect($"/admin/users/{id}");
        }
    }

    /// <param name="fillInput">False after a failed save: the form shows what was typed, with its errors.</param>
    private async Task<bool> LoadAsync(int id, bool fillInput, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.Organization).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return false;
        }
        Shown = user;
        OrganizationName = user.Organization?.Name;
        IsSelf = user.Id == me.Id;
        IsLockedOut = user.IsLockedOut(clock.GetUtcNow().UtcDateTime);
        if (fillInput)
        {
            Input = new InputModel
            {
                Name = user.Name,
                Role = user.Role.ToString().ToLowerInvariant(),
                Organization = user.Organization?.Slug,
                OrgAdmin = user.IsOrgAdmin,
            };
        }
        LiveTokens = await db.ApiTokens.CountAsync(t => t.UserId == id && t.RevokedAt == null, ct);
        Teams = await db.TeamMembers.AsNoTracking().Where(m => m.UserId == id)
            .Join(db.Teams, m => m.TeamId, t => t.Id, (m, t) => new { t.Id, t.Name, m.IsLead })
            .OrderBy(m => m.Name)
            .Select(m => new Membership(m.Id, m.Name, m.IsLead)).ToListAsync(ct);
        Organizations = await OrganizationChoice.LoadAsync(db, ct);
        return true;
    }
}
