using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Haumai.Mail.Mime;
using Haumai.Web.Data;
using Haumai.Web.Features.Eta;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Portal;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Features.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>
/// E1/E3/E5: one raw message becomes a new ticket or a reply on the right one, exactly once.
/// <see cref="Handler.StoreAsync"/> commits the bytes first (the pipe, the HTTP entry and the
/// import answer only after that); <see cref="Handler.ProcessAsync"/> then makes the ticket or
/// reply, the Message-ID record and the row's new state in one transaction, so a crash between the
/// two leaves a Received row to process again and never half a ticket. A second delivery of the
/// same Message-ID finds it in mail_thread_ids and is ignored. Automated mail (auto-replies,
/// bounces, lists) is ignored and never answered; what fails is parked for an admin to retry.
/// </summary>
public static partial class IngestMail
{
    public enum Outcome { NewTicket, Reply, Ignored, Parked }

    public sealed record Result(long InboundId, Outcome Outcome, long? TicketId, string? Reason);

    public sealed class Handler(
        HaumaiDb db,
        TicketSla sla,
        TicketEta eta,
        TimeProvider clock,
        IQueueNotifier queue,
        IOptions<InboundMailOptions> options,
        IOptions<AttachmentOptions> attachmentOptions,
        IOptions<StorageOptions> storage,
        ILogger<Handler> logger)
    {
        /// <summary>Stores and commits the raw message; nothing else. Headers that fail to parse are not an error here.</summary>
        public async Task<InboundMessage> StoreAsync(byte[] raw, InboundSource source, CancellationToken ct,
            int? mailboxId = null, long? uid = null, long? uidValidity = null)
        {
            string? messageId = null;
            string? from = null;
            try
            {
                using var parsed = MimeMessage.Load(raw);
                messageId = parsed.MessageId;
                from = FirstMailbox(parsed)?.Address;
            }
            catch (Exception e) when (e is MimeParseException or FormatException or ArgumentException)
            {
                // Processing will meet the same problem and park the message with the reason.
            }
            var row = new InboundMessage(raw, source, messageId ?? SyntheticMessageId(raw), from, clock.GetUtcNow().UtcDateTime, mailboxId, uid, uidValidity);
            db.Set<InboundMessage>().Add(row);
            await db.SaveChangesAsync(ct);
            return row;
        }

        /// <summary>Stores, then processes.</summary>
        public async Task<Result> IngestAsync(byte[] raw, InboundSource source, CancellationToken ct)
        {
            var row = await StoreAsync(raw, source, ct);
            return await ProcessAsync(row.Id, ct);
        }

        /// <summary>
        /// Processes a stored message (again, for a parked one). A message already processed or
        /// ignored is answered as it stands: retrying is safe.
        /// </summary>
        public async Task<Result> ProcessAsync(long inboundId, CancellationToken ct)
        {
            var row = await db.Set<InboundMessage>().FirstOrDefaultAsync(m => m.Id == inboundId, ct)
                ?? throw new InvalidOperationException($"No inbound message {inboundId}.");
            switch (row.State)
            {
                case InboundState.Processed:
                    return new Result(row.Id, row.CreatedTicket ? Outcome.NewTicket : Outcome.Reply, row.TicketId, null);
                case InboundState.Ignored:
                    return new Result(row.Id, Outcome.Ignored, null, row.Reason);
            }
            try
            {
                return await ProcessRowAsync(row, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Inbound message {InboundId} ({MessageId}) parked", row.Id, row.MessageId);
                // Whatever the failed attempt left in the context (a half-built ticket) must not be saved with the parking.
                CleanUpFiles();
                db.ChangeTracker.Clear();
                var fresh = await db.Set<InboundMessage>().FirstAsync(m => m.Id == inboundId, ct);
                if (fresh.State == InboundState.Processed)
                {
                    // A concurrent retry of this very row won: its result stands.
                    return new Result(fresh.Id, fresh.CreatedTicket ? Outcome.NewTicket : Outcome.Reply, fresh.TicketId, null);
                }
                fresh.StartAttempt();
                var now = clock.GetUtcNow().UtcDateTime;
                if (fresh.MessageId is { } id && await db.MailThreadIds.AnyAsync(t => t.MessageId == id, ct))
                {
                    // Two deliveries of one message at once: the unique Message-ID stopped the second.
                    fresh.Ignore("duplicate: the same Message-ID was processed at the same time", now);
                    await db.SaveChangesAsync(ct);
                    return new Result(fresh.Id, Outcome.Ignored, null, fresh.Reason);
                }
                fresh.Park($"{e.GetType().Name}: {e.Message}", now);
                await db.SaveChangesAsync(ct);
                return new Result(fresh.Id, Outcome.Parked, null, fresh.Reason);
            }
        }

        private readonly List<string> _writtenFiles = [];

        private void CleanUpFiles()
        {
            foreach (var path in _writtenFiles)
            {
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                }
            }
            _writtenFiles.Clear();
        }

        private async Task<Result> ProcessRowAsync(InboundMessage row, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            row.StartAttempt();
            using var message = MimeMessage.Load(row.Raw);

            if (AutomationReason(message) is { } automated)
            {
                row.Ignore(automated, now);
                await db.SaveChangesAsync(ct);
                return new Result(row.Id, Outcome.Ignored, null, automated);
            }
            var sender = FirstMailbox(message);
            if (sender is null || !sender.Address.Contains('@'))
            {
                return await ParkAsync(row, "The message has no sender address (From).", now, ct);
            }

            var messageId = row.MessageId ?? SyntheticMessageId(row.Raw);
            await using var tx = await db.BeginWriteTransactionAsync(ct);
            if (await IsDuplicateAsync(row, messageId, ct))
            {
                row.Ignore("duplicate: this Message-ID was already processed", now);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return new Result(row.Id, Outcome.Ignored, null, row.Reason);
            }

            var senderAddress = User.NormalizeEmail(sender.Address);
            var hourAgo = now.AddHours(-1);
            // By the (from_address, received_at) index alone: with the state in the WHERE, SQLite may pick the index on
            // state, where almost every row is Processed (measured: the cost grew with the table, bench/README.md).
            var recent = (await db.Set<InboundMessage>().Where(m => m.FromAddress == senderAddress && m.ReceivedAt >= hourAgo)
                .Select(m => m.State).ToListAsync(ct)).Count(state => state == InboundState.Processed);
            // An imported mailbox is old mail: many messages of one sender are history, not a loop.
            if (row.Source != InboundSource.Import && recent >= options.Value.MaxPerSenderPerHour)
            {
                var reason = $"Sender cap: {senderAddress} already sent {recent} messages in the last hour.";
                var parked = await ParkAsync(row, reason, now, ct);
                await tx.CommitAsync(ct);
                return parked;
            }

            var author = await FindOrCreateCustomer.HandleAsync(db, senderAddress, sender.Name, now, OrganizationOfDomainAsync, ct);
            if (!author.IsActive)
            {
                var parked = await ParkAsync(row, $"The sender's account {senderAddress} is deactivated.", now, ct);
                await tx.CommitAsync(ct);
                return parked;
            }

            var subject = (message.Subject ?? "").Trim();
            var (body, html, files) = ReadContent(message);
            var (accepted, refused) = await CheckAttachmentsAsync(files, ct);
            if (refused.Count > 0)
            {
                // A refused file is no reason to lose the message: the customer's words arrive, with a list of what did not.
                body += "\n\n[Tệp đính kèm không nhận / attachments not accepted]\n" + string.Join("\n", refused.Select(r => "- " + r));
            }
            var (ticket, closedPredecessor) = await FindThreadAsync(message, subject, author, ct);
            bool created;
            TicketMessage ticketMessage;
            if (ticket is not null)
            {
                created = false;
                ticketMessage = ticket.AddMessage(author.Id, author.IsStaff, Clip(body), isInternal: false, now);
            }
            else
            {
                created = true;
                if (closedPredecessor is { } old)
                {
                    // No link field on tickets yet: the old number in the description is the link.
                    body = $"(Tiếp nối yêu cầu đã đóng {Ticket.FormatNumber(old)} / follow-up to closed ticket {Ticket.FormatNumber(old)})\n\n{body}";
                }
                var title = subject.Length == 0 ? "(không có tiêu đề)" : subject.Length > Ticket.MaxSubjectLength ? subject[..Ticket.MaxSubjectLength] : subject;
                // Mail to a team's mailbox is that team's work.
                int? teamId = row.MailboxId is { } mailboxId
                    ? await db.Set<Mailbox>().Where(m => m.Id == mailboxId).Select(m => m.TeamId).FirstOrDefaultAsync(ct)
                    : null;
                ticket = new Ticket(title, author.Id, author.OrganizationId, Channel.Email, null, Priority.Medium, teamId, author.Id, now);
                if (closedPredecessor is { } predecessor)
                {
                    ticket.FollowsUp(predecessor);
                }
                db.Tickets.Add(ticket);
                ticketMessage = ticket.AddDescription(author.Id, Clip(body), now);
                // E4: the customer learns the number at once; automated senders never got this far.
                Outbox.OutboxMail.EnqueueAcknowledgement(db, ticket, author, now);
            }
            ticketMessage.KeepOriginalHtml(html);
            // The ticket's id is needed for attachments and the thread record.
            await db.SaveChangesAsync(ct);
            await AddParticipantsAsync(ticket, message, author, now, ct);

            await StoreAttachmentsAsync(ticket, ticketMessage, author.Id, accepted, now, ct);
            db.MailThreadIds.Add(new MailThreadId(messageId, ticket.Id, MailDirection.Inbound, now));
            await sla.RefreshAsync(ticket, ct);
            await eta.RefreshAsync(ticket, ct);
            // The message's id exists since the save above: the row's new state goes with the rest.
            row.MarkProcessed(ticket.Id, ticketMessage.Id, created, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            _writtenFiles.Clear();
            queue.Changed(ticket, created ? QueueChangeKind.Created : QueueChangeKind.Message);
            return new Result(row.Id, created ? Outcome.NewTicket : Outcome.Reply, ticket.Id, null);
        }

        private async Task<Result> ParkAsync(InboundMessage row, string reason, DateTime now, CancellationToken ct)
        {
            logger.LogWarning("Inbound message {InboundId} parked: {Reason}", row.Id, reason);
            row.Park(reason, now);
            await db.SaveChangesAsync(ct);
            return new Result(row.Id, Outcome.Parked, null, reason);
        }

        private async Task<bool> IsDuplicateAsync(InboundMessage row, string messageId, CancellationToken ct)
        {
            var id = MailThreadId.Normalize(messageId);
            return await db.MailThreadIds.AnyAsync(t => t.MessageId == id, ct)
                // By the message_id index alone, the state checked here (see the sender cap above).
                || (await db.Set<InboundMessage>().Where(m => m.MessageId == id && m.Id != row.Id).Select(m => m.State).ToListAsync(ct))
                    .Contains(InboundState.Processed);
        }

        /// <summary>
        /// In-Reply-To, then References (newest first), against the ids Haumai sent and received;
        /// then a <c>[#10001]</c> tag, honoured only for someone who may write on that ticket (the
        /// tag is easy to type, a Message-ID is not). A closed ticket takes no messages: the reply
        /// opens a new ticket that names it.
        /// </summary>
        private async Task<(Ticket? Ticket, long? ClosedPredecessor)> FindThreadAsync(MimeMessage message, string subject, User author, CancellationToken ct)
        {
            var candidates = new List<string>();
            if (message.InReplyTo is { } inReplyTo)
            {
                candidates.Add(MailThreadId.Normalize(inReplyTo));
            }
            candidates.AddRange(message.References.Reverse().Select(MailThreadId.Normalize));
            long? ticketId = null;
            foreach (var candidate in candidates.Where(c => c.Length is > 0 and <= MailThreadId.MaxMessageIdLength).Distinct().Take(50))
            {
                ticketId = await db.MailThreadIds.Where(t => t.MessageId == candidate).Select(t => (long?)t.TicketId).FirstOrDefaultAsync(ct);
                if (ticketId is not null)
                {
                    break;
                }
            }
            Ticket? ticket = null;
            if (ticketId is { } byHeader)
            {
                ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == byHeader, ct);
            }
            if (ticket is null && SubjectTag().Match(subject) is { Success: true } tag
                && long.TryParse(tag.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                var tagged = await db.Tickets.FirstOrDefaultAsync(t => t.Id == number, ct);
                if (tagged is not null && await MayWriteAsync(tagged, author, ct))
                {
                    ticket = tagged;
                }
            }
            var now = clock.GetUtcNow().UtcDateTime;
            if (ticket is { Status: TicketStatus.Closed }
                || ticket is { Status: TicketStatus.Solved, SolvedAt: { } solvedAt } && now - solvedAt > TimeSpan.FromDays(options.Value.FollowUpAfterDays))
            {
                return (null, ticket.Id);
            }
            return (ticket, null);
        }

        private async Task<bool> MayWriteAsync(Ticket ticket, User author, CancellationToken ct) =>
            author.IsStaff
            || ticket.RequesterId == author.Id
            || author.OrganizationId is { } org && ticket.OrganizationId == org
            || await db.Set<TicketParticipant>().AnyAsync(p => p.TicketId == ticket.Id && p.Email == author.Email, ct);

        /// <summary>
        /// E1: the people the customer wrote to besides us (To and Cc) follow the ticket: staff
        /// replies go to them in Cc. Our own addresses, the requester and staff are left out.
        /// </summary>
        private async Task AddParticipantsAsync(Ticket ticket, MimeMessage message, User author, DateTime now, CancellationToken ct)
        {
            var ticketId = ticket.Id;
            var known = await db.Set<TicketParticipant>().Where(p => p.TicketId == ticketId).Select(p => p.Email).ToListAsync(ct);
            if (known.Count >= TicketParticipant.MaxPerTicket)
            {
                return;
            }
            var ours = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (Outbox.OutboxMail.Options(db).From is { Length: > 0 } from)
            {
                ours.Add(User.NormalizeEmail(from));
            }
            foreach (var user in await db.Set<Mailbox>().Select(m => m.UserName).ToListAsync(ct))
            {
                ours.Add(User.NormalizeEmail(user));
            }
            var candidates = message.To.Concat(message.Cc).SelectMany(a => a switch
            {
                MailboxAddress m => [m],
                GroupAddress g => g.Members,
                _ => [],
            });
            var added = new HashSet<string>(known, StringComparer.OrdinalIgnoreCase);
            foreach (var candidate in candidates)
            {
                var email = User.NormalizeEmail(candidate.Address);
                if (added.Count >= TicketParticipant.MaxPerTicket
                    || !email.Contains('@') || email.Length > TicketParticipant.MaxEmailLength
                    || email == author.Email || ours.Contains(email) || !added.Add(email))
                {
                    continue;
                }
                // Staff in Cc already see the ticket; copying replies to them would only echo their own team's work.
                if (await db.Users.AnyAsync(u => u.Email == email && u.Role != Role.Customer, ct))
                {
                    continue;
                }
                db.Set<TicketParticipant>().Add(new TicketParticipant(ticketId, email, candidate.Name, now));
            }
        }

        /// <summary>A new sender joins the organization that claimed their email domain, if one did.</summary>
        private async Task<Organization?> OrganizationOfDomainAsync(string email, CancellationToken ct)
        {
            if (EmailDomains.OfEmail(email) is not { } domain)
            {
                return null;
            }
            var orgId = await db.Set<OrganizationDomain>().Where(d => d.Domain == domain).Select(d => (int?)d.OrganizationId).FirstOrDefaultAsync(ct);
            return orgId is { } id ? await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct) : null;
        }

        private sealed record MailFile(string FileName, string ContentType, byte[] Content, string? ContentId = null);

        /// <summary>
        /// The text of the message (the text part, else the HTML part made readable), the HTML part
        /// as received (E6: shown sanitised; the text stays what search, replies and quoting use) and
        /// the files, each with its Content-ID so the HTML's cid: images can find it.
        /// </summary>
        private static (string Body, string? Html, List<MailFile> Files) ReadContent(MimeMessage message)
        {
            string body;
            var textPart = message.TextBodyPart;
            var htmlPart = message.HtmlBodyPart;
            var html = htmlPart?.GetText();
            if (textPart is not null)
            {
                body = StripQuotedHistory(textPart.GetText());
            }
            else if (html is not null)
            {
                body = StripQuotedHistory(Haumai.Mail.Html.HtmlToText.Convert(html));
            }
            else
            {
                body = "";
            }
            body = body.Replace("\r\n", "\n").Trim();
            if (body.Length == 0)
            {
                body = "(không có nội dung)";
            }

            var files = new List<MailFile>();
            var inlineCount = 0;
            foreach (var entity in BodyFinder.Walk(message.Body, intoMessages: false))
            {
                if (entity is not MimePart part || part == textPart || part == htmlPart)
                {
                    if (entity is MessagePart attachedMessage && attachedMessage != message.Body && attachedMessage.IsAttachment)
                    {
                        files.Add(new MailFile(AttachmentRules.SafeFileName(attachedMessage.FileName ?? "message.eml"), "message/rfc822", []));
                    }
                    continue;
                }
                var isInlineImage = part.ContentType.MediaType == "image" && !part.IsAttachment;
                if (!part.IsAttachment && !isInlineImage)
                {
                    continue;
                }
                var name = part.FileName;
                if (string.IsNullOrWhiteSpace(name))
                {
                    if (!isInlineImage)
                    {
                        continue;
                    }
                    name = $"image-{++inlineCount}.{part.ContentType.MediaSubtype}";
                }
                files.Add(new MailFile(name, part.ContentType.MimeType, part.GetContentBytes(), part.ContentId));
            }
            return (body, html, files);
        }

        private sealed record AcceptedFile(string FileName, string ContentType, byte[] Content, string? ContentId);

        /// <summary>The files that pass <see cref="AttachmentRules"/>, and a line for each refused one.</summary>
        private async Task<(List<AcceptedFile> Accepted, List<string> Refused)> CheckAttachmentsAsync(List<MailFile> files, CancellationToken ct)
        {
            var accepted = new List<AcceptedFile>();
            var refused = new List<string>();
            foreach (var file in files)
            {
                if (file.ContentType == "message/rfc822" && file.Content.Length == 0)
                {
                    refused.Add($"{file.FileName}: attached messages are not kept");
                    continue;
                }
                if (accepted.Count >= AddMessage.MaxAttachments)
                {
                    refused.Add($"{file.FileName}: more than {AddMessage.MaxAttachments} attachments");
                    continue;
                }
                using var stream = new MemoryStream(file.Content, writable: false);
                var form = new FormFile(stream, 0, file.Content.Length, "file", file.FileName)
                {
                    Headers = new HeaderDictionary(),
                    ContentType = file.ContentType,
                };
                var (problem, fileName, contentType) = await AttachmentRules.CheckAsync(form, attachmentOptions.Value, ct);
                if (problem == AttachmentRules.Problem.None)
                {
                    accepted.Add(new AcceptedFile(fileName, contentType, file.Content, file.ContentId));
                    continue;
                }
                refused.Add($"{(fileName.Length == 0 ? "(no name)" : fileName)}: {problem switch
                {
                    AttachmentRules.Problem.TooLarge => $"larger than {UploadAttachment.FormatSize(attachmentOptions.Value.MaxBytes)}",
                    AttachmentRules.Problem.Empty => "empty",
                    AttachmentRules.Problem.TypeNotAccepted => $"type {contentType} not accepted",
                    AttachmentRules.Problem.ContentMismatch => $"content is not {contentType}",
                    _ => "no name",
                }}");
            }
            return (accepted, refused);
        }

        /// <summary>Writes the files to the data folder (removed again if the transaction fails) and attaches them to the message.</summary>
        private async Task StoreAttachmentsAsync(Ticket ticket, TicketMessage message, int authorId, List<AcceptedFile> files, DateTime now, CancellationToken ct)
        {
            foreach (var file in files)
            {
                var key = Path.Combine(now.ToString("yyyy", CultureInfo.InvariantCulture), now.ToString("MM", CultureInfo.InvariantCulture), Guid.CreateVersion7().ToString("N"));
                var path = Path.Combine(storage.Value.AttachmentsDirectory, key);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                _writtenFiles.Add(path);
                await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                {
                    await target.WriteAsync(file.Content, ct);
                    await target.FlushAsync(ct);
                    target.Flush(flushToDisk: true);
                }
                var sha = Convert.ToHexStringLower(SHA256.HashData(file.Content));
                var attachment = new TicketAttachment(ticket.Id, authorId, file.FileName, file.ContentType, file.Content.Length, sha, key.Replace('\\', '/'), now);
                attachment.KeepContentId(file.ContentId);
                db.TicketAttachments.Add(attachment);
                ticket.RecordAttachment(attachment, authorId, now);
                message.Attach(attachment);
            }
        }
    }

