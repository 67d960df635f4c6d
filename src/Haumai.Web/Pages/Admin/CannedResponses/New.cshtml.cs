using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.CannedResponses;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.CannedResponses;

/// <summary>T8: an admin writes a new canned response.</summary>
public sealed class NewModel(SaveCannedResponse.Handler save, IValidator<SaveCannedResponse.Request> validator, HaumaiDb db, IStringLocalizer<AdminText> text)
    : AdminPageModel(text)
{
    [BindProperty] public CannedResponseForm Input { get; set; } = new();

    public IReadOnlyList<TeamChoice> Teams { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadTeamsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var request = Input.ToRequest();
        if (await IsValidAsync(validator, request, ct))
        {
            var result = await save.CreateAsync(request, ct);
            if (result.Outcome == SaveCannedResponse.Outcome.Saved)
            {
                Flash(T["Canned response {0} saved.", result.Response!.Title]);
                return LocalRedirect("/admin/canned-responses");
            }
            AddError("TeamId", T["There is no such team."]);
        }
        await LoadTeamsAsync(ct);
        return Page();
    }

    private async Task LoadTeamsAsync(CancellationToken ct) =>
        Teams = await TeamChoice.LoadAsync(db, ct);
}
