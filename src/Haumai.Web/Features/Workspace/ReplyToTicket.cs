using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Workspace;

/// <summary>
/// The ticket page's reply form: a public reply or an internal note, with files. The files are
/// stored first (<see cref="UploadAttachment"/>) and then sent with the message
/// (<see cref="AddMessage"/>), as an API client does; everything that can be checked before a
/// byte is stored (the text, the number, size and type of the files, a closed ticket) is checked
/// first, so a refused form leaves nothing behind.
/// </summary>
public static class ReplyToTicket
{
    public sealed record Request(string? Body, bool Internal, IReadOnlyList<IFormFile> Files);

    public enum Outcome { Added, NotFound, NoBody, BodyTooLong, TooManyFiles, FileTooLarge, FileNotAccepted, Closed }

    /// <param name="FileName">The file that was refused.</param>
    public sealed record Result(Outcome Outcome, long? MessageId = null, string? FileName = null);

    public sealed class Handler(TicketAccess access, UploadAttachment.Handler upload, AddMessage.Handler add, IOptions<AttachmentOptions> options)
    {
        public async Task<Result> HandleAsync(long ticketId, Request request, CancellationToken ct)
        {
            var status = await (await access.VisibleAsync(ct)).Where(t => t.Id == ticketId).Select(t => (TicketStatus?)t.Status).FirstOrDefaultAsync(ct);
            if (status is null)
            {
                return new Result(Outcome.NotFound);
            }
            if (string.IsNullOrWhiteSpace(request.Body))
            {
                return new Result(Outcome.NoBody);
            }
            if (request.Body.Length > TicketMessage.MaxBodyLength)
            {
                return new Result(Outcome.BodyTooLong);
            }
            if (status == TicketStatus.Closed)
            {
                return new Result(Outcome.Closed);
            }
            var files = request.Files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList();
            if (files.Count > AddMessage.MaxAttachments)
            {
                return new Result(Outcome.TooManyFiles);
            }
            // Every file passes the same rules as the API's upload (size, type, first bytes) before
            // any is stored, so a bad file never leaves the good ones stored and unsent.
            foreach (var file in files)
            {
                switch ((await AttachmentRules.CheckAsync(file, options.Value, ct)).Problem)
                {
                    case AttachmentRules.Problem.None:
                        break;
                    case AttachmentRules.Problem.TooLarge:
                        return new Result(Outcome.FileTooLarge, FileName: file.FileName);
                    default:
                        return new Result(Outcome.FileNotAccepted, FileName: file.FileName);
                }
            }

            var ids = new List<long>(files.Count);
            foreach (var file in files)
            {
                var (outcome, attachment, _) = await upload.HandleAsync(ticketId, file, ct);
                switch (outcome)
                {
                    case UploadAttachment.Outcome.Stored:
                        ids.Add(attachment!.Id);
                        break;
                    case UploadAttachment.Outcome.NotFound:
                        return new Result(Outcome.NotFound);
                    case UploadAttachment.Outcome.TooLarge:
                        return new Result(Outcome.FileTooLarge, FileName: file.FileName);
                    default:
                        return new Result(Outcome.FileNotAccepted, FileName: file.FileName);
                }
            }

            try
            {
                var (added, message, _, _) = await add.HandleAsync(ticketId, new AddMessage.Request(request.Body, request.Internal, ids), ct);
                return added == AddMessage.Outcome.Added ? new Result(Outcome.Added, message!.Id) : new Result(Outcome.NotFound);
            }
            catch (TicketRuleException rule) when (rule.Code == "ticket-closed")
            {
                return new Result(Outcome.Closed);
            }
        }
    }
}
