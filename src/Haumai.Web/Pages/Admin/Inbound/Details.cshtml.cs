using Haumai.Mail.Mime;
using Haumai.Web.Data;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Inbound;

/// <summary>
/// One inbound message: why it is where it is, what Haumai makes of it (the headers and MIME tree,
/// as <c>haumai mail inspect</c> prints them) and its raw bytes to download.
/// </summary>
public sealed class DetailsModel(HaumaiDb db, IStringLocalizer<AdminText> text) : AdminPageModel(text)
{
    public sealed record Summary(
        long Id, InboundSource Source, InboundState State, string? Reason, string? MessageId, string? FromAddress, long Length,
        DateTime ReceivedAt, DateTime? ProcessedAt, int Attempts, long? TicketId, int? MailboxId);

    public Summary Message { get; private set; } = null!;
    public string? MailboxName { get; private set; }

    /// <summary>The inspector's output; null when the message does not parse (<see cref="InspectError"/> says why).</summary>
    public string? Inspection { get; private set; }
    public string? InspectError { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var message = await db.Set<InboundMessage>().AsNoTracking().Where(m => m.Id == id)
            .Select(m => new Summary(m.Id, m.Source, m.State, m.Reason, m.MessageId, m.FromAddress, m.Length, m.ReceivedAt, m.ProcessedAt,
                m.Attempts, m.TicketId, m.MailboxId))
            .FirstOrDefaultAsync(ct);
        if (message is null)
        {
            return NotFound();
        }
        Message = message;
        if (message.MailboxId is { } mailbox)
        {
            MailboxName = await db.Set<Mailbox>().Where(m => m.Id == mailbox).Select(m => m.Name).FirstOrDefaultAsync(ct);
        }
        var raw = await db.Set<InboundMessage>().Where(m => m.Id == id).Select(m => m.Raw).FirstAsync(ct);
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            Inspection = MimeInspector.Inspect(stream);
        }
        catch (Exception e) when (e is MimeParseException or FormatException or ArgumentException or InvalidDataException)
        {
            // A message that does not parse is exactly the kind an admin comes here to understand.
            InspectError = e.Message;
        }
        return Page();
    }

    /// <summary>The bytes as they arrived, as an .eml file to open in a mail program.</summary>
    public async Task<IActionResult> OnGetRawAsync(long id, CancellationToken ct)
    {
        var raw = await db.Set<InboundMessage>().AsNoTracking().Where(m => m.Id == id).Select(m => m.Raw).FirstOrDefaultAsync(ct);
        return raw is null ? NotFound() : File(raw, "message/rfc822", $"inbound-{id}.eml");
    }
}
