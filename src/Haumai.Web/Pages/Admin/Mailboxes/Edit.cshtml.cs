using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Mailboxes;

/// <summary>One mailbox: its settings (a new password or the stored one), where reading got to, and "check now".</summary>
public sealed class EditModel(
    HaumaiDb db,
    SaveMailbox.Handler save,
    IValidator<SaveMailbox.Request> validator,
    PollMailbox.Handler poll,
    IStringLocalizer<AdminText> text) : MailboxPageModel(db, text)
{
    public Mailbox Mailbox { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, fillInput: true, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct)
    {
        var request = Input.ToRequest();
        if (await IsValidAsync(validator, request, ct))
        {
            var result = await save.UpdateAsync(id, request, ct);
            switch (result.Outcome)
            {
                case SaveMailbox.Outcome.NotFound:
                    return NotFound();
                case SaveMailbox.Outcome.Saved:
                    Flash(T["Saved."]);
                    return LocalRedirect($"/admin/mailboxes/{id}");
                default:
                    AddProblem(result.Outcome);
                    break;
            }
        }
        return await LoadAsync(id, fillInput: false, ct) ? Page() : NotFound();
    }

    /// <summary>
    /// One pass now, as the poller would make it: what it found, or why the server could not be
    /// read (the pass records that on the mailbox too, so the list shows it).
    /// </summary>
    public async Task<IActionResult> OnPostCheckAsync(int id, CancellationToken ct)
    {
        if (!await Db.Set<Mailbox>().AnyAsync(m => m.Id == id, ct))
        {
            return NotFound();
        }
        try
        {
            var r = await poll.PollOnceAsync(id, ct);
            Flash(T["Checked: {0} new messages, {1} new tickets, {2} replies, {3} ignored, {4} parked.", r.Stored, r.NewTickets, r.Replies, r.Ignored, r.Parked]);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Warn(T["The mailbox could not be read: {0}", PollMailbox.Describe(e, (format, args) => T[format, args])]);
        }
        return LocalRedirect($"/admin/mailboxes/{id}#status");
    }

    private async Task<bool> LoadAsync(int id, bool fillInput, CancellationToken ct)
    {
        var mailbox = await Db.Set<Mailbox>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (mailbox is null)
        {
            return false;
        }
        Mailbox = mailbox;
        if (fillInput)
        {
            Input = MailboxForm.From(mailbox);
        }
        await LoadTeamsAsync(ct);
        return true;
    }
}
