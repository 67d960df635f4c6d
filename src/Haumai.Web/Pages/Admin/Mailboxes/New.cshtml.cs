using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Mailboxes;

/// <summary>An admin adds a support mailbox for Haumai to read (E1).</summary>
public sealed class NewModel(SaveMailbox.Handler save, IValidator<SaveMailbox.Request> validator, HaumaiDb db, IStringLocalizer<AdminText> text)
    : MailboxPageModel(db, text)
{
    public Task OnGetAsync(CancellationToken ct) => LoadTeamsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var request = Input.ToRequest();
        if (await IsValidAsync(validator, request, ct))
        {
            var result = await save.CreateAsync(request, ct);
            if (result.Outcome == SaveMailbox.Outcome.Saved)
            {
                Flash(T["Mailbox {0} added. Check it now to see that Haumai can read it.", result.Mailbox!.Name]);
                return LocalRedirect($"/admin/mailboxes/{result.Mailbox.Id}");
            }
            AddProblem(result.Outcome);
        }
        await LoadTeamsAsync(ct);
        return Page();
    }
}
