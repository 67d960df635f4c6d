using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Teams;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Teams;

/// <summary>One team: its name, assignment and calendar; its members and leads.</summary>
public sealed class EditModel(
    HaumaiDb db,
    SaveTeam.Handler save,
    IValidator<SaveTeam.Request> validator,
    SetTeamMember.Handler setMember,
    RemoveTeamMember.Handler removeMember,
    IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    public sealed record Member(int UserId, string Name, string Email, Role Role, bool IsActive, bool IsLead);

    public sealed record Candidate(int UserId, string Name, string Email);

    [BindProperty] public TeamForm Input { get; set; } = new();

    public Team Team { get; private set; } = null!;
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public IReadOnlyList<Candidate> Candidates { get; private set; } = [];
    public IReadOnlyList<CalendarChoice> Calendars { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, fillInput: true, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct)
    {
        var request = Input.ToRequest();
        if (await IsValidAsync(validator, request, ct))
        {
            switch ((await save.UpdateAsync(id, request, ct)).Outcome)
            {
                case SaveTeam.Outcome.NotFound:
                    return NotFound();
                case SaveTeam.Outcome.Saved:
                    Flash(T["Saved."]);
                    return LocalRedirect($"/admin/teams/{id}");
                case SaveTeam.Outcome.SlugChanged:
                    AddError("Slug", T["The slug does not change: integrations refer to it."]);
                    break;
                default:
                    AddError("Calendar", T["There is no such calendar."]);
                    break;
            }
        }
        return await LoadAsync(id, fillInput: false, ct) ? Page() : NotFound();
    }

    /// <summary>Adds a member, or changes whether a member leads the team.</summary>
    public async Task<IActionResult> OnPostMemberAsync(int id, int? userId, bool lead, CancellationToken ct)
    {
        if (userId is not { } user)
        {
            return await FailAsync(id, T["Choose a person to add."], ct);
        }
        switch (await setMember.HandleAsync(id, user, lead, ct))
        {
            case SetTeamMember.Outcome.NoSuchTeam:
                return NotFound();
            case SetTeamMember.Outcome.NotStaff:
                return await FailAsync(id, T["Only active agents and admins can be team members."], ct);
            default:
                Flash(T["Members saved."]);
                return LocalRedirect($"/admin/teams/{id}#members");
        }
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, int userId, CancellationToken ct)
    {
        if (!await removeMember.HandleAsync(id, userId, ct))
        {
            return NotFound();
        }
        Flash(T["Members saved."]);
        return LocalRedirect($"/admin/teams/{id}#members");
    }

    private async Task<IActionResult> FailAsync(int id, string message, CancellationToken ct)
    {
        ModelState.Clear();
        ModelState.AddModelError("", message);
        return await LoadAsync(id, fillInput: true, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, bool fillInput, CancellationToken ct)
    {
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return false;
        }
        Team = team;
        if (fillInput)
        {
            Input = TeamForm.From(team);
        }
        Members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Name, u.Email, u.Role, u.IsActive, m.IsLead })
            .OrderByDescending(m => m.IsLead).ThenBy(m => m.Name)
            .Select(m => new Member(m.Id, m.Name, m.Email, m.Role, m.IsActive, m.IsLead)).ToListAsync(ct);
        Candidates = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.Role != Role.Customer && !db.TeamMembers.Any(m => m.TeamId == id && m.UserId == u.Id))
            .OrderBy(u => u.Name).Select(u => new Candidate(u.Id, u.Name, u.Email)).ToListAsync(ct);
        Calendars = await CalendarChoice.LoadAsync(db, ct);
        return true;
    }
}
