using System.Net;
using System.Net.Http.Json;
using Haumai.Mail.Imap;
using Haumai.Mail.Mime;
using Haumai.Mail.Net;
using Haumai.Mail.Smtp;
using Haumai.Tests.Features.Mail.Outbox;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Features.Mail.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Features.Mail.Inbound;

/// <summary>
/// The end to end, with nothing simulated: a customer's mail goes through Postfix into the
/// support INBOX in Dovecot, Haumai reads it over IMAP and opens a ticket, the agent's answer leaves
/// through Postfix into the customer's INBOX threaded under the customer's mail (and to the
/// colleague in Cc), and the customer's answer to that comes back onto the same ticket.
/// Only on SQLite: it reads the shared support INBOX, which one test at a time may do.
/// </summary>
[Collection("outbox-sqlite")]
public sealed class MailRoundTripTests(OutboxSqliteApp app)
{
    private static TestMailServers Servers => TestMailServers.Current;

    private static async Task SendAsync(byte[] message, string from, string to)
    {
        await using var smtp = await SmtpClient.ConnectAsync(new SmtpClientOptions
        {
            Host = Servers.SmtpHost,
            Port = Servers.SmtpPort,
            Tls = MailTlsMode.StartTls,
            TrustedCertificates = [System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(Servers.Certificate)],
            LocalDomain = "mail.khachhang.test",
        });
        (await smtp.SendAsync(from, [to], new MemoryStream(message))).Sent.ShouldBeTrue();
    }

    private async Task<PollMailbox.Result> PollUntilAsync(int mailboxId, Func<PollMailbox.Result, bool> done)
    {
        PollMailbox.Result result = new(0, 0, 0, 0, 0, 0);
        for (var pass = 0; pass < 5; pass++)
        {
            result = await app.WithScopeAsync(sp => sp.GetRequiredService<PollMailbox.Handler>().PollOnceAsync(mailboxId, default));
            if (done(result))
            {
                break;
            }
        }
        return result;
    }

    [Fact]
    public async Task A_customer_mail_becomes_a_ticket_and_the_answer_threads_back_both_ways()
    {
        // A clean start: what earlier runs left unread in the support INBOX is not this test's mail.
        await using (var imap = await Servers.ImapAsync(Servers.Support, Servers.SupportPassword))
        {
            await imap.SelectAsync("INBOX");
            var unread = await imap.UidSearchAsync("UNSEEN");
            if (unread.Count > 0)
            {
                await imap.AddFlagsAsync(unread, [ImapFlags.Seen]);
            }
        }
        var admin = await app.CreateUserAsync(Role.Admin);
        var created = await admin.Client.PostAsJsonAsync("/api/v1/mailboxes", new
        {
            name = $"INBOX hỗ trợ {Guid.NewGuid():N}",
            host = Servers.ImapHost,
            port = Servers.ImapTlsPort,
            tls = "implicit",
            userName = Servers.Support,
            password = Servers.SupportPassword,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var mailboxId = (int)(await created.ReadJsonAsync())["id"]!;
        var colleague = Servers.Colleague;

        // 1. The customer writes, with a colleague in Cc (header only: the colleague's copy is the customer's business).
        var subject = $"Không gửi được hoá đơn điện tử {Guid.NewGuid():N}"[..48];
        var customerMessageId = $"{Guid.NewGuid():N}@khachhang.test";
        var first = new MessageBuilder
        {
            From = new MailboxAddress("Khách Hàng", Servers.Customer),
            Subject = subject,
            Date = DateTime.UtcNow,
            MessageId = customerMessageId,
            TextBody = "Chào anh chị,\nPhần mềm báo lỗi khi gửi hoá đơn cho khách.\nCảm ơn.",
        };
        first.To.Add(new MailboxAddress("Hỗ trợ", Servers.Support));
        first.Cc.Add(new MailboxAddress("Nhân Viên", colleague));
        await SendAsync(first.ToBytes(), Servers.Customer, Servers.Support);
        await Servers.WaitForMessageAsync(Servers.Support, Servers.SupportPassword, "INBOX", customerMessageId);

        (await PollUntilAsync(mailboxId, r => r.NewTickets > 0)).NewTickets.ShouldBe(1);
        var ticket = await app.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Subject == subject));

        // 2. The agent answers; the outbox sends it through Postfix.
        var reply = await admin.Client.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "Chào chị, lỗi do chứng thư số hết hạn; chúng tôi đã gia hạn." });
        reply.StatusCode.ShouldBe(HttpStatusCode.Created);
        await app.Services.GetRequiredService<OutboxSender>().RunOnceAsync(default);
        var sent = await app.WithDbAsync(db => db.Set<OutboundMail>().AsNoTracking().SingleAsync(m => m.TicketId == ticket.Id && m.Kind == OutboundMailKind.Reply));
        sent.State.ShouldBe(OutboundMailState.Sent, sent.LastError);

        var answer = MimeMessage.Load(await Servers.WaitForCustomerMessageAsync(sent.MessageId!));
        answer.Subject.ShouldBe($"Re: [#{ticket.Id}] {subject}");
        answer.InReplyTo.ShouldBe(customerMessageId, "the answer threads under the customer's mail in their client");
        answer.References.ShouldContain(customerMessageId);
        answer.Cc.OfType<MailboxAddress>().Select(a => a.Address).ShouldContain(colleague);
        MimeMessage.Load(await Servers.WaitForMessageAsync(colleague, Servers.ColleaguePassword, "INBOX", sent.MessageId!))
            .Subject.ShouldBe(answer.Subject, "the colleague in Cc got the answer too");

        // 3. The customer answers the answer, as a mail client does (Re:, In-Reply-To, References).
        var secondId = $"{Guid.NewGuid():N}@khachhang.test";
        var second = new MessageBuilder
        {
            From = new MailboxAddress("Khách Hàng", Servers.Customer),
            Subject = "Re: " + answer.Subject,
            Date = DateTime.UtcNow,
            MessageId = secondId,
            InReplyTo = answer.MessageId,
            TextBody = "Cảm ơn anh, đã gửi được rồi.\n\nVào lúc 10:00, Hỗ trợ đã viết:\n> Chào chị, lỗi do chứng thư số hết hạn",
        };
        second.References.AddRange([customerMessageId, answer.MessageId!]);
        second.To.Add(new MailboxAddress("Hỗ trợ", Servers.Support));
        await SendAsync(second.ToBytes(), Servers.Customer, Servers.Support);
        await Servers.WaitForMessageAsync(Servers.Support, Servers.SupportPassword, "INBOX", secondId);

        (await PollUntilAsync(mailboxId, r => r.Replies > 0)).Replies.ShouldBe(1);
        var messages = await app.WithDbAsync(db => db.TicketMessages.AsNoTracking().Where(m => m.TicketId == ticket.Id).OrderBy(m => m.Id).Select(m => m.Body).ToListAsync());
        messages.Count.ShouldBe(3);
        messages[2].ShouldBe("Cảm ơn anh, đã gửi được rồi.", "the quoted history is not part of the customer's new words");
        (await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.Subject == subject || t.Subject == second.Subject))).ShouldBe(1);
    }
}
