using System.Globalization;
using System.Net;
using System.Text;
using Haumai.Mail.Mime;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Mail.Outbox;

/// <summary>
/// E4: puts mail for the customer into the outbox. Called from the ticket handlers before their
/// SaveChanges, so the mail commits with the reply or the ticket, or not at all. Static, taking the
/// handler's own <see cref="HaumaiDb"/>, so that each hook stays one line in the handler.
/// </summary>
public static class OutboxMail
{
    /// <summary>References kept in a reply: the thread's first ids and its latest, enough for every mail client.</summary>
    private const int MaxReferences = 20;

    /// <summary>
    /// Queues a staff member's public reply for the requester, rendered now (the ticket has its
    /// number). Does nothing for internal notes, customers' own messages, channels not configured,
    /// or when mail is off.
    /// </summary>
    public static async Task EnqueueReplyAsync(HaumaiDb db, Ticket ticket, TicketMessage message, DateTime now, CancellationToken ct)
    {
        var options = Options(db);
        if (!options.Enabled || message.IsInternal || ticket.Id == 0 || !RepliesGoOutFor(options, ticket.Channel))
        {
            return;
        }
        var authorId = message.AuthorId;
        var author = await db.Users.AsNoTracking().Where(u => u.Id == authorId).Select(u => new { u.Role }).FirstOrDefaultAsync(ct);
        if (author is null || author.Role == Role.Customer)
        {
            return;
        }
        var requester = await Requester(db, ticket.RequesterId, ct);
        if (requester is null)
        {
            return;
        }
        var mail = new OutboundMail(ticket, message, OutboundMailKind.Reply, requester.Email, now);
        await RenderAsync(db, mail, ticket, requester, message.Body, null, now, ct);
        db.Set<OutboundMail>().Add(mail);
    }

    /// <summary>
    /// Queues the acknowledgement of a new ticket opened by email, on the portal or by a chat widget. The ticket has
    /// no number until it is inserted, so the mail is rendered later, by the sender.
    /// </summary>
    public static void EnqueueAcknowledgement(HaumaiDb db, Ticket ticket, User requester, DateTime now)
    {
        var options = Options(db);
        if (!options.Enabled || ticket.Channel is not (Channel.Email or Channel.Portal or Channel.Chat) || string.IsNullOrEmpty(requester.Email))
        {
            return;
        }
        db.Set<OutboundMail>().Add(new OutboundMail(ticket, null, OutboundMailKind.Acknowledgement, requester.Email, now));
    }

    /// <summary>
    /// T6: the ETA of an open ticket moved far enough for the customer to hear of it. Rendered by
    /// the sender with the ETA of that moment, so a burst of moves ends in one mail (the sender
    /// cancels the older notices of the ticket).
    /// </summary>
    public static void EnqueueEtaNotice(HaumaiDb db, Ticket ticket, DateTime? from, DateTime? to, DateTime now)
    {
        var options = Options(db);
        if (!options.Enabled || options.EtaNoticeMinutes <= 0 || !ticket.IsOpen || !RepliesGoOutFor(options, ticket.Channel)
            || from is not { } before || to is not { } after || db.Entry(ticket).State == EntityState.Added
            || (after - before).Duration() < TimeSpan.FromMinutes(options.EtaNoticeMinutes))
        {
            return;
        }
        db.Set<OutboundMail>().Add(new OutboundMail(ticket, null, OutboundMailKind.EtaChanged, "", now));
    }

    internal static OutboxOptions Options(HaumaiDb db) =>
        // The application's services, through the pooled context's options: a static hook has no other way to them.
        (db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
            ?.GetService<IOptions<OutboxOptions>>()?.Value) ?? new OutboxOptions();

    private static bool RepliesGoOutFor(OutboxOptions options, Channel channel) =>
        options.SendRepliesFor.Count == 0
        || options.SendRepliesFor.Any(c => string.Equals(c.Trim(), channel.ToString(), StringComparison.OrdinalIgnoreCase));

    internal sealed record RequesterInfo(string Email, string Name, string Language, string TimeZone);

