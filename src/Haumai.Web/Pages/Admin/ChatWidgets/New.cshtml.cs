using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Chat;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.ChatWidgets;

/// <summary>C1: an admin creates a widget; its page then shows the script tag to paste.</summary>
public sealed class NewModel(SaveChatWidget.Handler save, IValidator<SaveChatWidget.Request> validator, HaumaiDb db, IStringLocalizer<AdminText> text)
    : AdminPageModel(text)
{
    [BindProperty] public ChatWidgetForm Input { get; set; } = new();

    public IReadOnlyList<TeamChoice> Teams { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input = new ChatWidgetForm { RequireContact = true, IsActive = true };
        Teams = await TeamChoice.LoadAsync(db, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var request = Input.ToRequest();
        var valid = await IsValidAsync(validator, request, ct);
        ChatWidgetForm.GatherOriginErrors(ModelState);
        if (valid)
        {
            var result = await save.CreateAsync(request, ct);
            if (result.Outcome == SaveChatWidget.Outcome.Saved)
            {
                Flash(T["Chat widget {0} created. Paste its script tag in the website.", result.Widget!.Name]);
                return LocalRedirect($"/admin/chat-widgets/{result.Widget.Id}");
            }
            AddError("TeamId", T["There is no such team."]);
        }
        Teams = await TeamChoice.LoadAsync(db, ct);
        return Page();
    }
}
