using Haumai.Web.Data;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// A file of a ticket, for download from the portal: only on a ticket the person may see, only
/// from a public message (never an internal note, for staff either: the portal is the customer's
/// view), or one the person uploaded and has not sent yet.
/// </summary>
public static class PortalAttachment
{
    public sealed record File(string Path, string ContentType, string FileName);

    public sealed class Handler(HaumaiDb db, TicketAccess access, CurrentUser user, IOptions<StorageOptions> storage)
    {
        public async Task<File?> HandleAsync(long ticketId, long attachmentId, CancellationToken ct)
        {
            var visible = await access.VisibleAsync(ct);
            var me = user.Id;
            var attachment = await db.TicketAttachments.AsNoTracking()
                .Where(a => a.Id == attachmentId && a.TicketId == ticketId && visible.Any(t => t.Id == a.TicketId))
                .Where(a => (a.MessageId != null && !a.Message!.IsInternal) || (a.MessageId == null && a.UploadedById == me))
                .Select(a => new { a.StorageKey, a.ContentType, a.FileName })
                .FirstOrDefaultAsync(ct);
            return attachment is null ? null
                : new File(System.IO.Path.Combine(storage.Value.AttachmentsDirectory, attachment.StorageKey), attachment.ContentType, attachment.FileName);
        }
    }
}