    internal static Task<RequesterInfo?> Requester(HaumaiDb db, int requesterId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == requesterId && u.Email != "")
            .Select(u => new RequesterInfo(u.Email, u.Name, u.Language, u.TimeZone)).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Builds the message: subject with the ticket's tag, a fresh Message-ID recorded in
    /// mail_thread_ids (so the customer's answer threads back), In-Reply-To the customer's latest
    /// mail and References the thread so far, text and HTML bodies.
    /// </summary>
    internal static async Task RenderAsync(HaumaiDb db, OutboundMail mail, Ticket ticket, RequesterInfo requester, string? replyBody,
        SlaResponse? sla, DateTime now, CancellationToken ct)
    {
        var options = Options(db);
        var ticketId = ticket.Id;
        var thread = await db.MailThreadIds.AsNoTracking().Where(m => m.TicketId == ticketId)
            .OrderBy(m => m.Id).Select(m => new { m.MessageId, m.Direction }).ToListAsync(ct);
        var messageId = $"ticket-{ticketId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}@{options.MessageIdDomain}";
        var english = string.Equals(requester.Language, "en", StringComparison.OrdinalIgnoreCase);
        var tag = $"[{ticket.Number}]";
        var subject = mail.Kind == OutboundMailKind.Reply ? $"Re: {tag} {ticket.Subject}" : $"{tag} {ticket.Subject}";
        var text = mail.Kind switch
        {
            OutboundMailKind.Reply => ReplyText(replyBody ?? "", ticket, english),
            OutboundMailKind.EtaChanged => EtaText(ticket, requester, english),
            _ => AcknowledgementText(ticket, requester, sla, english),
        };

        var builder = new MessageBuilder
        {
            From = new MailboxAddress(options.FromName, options.From ?? "support@" + options.MessageIdDomain),
            Subject = subject,
            Date = now,
            MessageId = messageId,
            TextBody = text,
            HtmlBody = Html(text),
        };
        builder.To.Add(new MailboxAddress(requester.Name, requester.Email));
        var cc = new List<string>();
        if (mail.Kind == OutboundMailKind.Reply)
        {
            // E1: those the customer copied stay on the conversation.
            var participants = await db.Set<TicketParticipant>().AsNoTracking().Where(p => p.TicketId == ticketId)
                .OrderBy(p => p.Id).Select(p => new { p.Email, p.Name }).ToListAsync(ct);
            foreach (var p in participants.Where(p => !string.Equals(p.Email, requester.Email, StringComparison.OrdinalIgnoreCase)))
            {
                builder.Cc.Add(new MailboxAddress(p.Name, p.Email));
                cc.Add(p.Email);
            }
        }
        if (thread.LastOrDefault(m => m.Direction == MailDirection.Inbound) is { } lastInbound)
        {
            builder.InReplyTo = lastInbound.MessageId;
        }
        var references = thread.Select(m => m.MessageId).ToList();
        if (references.Count > MaxReferences)
        {
            // RFC 5322 §3.6.4: the first and the latest ids matter; mail clients thread on them.
            references = [.. references.Take(1), .. references.TakeLast(MaxReferences - 1)];
        }
        builder.References.AddRange(references);
        if (mail.Kind == OutboundMailKind.Acknowledgement)
        {
            // RFC 3834: an automatic answer, so that the customer's auto-responder does not answer it.
            builder.ExtraHeaders.Add(new("Auto-Submitted", "auto-replied"));
        }
        else if (mail.Kind == OutboundMailKind.EtaChanged)
        {
            builder.ExtraHeaders.Add(new("Auto-Submitted", "auto-generated"));
        }
        mail.Rendered(subject, messageId, builder.ToBytes(), cc);
        db.MailThreadIds.Add(new MailThreadId(messageId, ticketId, MailDirection.Outbound, now));
    }

