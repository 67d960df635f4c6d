using System.Globalization;
using Haumai.Web.Features.Eta;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Features.Workspace;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Pages.Agent;

/// <summary>
/// One ticket in the workspace (<c>/agent/tickets/{number}</c>): the conversation and the reply
/// form, the side panel that changes it, its SLA clocks and ETA, the customer's context and the
/// history. Every form posts back here and, when it worked, redirects to the page again.
/// </summary>
[RequestSizeLimit(MaxFormBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
public sealed class TicketModel(
    ShowTicket.Handler show,
    ReplyToTicket.Handler reply,
    EditTicket.Handler edit,
    CurrentUser user,
    IOptions<AttachmentOptions> attachments,
    IStringLocalizer<AgentText> text,
    UserFormat format,
    MessageDisplay display) : PageModel
{
    /// <summary>A reply with a few large files: more is refused before it is read.</summary>
    public const long MaxFormBytes = 100L * 1024 * 1024;

    [FromRoute] public long Number { get; set; }

    /// <summary>The message whose remote images the agent chose to load (<c>?images=</c>); all others keep them blocked.</summary>
    [FromQuery(Name = "images")] public long? ShowImagesOf { get; set; }

    public ShowTicket.View View { get; private set; } = null!;
    public TicketResponse Ticket => View.Ticket;
    public int Me => user.Id;

    /// <summary>What the reply form held when it was refused, to show it again.</summary>
    public string? ReplyBody { get; private set; }
    public string? ReplyError { get; private set; }
    public string? PanelError { get; private set; }
    public bool Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>One message's body again, for htmx to swap in, with its remote images when <paramref name="images"/> says so.</summary>
    public async Task<IActionResult> OnGetMessageBodyAsync(long message, bool images, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Ticket.Messages.FirstOrDefault(m => m.Id == message) is not { } found)
        {
            return NotFound();
        }
        return Partial("_MessageBody", Body(found, images));
    }

    /// <summary>How the conversation shows a message: mail HTML sanitised, with cid: images from the agent's download URL.</summary>
    public MessageDisplay.Body BodyOf(MessageResponse message) => Body(message, ShowImagesOf == message.Id);

    private MessageDisplay.Body Body(MessageResponse message, bool images) =>
        display.Render(message, $"/agent/tickets/{Number.ToString(CultureInfo.InvariantCulture)}", a => a.Url, images);

    public async Task<IActionResult> OnPostReplyAsync(
        [FromForm(Name = "Body")] string? body,
        [FromForm(Name = "kind")] string? kind,
        [FromForm(Name = "Attachments")] List<IFormFile>? files,
        CancellationToken ct)
    {
        if (kind is not ("reply" or "note"))
        {
            // The two buttons say which: a form sent some other way must not guess "public".
            ReplyBody = body;
            ReplyError = text["Choose whether to send a reply or add an internal note."];
            return await PageAsync(StatusCodes.Status400BadRequest, ct);
        }
        var result = await reply.HandleAsync(Number, new ReplyToTicket.Request(body, kind == "note", files ?? []), ct);
        if (result.Outcome == ReplyToTicket.Outcome.NotFound)
        {
            return NotFound();
        }
        if (result.Outcome == ReplyToTicket.Outcome.Added)
        {
            return Redirect($"/agent/tickets/{Number.ToString(CultureInfo.InvariantCulture)}#message-{result.MessageId!.Value.ToString(CultureInfo.InvariantCulture)}");
        }
        ReplyBody = body;
        ReplyError = result.Outcome switch
        {
            ReplyToTicket.Outcome.NoBody => text["Write the message first."],
            ReplyToTicket.Outcome.BodyTooLong => text["A message has at most {0} characters.", TicketMessage.MaxBodyLength],
            ReplyToTicket.Outcome.TooManyFiles => text["Attach at most {0} files to one message.", AddMessage.MaxAttachments],
            ReplyToTicket.Outcome.FileTooLarge => text["“{0}” is larger than {1}.", result.FileName ?? "", UploadAttachment.FormatSize(attachments.Value.MaxBytes)],
            ReplyToTicket.Outcome.FileNotAccepted => text["“{0}” is empty or not a kind of file Haumai accepts (images, PDF, text, office documents, zip, email).", result.FileName ?? ""],
            _ => text["This ticket is closed and takes no more messages."],
        };
        return await PageAsync(StatusCodes.Status400BadRequest, ct);
    }

    /// <summary>The side panel and the solve button: only the fields the form carries are changed.</summary>
    public async Task<IActionResult> OnPostUpdateAsync(
        [FromForm(Name = "Version")] int? version,
        [FromForm(Name = "Status")] string? status,
        [FromForm(Name = "Priority")] string? priority,
        [FromForm(Name = "TeamId")] string? team,
        [FromForm(Name = "AssigneeId")] string? assignee,
        [FromForm(Name = "Tags")] string? tags,
        CancellationToken ct)
    {
        var result = await edit.HandleAsync(Number, new EditTicket.Request(version, status, priority, team, assignee, tags), ct);
        switch (result.Outcome)
        {
            case EditTicket.Outcome.NotFound:
                return NotFound();
            case EditTicket.Outcome.Saved or EditTicket.Outcome.Unchanged:
                return Redirect($"/agent/tickets/{Number.ToString(CultureInfo.InvariantCulture)}");
            case EditTicket.Outcome.Conflict:
                Conflict = true;
                return await PageAsync(StatusCodes.Status409Conflict, ct);
        }
        PanelError = result.Problem switch
        {
            EditTicket.Problem.UnknownStatus => text["Choose a status from the list."],
            EditTicket.Problem.UnknownPriority => text["Choose a priority from the list."],
            EditTicket.Problem.UnknownTeam => text["Choose a team from the list."],
            EditTicket.Problem.UnknownAssignee => text["That person is not an active agent."],
            EditTicket.Problem.NotTeamMember => text["The assignee must be a member of the ticket's team."],
            EditTicket.Problem.TooManyTags => text["A ticket has at most {0} tags.", Features.Tickets.Ticket.MaxTags],
            EditTicket.Problem.TagTooLong => text["A tag has at most {0} characters.", Features.Tickets.Ticket.MaxTagLength],
            EditTicket.Problem.StatusNotAllowed => text["A ticket that is {0} cannot become {1}.",
                result.From is { } from ? format.Status(from) : "?", result.To is { } to ? format.Status(to) : "?"],
            EditTicket.Problem.Closed => text["This ticket is closed and can no longer change."],
            _ => text["The page was out of date; reload it and try again."],
        };
        return await PageAsync(result.Problem == EditTicket.Problem.StatusNotAllowed || result.Problem == EditTicket.Problem.Closed
            ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, ct);
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var view = await show.HandleAsync(Number, ct);
        if (view is null)
        {
            return false;
        }
        View = view;
        return true;
    }

    /// <summary>The page again, with the message that says what was wrong, and nothing changed.</summary>
    private async Task<IActionResult> PageAsync(int status, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Response.StatusCode = status;
        return Page();
    }

    public string ClockName(SlaClockKind kind) => kind switch
    {
        SlaClockKind.FirstResponse => text["First response"],
        SlaClockKind.NextResponse => text["Next response"],
        _ => text["Resolution"],
    };

    public string ClockState(SlaClockState state) => state switch
    {
        SlaClockState.Running => text["Running"],
        SlaClockState.Paused => text["Paused"],
        SlaClockState.Met => text["Met"],
        _ => text["Breached"],
    };

    public static string ClockClass(SlaClock clock) => clock.State switch
    {
        SlaClockState.Breached => "breached",
        SlaClockState.Met => "met",
        SlaClockState.Running when clock.RemainingMinutes < Math.Max(30, clock.TargetMinutes / 5) => "warning",
        _ => "",
    };

    public string EtaSourceName(EtaSource source) => source == EtaSource.Manual ? text["promised by an agent"] : text["estimated from the queue"];

    /// <summary>A day of a contract (no time, no zone): shown in the reader's culture.</summary>
    public static string Day(DateOnly day) => day.ToString("d", CultureInfo.CurrentCulture);

    /// <summary>One line of the history in the reader's language.</summary>
    public string Describe(HistoryEntry e) => e.Type switch
    {
        TicketEventType.Created => text["Ticket created"],
        TicketEventType.StatusChanged => text["Status: {0} → {1}", Show(e.From), Show(e.To)],
        TicketEventType.PriorityChanged => text["Priority: {0} → {1}", Show(e.From), Show(e.To)],
        TicketEventType.Assigned => text["Assignee: {0} → {1}", Show(e.From, text["(no one)"]), Show(e.To, text["(no one)"])],
        TicketEventType.TeamChanged => text["Team: {0} → {1}", Show(e.From, text["(no team)"]), Show(e.To, text["(no team)"])],
        TicketEventType.CategoryChanged => text["Category: {0} → {1}", Show(e.From, text["none"]), Show(e.To, text["none"])],
        TicketEventType.TagsChanged => text["Tags: {0} → {1}", Show(e.From, text["none"]), Show(e.To, text["none"])],
        TicketEventType.ReplyAdded => text["Public reply"],
        TicketEventType.NoteAdded => text["Internal note"],
        TicketEventType.AttachmentAdded => text["File attached: {0}", e.Detail ?? ""],
        TicketEventType.SlaWarning => text["SLA warning: {0}", Show(e.From)],
        TicketEventType.SlaBreach => text["SLA breached: {0}", Show(e.From)],
        EtaEventType.Changed => text["ETA: {0} → {1}", Show(e.From, text["none"]), Show(e.To, text["none"])],
        _ => e.Type,
    };

    private string Show(object? value, string? none = null) => value switch
    {
        null => none ?? "—",
        TicketStatus s => format.Status(s),
        Priority p => format.Priority(p),
        SlaClockKind k => ClockName(k),
        DateTime at => format.DateTime(at),
        IReadOnlyList<string> { Count: 0 } => none ?? "—",
        IReadOnlyList<string> list => string.Join(", ", list),
        _ => value.ToString() ?? "",
    };
}
