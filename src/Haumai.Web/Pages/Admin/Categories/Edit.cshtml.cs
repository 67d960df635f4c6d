using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Categories;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Categories;

/// <summary>T2: an admin changes a category: names, team, default priority, typical effort, position, active.</summary>
public sealed class EditModel(HaumaiDb db, SaveCategory.Handler save, IValidator<SaveCategory.Request> validator, IStringLocalizer<AdminText> text)
    : CategoryPageModel(db, validator, text)
{
    [BindProperty] public CategoryForm Input { get; set; } = new();

    public Category Category { get; private set; } = null!;
    public int OpenTickets { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Input = CategoryForm.From(Category);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await ValidRequestAsync(Input, ct) is { } request)
        {
            var result = await save.UpdateAsync(id, request, ct);
            if (result.Outcome == SaveCategory.Outcome.NotFound)
            {
                return NotFound();
            }
            if (result.Outcome == SaveCategory.Outcome.Saved)
            {
                Flash(T["Saved."]);
                return LocalRedirect("/admin/categories");
            }
            AddOutcomeError(result.Outcome);
        }
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var category = await Db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (category is null)
        {
            return false;
        }
        Category = category;
        OpenTickets = await Db.Tickets.CountAsync(t => t.CategoryId == id && t.IsOpen, ct);
        await LoadTeamsAsync(ct);
        return true;
    }
}
