using FluentValidation;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// T9: a customer answers on their ticket, with files. The reply is checked whole before anything
/// is stored; then the files are uploaded and sent with the message through
/// <see cref="AddMessage"/>, whose rules apply (a reply on a solved or pending ticket reopens it).
/// </summary>
public static class ReplyToTicket
{
    public sealed record Request(string? Body, IReadOnlyList<IFormFile> Files);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Body).Cascade(CascadeMode.Stop)
                .Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("Write your reply first.")
                .MaximumLength(TicketMessage.MaxBodyLength).WithMessage("The reply is too long.");
        }
    }

    public enum Outcome { Added, NotFound, Invalid }

    public sealed record Result(Outcome Outcome, FieldError? Error);

    private static readonly Validator Rules = new();

    public sealed class Handler(TicketAccess access, AddMessage.Handler addMessage, UploadAttachment.Handler upload, AttachmentCheck files)
    {
        public async Task<Result> HandleAsync(long ticketId, Request request, CancellationToken ct)
        {
            var status = await (await access.VisibleAsync(ct)).AsNoTracking()
                .Where(t => t.Id == ticketId).Select(t => (TicketStatus?)t.Status).FirstOrDefaultAsync(ct);
            if (status is null)
            {
                return new Result(Outcome.NotFound, null);
            }
            if (status == TicketStatus.Closed)
            {
                return Invalid("Body", "This ticket is closed and takes no more replies. Open a new ticket and mention {0}.", Ticket.FormatNumber(ticketId));
            }
            if (Rules.Validate(request).Errors.FirstOrDefault() is { } invalid)
            {
                return Invalid("Body", invalid.ErrorMessage);
            }
            if (await files.FindProblemAsync("Attachments", request.Files, ct) is { } fileProblem)
            {
                return new Result(Outcome.Invalid, fileProblem);
            }
            var ids = new List<long>(request.Files.Count);
            foreach (var file in request.Files)
            {
                var (stored, attachment, _) = await upload.HandleAsync(ticketId, file, ct);
                if (stored != UploadAttachment.Outcome.Stored)
                {
                    // Checked above; the store refusing now means the rules drifted apart. Files
                    // already stored stay on the ticket, unsent and unseen by others.
                    return Invalid("Attachments", "{0} could not be stored. Try again without it.", Path.GetFileName(file.FileName));
                }
                ids.Add(attachment!.Id);
            }
            var (outcome, _, _, _) = await addMessage.HandleAsync(ticketId, new AddMessage.Request(request.Body, false, ids), ct);
            return outcome switch
            {
                AddMessage.Outcome.Added => new Result(Outcome.Added, null),
                AddMessage.Outcome.NotFound => new Result(Outcome.NotFound, null),
                _ => Invalid("Body", "The reply could not be sent. Try again."),
            };
        }

        private static Result Invalid(string field, string message, params object[] args) => new(Outcome.Invalid, new FieldError(field, message, args));
    }
}
