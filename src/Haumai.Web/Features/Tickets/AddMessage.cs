using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Workspace;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Tickets;

/// <summary>T8: a public reply or an internal note, with files uploaded before it.</summary>
public static class AddMessage
{
    public const int MaxAttachments = 20;

    public sealed record Request(string? Body, bool Internal, IReadOnlyList<long>? AttachmentIds);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Body).NotEmpty().WithMessage("A message needs a body.").MaximumLength(TicketMessage.MaxBodyLength);
            RuleFor(r => r.AttachmentIds).Must(a => a is null || a.Count <= MaxAttachments).WithMessage($"At most {MaxAttachments} attachments.");
        }
    }

    public enum Outcome { Added, NotFound, Forbidden, Invalid }

    public sealed class Handler(HaumaiDb db, CurrentUser user, TicketAccess access, TicketSla sla, Eta.TicketEta eta, TimeProvider clock, IQueueNotifier queue)
    {
        public async Task<(Outcome Outcome, TicketMessage? Message, string? Field, string? Error)> HandleAsync(long ticketId, Request request, CancellationToken ct)
        {
            var ticket = await (await access.VisibleAsync(ct)).FirstOrDefaultAsync(t => t.Id == ticketId, ct);
            if (ticket is null)
            {
                return (Outcome.NotFound, null, null, null);
            }
            if (request.Internal && !user.IsStaff)
            {
                return (Outcome.Forbidden, null, "internal", "Only staff write internal notes.");
            }
            var ids = request.AttachmentIds?.Distinct().ToList() ?? [];
            var me = user.Id;
            var attachments = ids.Count == 0 ? [] : await db.TicketAttachments
                .Where(a => ids.Contains(a.Id) && a.TicketId == ticketId && a.UploadedById == me && a.MessageId == null)
                .ToListAsync(ct);
            if (attachments.Count != ids.Count)
            {
                return (Outcome.Invalid, null, "attachmentIds", "Each attachment must be one you uploaded to this ticket and not yet sent.");
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var message = ticket.AddMessage(me, user.IsStaff, request.Body!, request.Internal, now);
            foreach (var attachment in attachments)
            {
                message.Attach(attachment);
            }
            await sla.RefreshAsync(ticket, ct);
            await eta.RefreshAsync(ticket, ct);
            await Mail.Outbox.OutboxMail.EnqueueReplyAsync(db, ticket, message, now, ct); // E4: the mail commits with the reply
            await db.SaveChangesAsync(ct);
            queue.Changed(ticket, QueueChangeKind.Message);
            return (Outcome.Added, message, null, null);
        }
    }
}
