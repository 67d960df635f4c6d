using Haumai.Web.Data;
using Haumai.Web.Features.Categories;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Categories;

/// <summary>What the new and edit pages of a category share: the teams to route to, and the checks before saving.</summary>
public abstract class CategoryPageModel(HaumaiDb db, FluentValidation.IValidator<SaveCategory.Request> validator, IStringLocalizer<AdminText> text)
    : AdminPageModel(text)
{
    public IReadOnlyList<TeamChoice> Teams { get; private set; } = [];

    protected HaumaiDb Db => db;

    protected async Task LoadTeamsAsync(CancellationToken ct) =>
        Teams = await TeamChoice.LoadAsync(db, ct);

    /// <summary>The request if the form is valid; otherwise null, with its errors in the model state.</summary>
    protected async Task<SaveCategory.Request?> ValidRequestAsync(CategoryForm form, CancellationToken ct)
    {
        var (request, badNumbers) = form.ToRequest();
        if (request is null)
        {
            // Binding errors first: LocalizeBindingErrors would replace these too.
            LocalizeBindingErrors();
            foreach (var field in badNumbers)
            {
                AddError(field, T["Enter a whole number."]);
            }
            return null;
        }
        return await IsValidAsync(validator, request, ct) ? request : null;
    }

    protected void AddOutcomeError(SaveCategory.Outcome outcome)
    {
        switch (outcome)
        {
            case SaveCategory.Outcome.SlugTaken:
                AddError("Slug", T["This slug is taken."]);
                break;
            case SaveCategory.Outcome.SlugChanged:
                AddError("Slug", T["The slug does not change: tickets and integrations refer to it."]);
                break;
            case SaveCategory.Outcome.NoSuchTeam:
                AddError("TeamId", T["There is no such team."]);
                break;
        }
    }
}