    /// <summary>
    /// Why a message was written by a machine (RFC 3834, RFC 3464, common autoresponders), or null.
    /// Such mail is ignored and never answered: answering it is how mail loops start.
    /// </summary>
    public static string? AutomationReason(MimeMessage message)
    {
        if (message.Headers["Auto-Submitted"] is { } autoSubmitted
            && !autoSubmitted.Split(';')[0].Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"automated: Auto-Submitted: {autoSubmitted.Trim()}";
        }
        if (message.Headers["Precedence"]?.Trim().ToLowerInvariant() is "bulk" or "junk" or "list")
        {
            return $"automated: Precedence: {message.Headers["Precedence"]!.Trim()}";
        }
        if (message.Body.ContentType.Is("multipart", "report"))
        {
            return "automated: delivery or disposition report (multipart/report)";
        }
        if (message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond"))
        {
            return "automated: auto-reply header";
        }
        if (FirstMailbox(message)?.LocalPart.ToLowerInvariant() is "mailer-daemon" or "postmaster")
        {
            return "automated: from a mailer daemon";
        }
        return null;
    }

    private static MailboxAddress? FirstMailbox(MimeMessage message) =>
        message.From.SelectMany(a => a switch
        {
            MailboxAddress m => [m],
            GroupAddress g => g.Members,
            _ => [],
        }).FirstOrDefault();

    /// <summary>A message without a Message-ID is known by its bytes: the same bytes twice are one message.</summary>
    private static string SyntheticMessageId(byte[] raw) =>
        $"sha256-{Convert.ToHexStringLower(SHA256.HashData(raw))}@inbound.haumai.invalid";

    private static string Clip(string body) => body.Length > TicketMessage.MaxBodyLength ? body[..TicketMessage.MaxBodyLength] : body;

    /// <summary>
    /// Drops the quoted history under the new text, conservatively: from an attribution line
    /// ("On … wrote:", "Vào … đã viết:") followed only by quoted lines, or a trailing block of
    /// "&gt;" lines. Quotes inside the text (an inline answer) are kept, and so is everything when
    /// nothing would be left.
    /// </summary>
    public static string StripQuotedHistory(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var end = lines.Length;
        while (end > 0 && (lines[end - 1].TrimStart().StartsWith('>') || lines[end - 1].Trim().Length == 0))
        {
            end--;
        }
        if (end < lines.Length && end > 0 && Attribution().IsMatch(lines[end - 1].Trim()))
        {
            end--;
        }
        var kept = string.Join('\n', lines.Take(end)).TrimEnd();
        return kept.Trim().Length == 0 ? text : kept;
    }

    [GeneratedRegex(@"\[#(\d{1,18})\]")]
    private static partial Regex SubjectTag();

    [GeneratedRegex(@"^(On\s.+wrote:|Vào\s.+đã viết:|Le\s.+a écrit\s?:|Am\s.+schrieb.*:)$", RegexOptions.IgnoreCase)]
    private static partial Regex Attribution();
}
