using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Chat;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.ChatWidgets;

/// <summary>C1: one widget's settings, and the script tag the provider pastes in their website.</summary>
public sealed class EditModel(SaveChatWidget.Handler save, IValidator<SaveChatWidget.Request> validator, HaumaiDb db, IStringLocalizer<AdminText> text)
    : AdminPageModel(text)
{
    [BindProperty] public ChatWidgetForm Input { get; set; } = new();

    public ChatWidget Widget { get; private set; } = null!;
    public IReadOnlyList<TeamChoice> Teams { get; private set; } = [];

    /// <summary>
    /// The tag to paste, pointing at the host this page was opened on: the admin reaches Haumai
    /// by the same public address the visitors' browsers will.
    /// </summary>
    public string ScriptTag => $"<script src=\"{Request.Scheme}://{Request.Host}/chat/widget.js\" data-widget=\"{Widget.Key}\" async></script>";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, fillInput: true, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var request = Input.ToRequest();
        var valid = await IsValidAsync(validator, request, ct);
        ChatWidgetForm.GatherOriginErrors(ModelState);
        if (valid)
        {
            switch ((await save.UpdateAsync(id, request, ct)).Outcome)
            {
                case SaveChatWidget.Outcome.NotFound:
                    return NotFound();
                case SaveChatWidget.Outcome.Saved:
                    Flash(T["Saved."]);
                    return LocalRedirect($"/admin/chat-widgets/{id}");
                default:
                    AddError("TeamId", T["There is no such team."]);
                    break;
            }
        }
        return await LoadAsync(id, fillInput: false, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, bool fillInput, CancellationToken ct)
    {
        var widget = await db.Set<ChatWidget>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        if (widget is null)
        {
            return false;
        }
        Widget = widget;
        if (fillInput)
        {
            Input = ChatWidgetForm.From(widget);
        }
        Teams = await TeamChoice.LoadAsync(db, ct);
        return true;
    }
}
