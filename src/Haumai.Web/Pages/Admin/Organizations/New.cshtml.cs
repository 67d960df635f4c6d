using FluentValidation;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Organizations;

/// <summary>An admin creates a customer organization; its contract and members come next, on its page.</summary>
public sealed class NewModel(SaveOrganization.Handler save, IValidator<SaveOrganization.Request> validator, IStringLocalizer<AdminText> text)
    : AdminPageModel(text)
{
    [BindProperty] public OrganizationForm Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var request = Input.ToRequest();
        if (await IsValidAsync(validator, request, ct))
        {
            var result = await save.CreateAsync(request, ct);
            if (result.Outcome == SaveOrganization.Outcome.Saved)
            {
                Flash(T["Organization {0} created.", result.Organization!.Name]);
                return LocalRedirect($"/admin/organizations/{result.Organization.Id}");
            }
            AddError("Slug", T["This slug is taken."]);
        }
        return Page();
    }
}
