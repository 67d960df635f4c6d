using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Teams;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Teams;

/// <summary>An admin creates a team; members are added on its page next.</summary>
public sealed class NewModel(SaveTeam.Handler save, IValidator<SaveTeam.Request> validator, HaumaiDb db, IStringLocalizer<AdminText> text)
    : AdminPageModel(text)
{
    [BindProperty] public TeamForm Input { get; set; } = new();

    public IReadOnlyList<CalendarChoice> Calendars { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Calendars = await CalendarChoice.LoadAsync(db, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var request = Input.ToRequest();
        if (await IsValidAsync(validator, request, ct))
        {
            var result = await save.CreateAsync(request, ct);
            switch (result.Outcome)
            {
                case SaveTeam.Outcome.Saved:
                    Flash(T["Team {0} created. Add its members below.", result.Team!.Name]);
                    return LocalRedirect($"/admin/teams/{result.Team.Id}");
                case SaveTeam.Outcome.SlugTaken:
                    AddError("Slug", T["This slug is taken."]);
                    break;
                default:
                    AddError("Calendar", T["There is no such calendar."]);
                    break;
            }
        }
        Calendars = await CalendarChoice.LoadAsync(db, ct);
        return Page();
    }
}
