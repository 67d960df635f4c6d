using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Portal;

/// <summary>
/// T1 from the portal: a customer opens a ticket for themselves, with a category, a priority and
/// files. Everything that can be refused is checked first (fields, category, every file), so a
/// refused form leaves nothing behind; then <see cref="CreateTicket"/> saves the ticket and each
/// file goes through <see cref="UploadAttachment"/> and onto the ticket's description.
/// </summary>
public static class OpenTicket
{
    public sealed record Request(string? Subject, string? Body, int? CategoryId, string? Priority, IReadOnlyList<IFormFile> Files);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Subject).Cascade(CascadeMode.Stop)
                .Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage("Enter a subject.")
                .MaximumLength(Ticket.MaxSubjectLength).WithMessage("The subject is too long.");
            RuleFor(r => r.Body).Cascade(CascadeMode.Stop)
                .Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage("Describe what happened.")
                .MaximumLength(TicketMessage.MaxBodyLength).WithMessage("The description is too long.");
            RuleFor(r => r.Priority).Must(p => string.IsNullOrEmpty(p) || Enums.TryParse<Priority>(p, out _))
                .WithMessage("Choose a priority from the list.");
        }
    }

    /// <summary>
    /// The saved ticket, or why nothing was saved. <see cref="UnsavedFiles"/> lists files that the
    /// store refused after the checks had passed (it should not happen; the ticket stays).
    /// </summary>
    public sealed record Result(Ticket? Ticket, FieldError? Error, IReadOnlyList<string> UnsavedFiles);

    private static readonly Validator Rules = new();

    public sealed class Handler(HaumaiDb db, CreateTicket.Handler create, UploadAttachment.Handler upload, AttachmentCheck files)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            if (Rules.Validate(request).Errors.FirstOrDefault() is { } invalid)
            {
                return Fail(invalid.PropertyName, invalid.ErrorMessage);
            }
            string? category = null;
            if (request.CategoryId is { } categoryId)
            {
                category = await db.Categories.AsNoTracking().Where(c => c.Id == categoryId && c.IsActive).Select(c => c.Slug).FirstOrDefaultAsync(ct);
                if (category is null)
                {
                    return Fail("CategoryId", "Choose a category from the list.");
                }
            }
            else if (await db.Categories.AnyAsync(c => c.IsActive, ct))
            {
                // The category routes the ticket to a team: without one, no agent's queue shows it.
                return Fail("CategoryId", "Choose a category from the list.");
            }
            if (await files.FindProblemAsync("Attachments", request.Files, ct) is { } fileProblem)
            {
                return new Result(null, fileProblem, []);
            }

            var created = await create.HandleAsync(
                new CreateTicket.Request(request.Subject!.Trim(), request.Body, string.IsNullOrEmpty(request.Priority) ? null : request.Priority, category, null, null, null),
                Channel.Portal, ct);
            if (created.Ticket is not { } ticket)
            {
                return Fail("Subject", "The ticket could not be opened. Check the form and try again.");
            }

            var description = ticket.Messages[0];
            var unsaved = new List<string>();
            foreach (var file in request.Files)
            {
                var (outcome, attachment, _) = await upload.HandleAsync(ticket.Id, file, ct);
                if (outcome == UploadAttachment.Outcome.Stored)
                {
                    description.Attach(attachment!);
                }
                else
                {
                    unsaved.Add(Path.GetFileName(file.FileName));
                }
            }
            if (request.Files.Count > 0)
            {
                await db.SaveChangesAsync(ct);
            }
            return new Result(ticket, null, unsaved);
        }

        private static Result Fail(string field, string message) => new(null, new FieldError(field, message), []);
    }
}
