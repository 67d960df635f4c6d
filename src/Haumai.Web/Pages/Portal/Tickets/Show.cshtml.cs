using System.Globalization;
using Haumai.Web.Features.Portal;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Portal.Tickets;

/// <summary>
/// T9: one ticket as its customer sees it, with the reply form and "mark as solved". A ticket
/// the person may not see is the 404 page, never a 403: its existence is not disclosed.
/// </summary>
[RequestSizeLimit(NewModel.MaxFormBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = NewModel.MaxFormBytes)]
public sealed class ShowModel(ReadPortalTicket.Handler read, ReplyToTicket.Handler reply, SolveTicket.Handler solve,
    AttachmentCheck files, CurrentUser me, MessageDisplay display, IStringLocalizer<PortalText> text) : PortalPageModel(text)
{
    [BindProperty] public string? ReplyBody { get; set; }
    [BindProperty] public List<IFormFile>? ReplyAttachments { get; set; }

    public ReadPortalTicket.View Ticket { get; private set; } = null!;
    public AttachmentCheck Files => files;
    public CurrentUser Me => me;

    /// <summary>The message whose remote images the customer chose to load (<c>?images=</c>); all others keep them blocked.</summary>
    [FromQuery(Name = "images")] public long? ShowImagesOf { get; set; }

    public async Task<IActionResult> OnGetAsync(long number, CancellationToken ct)
    {
        if (me.IsStaff)
        {
            return LocalRedirect($"/agent/tickets/{Number(number)}");
        }
        return await LoadAsync(number, ct) ? Page() : NotFound();
    }

    /// <summary>One message's body again, for htmx to swap in, with its remote images when <paramref name="images"/> says so.</summary>
    public async Task<IActionResult> OnGetMessageBodyAsync(long number, long message, bool images, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct) || Ticket.Ticket.Messages.FirstOrDefault(m => m.Id == message) is not { } found)
        {
            return NotFound();
        }
        return Partial("_MessageBody", Body(found, images));
    }

    /// <summary>How the conversation shows a message: mail HTML sanitised, with cid: images from the portal's download URL.</summary>
    public MessageDisplay.Body BodyOf(MessageResponse message) => Body(message, ShowImagesOf == message.Id);

    private MessageDisplay.Body Body(MessageResponse message, bool images)
    {
        var number = Number(Ticket.Ticket.Id);
        return display.Render(message, $"/portal/tickets/{number}", a => $"/portal/tickets/{number}/attachments/{a.Id.ToString(CultureInfo.InvariantCulture)}", images);
    }

    public async Task<IActionResult> OnPostReplyAsync(long number, CancellationToken ct)
    {
        ModelState.Clear();
        var result = await reply.HandleAsync(number, new ReplyToTicket.Request(ReplyBody, AttachmentCheck.Chosen(ReplyAttachments)), ct);
        switch (result.Outcome)
        {
            case ReplyToTicket.Outcome.NotFound:
                return NotFound();
            case ReplyToTicket.Outcome.Invalid:
                // The error sits on the reply form's fields.
                var error = result.Error!;
                AddError(error with { Field = error.Field == "Attachments" ? nameof(ReplyAttachments) : nameof(ReplyBody) });
                return await LoadAsync(number, ct) ? Page() : NotFound();
        }
        Notice = Text["Your reply was sent."];
        return Redirect($"/portal/tickets/{Number(number)}#reply");
    }

    public async Task<IActionResult> OnPostSolveAsync(long number, CancellationToken ct)
    {
        switch (await solve.HandleAsync(number, ct))
        {
            case SolveTicket.Outcome.NotFound:
                return NotFound();
            case SolveTicket.Outcome.NotAllowed:
                ModelState.AddModelError("Solve", Text["This ticket can no longer be marked as solved."]);
                return await LoadAsync(number, ct) ? Page() : NotFound();
        }
        Notice = Text["Marked as solved. Thank you! If the problem comes back, reply here and the ticket opens again."];
        return Redirect($"/portal/tickets/{Number(number)}");
    }

    private async Task<bool> LoadAsync(long number, CancellationToken ct)
    {
        var view = await read.HandleAsync(number, ct);
        if (view is null)
        {
            return false;
        }
        Ticket = view;
        return true;
    }

    private static string Number(long number) => number.ToString(CultureInfo.InvariantCulture);
}