    private static string ReplyText(string body, Ticket ticket, bool english)
    {
        var footer = english
            ? $"Ticket {ticket.Number}. Reply to this email to add to the conversation; keep {ticket.Number} in the subject."
            : $"Yêu cầu {ticket.Number}. Trả lời thư này để tiếp tục trao đổi; vui lòng giữ {ticket.Number} trong tiêu đề.";
        return body.TrimEnd() + "\n\n-- \n" + footer + "\n";
    }

    private static string EtaText(Ticket ticket, RequesterInfo requester, bool english)
    {
        var eta = Format(new DateTimeOffset(DateTime.SpecifyKind(ticket.EtaAt!.Value, DateTimeKind.Utc)), requester);
        var lines = english
            ? new[]
            {
                $"Hello {requester.Name},", "",
                $"The expected completion time of your request {ticket.Number} \"{ticket.Subject}\" has changed.",
                $"We now expect to resolve it by {eta}.", "",
                $"Reply to this email if you have questions; keep {ticket.Number} in the subject.", "",
                "The support team",
            }
            : new[]
            {
                $"Kính gửi {requester.Name},", "",
                $"Thời gian dự kiến hoàn thành yêu cầu {ticket.Number} \"{ticket.Subject}\" của quý khách đã thay đổi.",
                $"Thời gian dự kiến mới: {eta}.", "",
                $"Quý khách có thể trả lời thư này nếu cần trao đổi thêm; vui lòng giữ {ticket.Number} trong tiêu đề.", "",
                "Bộ phận hỗ trợ khách hàng",
            };
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>A moment as the requester reads it: in their time zone, 24-hour clock, day first (vi-VN).</summary>
    private static string Format(DateTimeOffset at, RequesterInfo requester) =>
        TimeZoneInfo.ConvertTime(at, FindZone(requester.TimeZone)).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string AcknowledgementText(Ticket ticket, RequesterInfo requester, SlaResponse? sla, bool english)
    {
        string Format(DateTimeOffset at) => OutboxMail.Format(at, requester);
        var firstResponse = sla?.Clocks.FirstOrDefault(c => c.Kind == SlaClockKind.FirstResponse)?.DueAt;
        var eta = ticket.EtaAt is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        var lines = new List<string>();
        if (english)
        {
            lines.Add($"Hello {requester.Name},");
            lines.Add("");
            lines.Add($"We have received your request \"{ticket.Subject}\". Its number is {ticket.Number}.");
            if (firstResponse is { } fr)
            {
                lines.Add($"We will answer you by {Format(fr)}.");
            }
            if (eta is { } et)
            {
                lines.Add($"We expect to resolve it by {Format(et)}.");
            }
            lines.Add("");
            lines.Add($"Reply to this email to add information; keep {ticket.Number} in the subject.");
            lines.Add("");
            lines.Add("The support team");
        }
        else
        {
            lines.Add($"Kính gửi {requester.Name},");
            lines.Add("");
            lines.Add($"Chúng tôi đã nhận được yêu cầu hỗ trợ \"{ticket.Subject}\" của quý khách. Mã yêu cầu: {ticket.Number}.");
            if (firstResponse is { } fr)
            {
                lines.Add($"Chúng tôi sẽ phản hồi trước {Format(fr)}.");
            }
            if (eta is { } et)
            {
                lines.Add($"Thời gian dự kiến hoàn thành: {Format(et)}.");
            }
            lines.Add("");
            lines.Add($"Quý khách có thể trả lời thư này để bổ sung thông tin; vui lòng giữ {ticket.Number} trong tiêu đề.");
            lines.Add("");
            lines.Add("Bộ phận hỗ trợ khách hàng");
        }
        return string.Join("\n", lines) + "\n";
    }

    private static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone
        : TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Ho_Chi_Minh", out var vn) ? vn
        : TimeZoneInfo.Utc;

    /// <summary>The same text as simple HTML: escaped, paragraphs and line breaks kept.</summary>
    private static string Html(string text)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>");
        foreach (var paragraph in text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            html.Append("<p>").Append(string.Join("<br>", paragraph.Split('\n').Select(WebUtility.HtmlEncode))).Append("</p>");
        }
        return html.Append("</body></html>").ToString();
    }
}
