using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Categories;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Categories;

/// <summary>T2: an admin adds a category.</summary>
public sealed class NewModel(SaveCategory.Handler save, IValidator<SaveCategory.Request> validator, HaumaiDb db, IStringLocalizer<AdminText> text)
    : CategoryPageModel(db, validator, text)
{
    [BindProperty] public CategoryForm Input { get; set; } = new();

    public Task OnGetAsync(CancellationToken ct) => LoadTeamsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await ValidRequestAsync(Input, ct) is { } request)
        {
            var result = await save.CreateAsync(request, ct);
            if (result.Outcome == SaveCategory.Outcome.Saved)
            {
                Flash(T["Category {0} created.", result.Category!.Name]);
                return LocalRedirect("/admin/categories");
            }
            AddOutcomeError(result.Outcome);
        }
        await LoadTeamsAsync(ct);
        return Page();
    }
}
