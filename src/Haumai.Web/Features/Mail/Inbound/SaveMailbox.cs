using FluentValidation;
using Haumai.Mail.Net;
using Haumai.Web.Data;
using Haumai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>E1: an admin adds a support mailbox for Haumai to read, or changes one (a new password, another team, paused).</summary>
public static class SaveMailbox
{
    /// <param name="Port">0 or empty: 993 for implicit TLS, 143 otherwise.</param>
    /// <param name="Tls">implicit, starttls or none.</param>
    /// <param name="Password">Required for a new mailbox; left empty on update, the stored one stays.</param>
    /// <param name="MoveToFolder">Empty: processed mail stays in the folder, marked \Seen.</param>
    public sealed record Request(
        string? Name, string? Host, int? Port, string? Tls, string? UserName, string? Password,
        string? Folder, string? MoveToFolder, int? TeamId, bool IsActive = true);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(Mailbox.MaxNameLength);
            RuleFor(r => r.Host).NotEmpty().MaximumLength(Mailbox.MaxHostLength);
            RuleFor(r => r.Host).Must(h => Uri.CheckHostName(h!.Trim()) != UriHostNameType.Unknown)
                .WithMessage("Enter a host name or an IP address.").When(r => !string.IsNullOrWhiteSpace(r.Host));
            RuleFor(r => r.Port).InclusiveBetween(0, 65535).When(r => r.Port is not null);
            RuleFor(r => r.Tls).Must(t => t is null || Enums.TryParse<MailTlsMode>(t, out _))
                .WithMessage("TLS must be implicit, starttls or none.");
            RuleFor(r => r.UserName).NotEmpty().MaximumLength(Mailbox.MaxUserLength);
            RuleFor(r => r.Password).MaximumLength(1000);
            RuleFor(r => r.Folder).MaximumLength(Mailbox.MaxFolderLength);
            RuleFor(r => r.MoveToFolder).MaximumLength(Mailbox.MaxFolderLength);
            RuleFor(r => r.MoveToFolder).Must((r, move) => string.IsNullOrWhiteSpace(move) || !string.Equals(move.Trim(), Folder(r), StringComparison.Ordinal))
                .WithMessage("Move processed mail to another folder than the one read.");
        }
    }

    public enum Outcome { Saved, NotFound, NameTaken, NoSuchTeam, PasswordRequired }

    public sealed record Result(Outcome Outcome, Mailbox? Mailbox = null);

    public sealed class Handler(HaumaiDb db, MailboxSecrets secrets, TimeProvider clock)
    {
        public async Task<Result> CreateAsync(Request request, CancellationToken ct)
        {
            if (string.IsNullOrEmpty(request.Password))
            {
                return new Result(Outcome.PasswordRequired);
            }
            if (await ProblemAsync(null, request, ct) is { } problem)
            {
                return new Result(problem);
            }
            var mailbox = new Mailbox(request.Name!, request.Host!, request.Port ?? 0, Tls(request), request.UserName!,
                secrets.Protect(request.Password), Folder(request), request.MoveToFolder, request.TeamId, request.IsActive, clock.GetUtcNow().UtcDateTime);
            db.Set<Mailbox>().Add(mailbox);
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Saved, mailbox);
        }

        public async Task<Result> UpdateAsync(int id, Request request, CancellationToken ct)
        {
            var mailbox = await db.Set<Mailbox>().FirstOrDefaultAsync(m => m.Id == id, ct);
            if (mailbox is null)
            {
                return new Result(Outcome.NotFound);
            }
            if (await ProblemAsync(id, request, ct) is { } problem)
            {
                return new Result(problem, mailbox);
            }
            var now = clock.GetUtcNow().UtcDateTime;
            mailbox.Update(request.Name!, request.Host!, request.Port ?? 0, Tls(request), request.UserName!, Folder(request),
                request.MoveToFolder, request.TeamId, request.IsActive, now);
            if (!string.IsNullOrEmpty(request.Password))
            {
                mailbox.ChangeSecret(secrets.Protect(request.Password), now);
            }
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Saved, mailbox);
        }

        private async Task<Outcome?> ProblemAsync(int? id, Request request, CancellationToken ct)
        {
            var name = request.Name!.Trim();
            if (await db.Set<Mailbox>().AnyAsync(m => m.Name == name && m.Id != id, ct))
            {
                return Outcome.NameTaken;
            }
            if (request.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct))
            {
                return Outcome.NoSuchTeam;
            }
            return null;
        }
    }

    private static string Folder(Request r) => string.IsNullOrWhiteSpace(r.Folder) ? "INBOX" : r.Folder.Trim();

    private static MailTlsMode Tls(Request r) =>
        r.Tls is not null && Enums.TryParse<MailTlsMode>(r.Tls, out var tls) ? tls : MailTlsMode.Implicit;
}
