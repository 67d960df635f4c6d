using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.CannedResponses;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.CannedResponses;

/// <summary>T8: an admin changes or deletes a canned response.</summary>
public sealed class EditModel(
    HaumaiDb db,
    SaveCannedResponse.Handler save,
    DeleteCannedResponse.Handler delete,
    IValidator<SaveCannedResponse.Request> validator,
    IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    [BindProperty] public CannedResponseForm Input { get; set; } = new();

    public CannedResponse Canned { get; private set; } = null!;
    public IReadOnlyList<TeamChoice> Teams { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Input = CannedResponseForm.From(Canned);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct)
    {
        var request = Input.ToRequest();
        if (await IsValidAsync(validator, request, ct))
        {
            switch ((await save.UpdateAsync(id, request, ct)).Outcome)
            {
                case SaveCannedResponse.Outcome.NotFound:
                    return NotFound();
                case SaveCannedResponse.Outcome.Saved:
                    Flash(T["Saved."]);
                    return LocalRedirect("/admin/canned-responses");
                default:
                    AddError("TeamId", T["There is no such team."]);
                    break;
            }
        }
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        if (!await delete.HandleAsync(id, ct))
        {
            return NotFound();
        }
        Flash(T["Canned response deleted."]);
        return LocalRedirect("/admin/canned-responses");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var response = await db.CannedResponses.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (response is null)
        {
            return false;
        }
        Canned = response;
        Teams = await TeamChoice.LoadAsync(db, ct);
        return true;
    }
}
