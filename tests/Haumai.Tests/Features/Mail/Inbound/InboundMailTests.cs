using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Mail;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Features.Portal;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Features.Mail.Inbound;

/// <summary>
/// Inbound mail (E1, E3, E5): raw messages become tickets and replies exactly once, automated mail
/// is ignored, what cannot be processed is parked and retried; through the handler, the HTTP
/// entry, <c>mail ingest</c> and <c>mail import</c>.
/// </summary>
public abstract class InboundMailTests(HaumaiFactory app)
{
    private static string NewId() => $"<{Guid.NewGuid():N}@mail.khachhang.vn>";

    private static string Unique(string local) => $"{local}-{Guid.NewGuid():N}"[..(local.Length + 13)] + "@khachhang.vn";

    private static byte[] Mail(string from, string subject, string body, string? messageId = null, string? extraHeaders = null)
    {
        var text = $"From: {from}\r\nTo: hotro@haumai.vn\r\nSubject: {subject}\r\nDate: Sun, 22 Nov 2026 09:00:00 +0700\r\n"
            + (messageId is null ? "" : $"Message-ID: {messageId}\r\n")
            + (extraHeaders ?? "")
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + body + "\r\n";
        return Encoding.UTF8.GetBytes(text);
    }

    private Task<IngestMail.Result> IngestAsync(byte[] raw, InboundSource source = InboundSource.Pipe) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<IngestMail.Handler>().IngestAsync(raw, source, default));

    private Task<List<TicketMessage>> MessagesAsync(long ticketId) =>
        app.WithDbAsync(db => db.TicketMessages.AsNoTracking().Where(m => m.TicketId == ticketId).OrderBy(m => m.Id).ToListAsync());

    [Fact]
    public async Task A_vietnamese_mail_with_an_attachment_becomes_a_new_email_ticket_for_a_new_customer()
    {
        var from = Unique("lan");
        var png = TestFiles.OnePixelPng();
        var subject = "Website báo lỗi 502 từ sáng nay";
        var body = "Chào anh chị,\nTừ 8 giờ sáng khách không vào được trang chủ.\nCảm ơn.";
        var raw = Encoding.ASCII.GetBytes(
            $"From: =?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes("Nguyễn Thị Lan"))}?= <{from}>\r\n"
            + "To: hotro@haumai.vn\r\n"
            + $"Subject: =?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(subject))}?=\r\n"
            + $"Message-ID: {NewId()}\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"ranh-gioi\"\r\n\r\n"
            + "--ranh-gioi\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Convert.ToBase64String(Encoding.UTF8.GetBytes(body), Base64FormattingOptions.InsertLineBreaks) + "\r\n"
            + "--ranh-gioi\r\n"
            + "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename*=UTF-8''%E1%BA%A3nh%20l%E1%BB%97i.png\r\n\r\n"
            + Convert.ToBase64String(png) + "\r\n"
            + "--ranh-gioi\r\n"
            + "Content-Type: application/x-msdownload\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"setup.exe\"\r\n\r\n"
            + Convert.ToBase64String("MZ\u0090\0"u8.ToArray()) + "\r\n"
            + "--ranh-gioi--\r\n");

        var result = await IngestAsync(raw);

        result.Outcome.ShouldBe(IngestMail.Outcome.NewTicket, result.Reason);
        var ticket = await app.WithDbAsync(db => db.Tickets.AsNoTracking().FirstAsync(t => t.Id == result.TicketId));
        ticket.Subject.ShouldBe(subject);
        ticket.Channel.ShouldBe(Channel.Email);
        var requester = await app.WithDbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Id == ticket.RequesterId));
        requester.Email.ShouldBe(from);
        requester.Name.ShouldBe("Nguyễn Thị Lan");
        requester.Role.ShouldBe(Role.Customer);
        requester.PasswordHash.ShouldBeNull();
        var description = (await MessagesAsync(ticket.Id)).ShouldHaveSingleItem();
        description.Body.ShouldContain("Từ 8 giờ sáng khách không vào được trang chủ.");
        description.Body.ShouldContain("setup.exe"); // the refused file is listed, not fatal
        var attachment = await app.WithDbAsync(db => db.TicketAttachments.AsNoTracking().SingleAsync(a => a.TicketId == ticket.Id));
        attachment.FileName.ShouldBe("ảnh lỗi.png");
        attachment.MessageId.ShouldBe(description.Id);
        File.ReadAllBytes(Path.Combine(app.DataDirectory, "attachments", attachment.StorageKey)).ShouldBe(png);
        (await app.WithDbAsync(db => db.MailThreadIds.CountAsync(t => t.TicketId == ticket.Id && t.Direction == MailDirection.Inbound))).ShouldBe(1);
    }

    [Fact]
    public async Task A_windows_1258_body_is_decoded()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        // "Xin chào" with a windows-1258 combining grave (0xCC) after the a: how Vietnamese is written in that code page.
        var head = Encoding.ASCII.GetBytes($"From: <{Unique("minh")}>\r\nSubject: =?windows-1258?Q?Ch=E0o?=\r\nMessage-ID: {NewId()}\r\n"
            + "Content-Type: text/plain; charset=windows-1258\r\n\r\nXin cha");
        var raw = head.Concat(new byte[] { 0xCC, 0x6F, 0x0D, 0x0A }).ToArray();

        var result = await IngestAsync(raw);

        result.Outcome.ShouldBe(IngestMail.Outcome.NewTicket, result.Reason);
        var body = (await MessagesAsync(result.TicketId!.Value)).Single().Body;
        body.Normalize(NormalizationForm.FormC).ShouldBe("Xin chào");
    }

    [Fact]
    public async Task Replies_thread_by_in_reply_to_then_references_then_the_number_in_the_subject()
    {
        var from = Unique("hoa");
        var first = NewId();
        var created = await IngestAsync(Mail(from, "Không gửi được hoá đơn", "Hệ thống báo lỗi.", first));
        created.Outcome.ShouldBe(IngestMail.Outcome.NewTicket);
        var ticketId = created.TicketId!.Value;

        var second = NewId();
        var byInReplyTo = await IngestAsync(Mail(from, "Re: Không gửi được hoá đơn",
            "Vẫn lỗi.\r\n\r\nVào 9:00 ngày 22/11/2026, Hỗ trợ đã viết:\r\n> Anh thử lại giúp em.", second, $"In-Reply-To: {first}\r\n"));
        var byReferences = await IngestAsync(Mail(from, "Re: re: hoá đơn", "Thêm ảnh chụp.", NewId(),
            $"References: <khong-co@noi.dau> {first} {second}\r\n"));
        var bySubject = await IngestAsync(Mail(from, $"Re: [#{ticketId}] Không gửi được hoá đơn", "Xong rồi, cảm ơn.", NewId()));

        byInReplyTo.ShouldBe(byInReplyTo with { Outcome = IngestMail.Outcome.Reply, TicketId = ticketId });
        byReferences.ShouldBe(byReferences with { Outcome = IngestMail.Outcome.Reply, TicketId = ticketId });
        bySubject.ShouldBe(bySubject with { Outcome = IngestMail.Outcome.Reply, TicketId = ticketId });
        var messages = await MessagesAsync(ticketId);
        messages.Count.ShouldBe(4);
        messages[1].Body.ShouldBe("Vẫn lỗi."); // the quoted history went
    }

    [Fact]
    public async Task An_agent_replying_by_mail_adds_a_staff_reply()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        var first = NewId();
        var opened = await IngestAsync(Mail(Unique("khach"), "Cần hỗ trợ", "Giúp tôi.", first));

        var reply = await IngestAsync(Mail(agent.Email, "Re: Cần hỗ trợ", "Em đã kiểm tra, anh thử lại nhé.", NewId(), $"In-Reply-To: {first}\r\n"));

        reply.ShouldBe(reply with { Outcome = IngestMail.Outcome.Reply, TicketId = opened.TicketId });
        var ticket = await app.WithDbAsync(db => db.Tickets.AsNoTracking().FirstAsync(t => t.Id == opened.TicketId));
        ticket.Status.ShouldBe(TicketStatus.Open); // a staff reply moves a new ticket to open
        (await MessagesAsync(ticket.Id)).Last().AuthorId.ShouldBe(agent.Id);
    }

    [Fact]
    public async Task A_strangers_ticket_number_in_the_subject_does_not_thread()
    {
        var owner = await IngestAsync(Mail(Unique("chu"), "Yêu cầu của tôi", "Nội dung riêng.", NewId()));
        var stranger = await IngestAsync(Mail($"la-{Guid.NewGuid():N}@nguoila.vn", $"Re: [#{owner.TicketId}] chen vao", "Tôi muốn xem.", NewId()));

        stranger.Outcome.ShouldBe(IngestMail.Outcome.NewTicket);
        stranger.TicketId.ShouldNotBe(owner.TicketId);
        (await MessagesAsync(owner.TicketId!.Value)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_colleague_of_the_same_organization_may_reply_by_number_and_new_senders_join_by_claimed_domain()
    {
        var org = await app.CreateOrganizationAsync();
        var admin = await app.CreateUserAsync(Role.Admin);
        var domain = $"cty{Guid.NewGuid():N}"[..15] + ".vn";
        await app.WithDbAsync(async db =>
        {
            db.Set<OrganizationDomain>().Add(new OrganizationDomain(org.Id, domain, admin.Id, app.Clock.GetUtcNow().UtcDateTime));
            return await db.SaveChangesAsync();
        });
        var opened = await IngestAsync(Mail($"an@{domain}", "Máy chủ chậm", "Chậm từ hôm qua.", NewId()));
        var colleague = await IngestAsync(Mail($"binh@{domain}", $"[#{opened.TicketId}] Máy chủ chậm", "Bên em cũng thấy.", NewId()));

        colleague.ShouldBe(colleague with { Outcome = IngestMail.Outcome.Reply, TicketId = opened.TicketId });
        var binh = await app.WithDbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Email == $"binh@{domain}"));
        binh.OrganizationId.ShouldBe(org.Id);
    }

    [Fact]
    public async Task A_reply_to_a_closed_ticket_opens_a_new_one_that_names_it()
    {
        var from = Unique("cu");
        var first = NewId();
        var old = await IngestAsync(Mail(from, "Cũ", "Chuyện cũ.", first));
        await app.WithDbAsync(async db =>
        {
            var t = await db.Tickets.FirstAsync(t => t.Id == old.TicketId);
            t.ChangeStatus(TicketStatus.Open, null, app.Clock.GetUtcNow().UtcDateTime);
            t.ChangeStatus(TicketStatus.Solved, null, app.Clock.GetUtcNow().UtcDateTime);
            t.ChangeStatus(TicketStatus.Closed, null, app.Clock.GetUtcNow().UtcDateTime);
            return await db.SaveChangesAsync();
        });

        var reply = await IngestAsync(Mail(from, "Re: Cũ", "Lại lỗi.", NewId(), $"In-Reply-To: {first}\r\n"));

        reply.Outcome.ShouldBe(IngestMail.Outcome.NewTicket);
        (await MessagesAsync(reply.TicketId!.Value)).Single().Body.ShouldContain($"#{old.TicketId}");
        (await app.WithDbAsync(db => db.Tickets.AsNoTracking().FirstAsync(t => t.Id == reply.TicketId))).FollowUpOfId.ShouldBe(old.TicketId);
        (await app.WithDbAsync(db => db.Tickets.AsNoTracking().FirstAsync(t => t.Id == old.TicketId))).Status.ShouldBe(TicketStatus.Closed);
    }

    [Fact]
    public async Task A_reply_to_a_recently_solved_ticket_reopens_it_and_one_solved_long_ago_gets_a_follow_up()
    {
        var from = Unique("giaiquyet");
        var recentId = NewId();
        var recent = await IngestAsync(Mail(from, "Vừa xong", "Lỗi in.", recentId));
        var oldId = NewId();
        var old = await IngestAsync(Mail(from, "Xong lâu rồi", "Lỗi mạng.", oldId));
        await app.WithDbAsync(async db =>
        {
            foreach (var t in await db.Tickets.Where(t => t.Id == recent.TicketId || t.Id == old.TicketId).ToListAsync())
            {
                t.ChangeStatus(TicketStatus.Open, null, app.Clock.GetUtcNow().UtcDateTime);
                // The old one was solved 15 days ago (the default window is 14).
                t.ChangeStatus(TicketStatus.Solved, null, app.Clock.GetUtcNow().UtcDateTime.AddDays(t.Id == old.TicketId ? -15 : -1));
            }
            return await db.SaveChangesAsync();
        });

        var again = await IngestAsync(Mail(from, "Re: Vừa xong", "Lại lỗi in.", NewId(), $"In-Reply-To: {recentId}\r\n"));
        var followUp = await IngestAsync(Mail(from, "Re: Xong lâu rồi", "Lại lỗi mạng.", NewId(), $"In-Reply-To: {oldId}\r\n"));

        again.ShouldBe(again with { Outcome = IngestMail.Outcome.Reply, TicketId = recent.TicketId });
        (await app.WithDbAsync(db => db.Tickets.AsNoTracking().FirstAsync(t => t.Id == recent.TicketId))).Status.ShouldBe(TicketStatus.Open);
        followUp.Outcome.ShouldBe(IngestMail.Outcome.NewTicket);
        var created = await app.WithDbAsync(db => db.Tickets.AsNoTracking().FirstAsync(t => t.Id == followUp.TicketId));
        created.FollowUpOfId.ShouldBe(old.TicketId);
        (await app.WithDbAsync(db => db.Tickets.AsNoTracking().FirstAsync(t => t.Id == old.TicketId))).Status.ShouldBe(TicketStatus.Solved);
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_one_message()
    {
        var raw = Mail(Unique("kep"), "Gửi hai lần", "Một lần thôi.", NewId());
        var first = await IngestAsync(raw);
        var second = await IngestAsync(raw, InboundSource.Http);

        first.Outcome.ShouldBe(IngestMail.Outcome.NewTicket);
        second.Outcome.ShouldBe(IngestMail.Outcome.Ignored);
        second.Reason!.ShouldContain("duplicate");
        (await MessagesAsync(first.TicketId!.Value)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_sender_over_the_hourly_cap_is_parked()
    {
        var from = Unique("dontap");
        for (var i = 0; i < 20; i++)
        {
            (await IngestAsync(Mail(from, $"Thư số {i}", "Nội dung.", NewId()))).Outcome.ShouldBe(IngestMail.Outcome.NewTicket);
        }

        var over = await IngestAsync(Mail(from, "Thư số 21", "Quá nhiều.", NewId()));

        over.Outcome.ShouldBe(IngestMail.Outcome.Parked);
        over.Reason!.ShouldContain("cap");
        // Imports are history, not a loop: the cap does not apply to them.
        (await IngestAsync(Mail(from, "Thư cũ", "Từ hộp thư cũ.", NewId()), InboundSource.Import)).Outcome.ShouldBe(IngestMail.Outcome.NewTicket);
    }

    [Theory]
    [InlineData("Auto-Submitted: auto-replied\r\n")]
    [InlineData("Precedence: bulk\r\n")]
    [InlineData("X-Autoreply: yes\r\n")]
    [InlineData("X-Autorespond: Vắng mặt\r\n")]
    public async Task Auto_replies_are_ignored(string header)
    {
        var result = await IngestAsync(Mail(Unique("vang"), "Tự động: vắng mặt", "Tôi đang nghỉ phép.", NewId(), header));

        result.Outcome.ShouldBe(IngestMail.Outcome.Ignored);
        result.TicketId.ShouldBeNull();
    }

    [Fact]
    public async Task Mail_from_a_mailer_daemon_and_delivery_reports_are_ignored()
    {
        (await IngestAsync(Mail($"MAILER-DAEMON@mx{Guid.NewGuid():N}.vn", "Undelivered", "Gone.", NewId()))).Outcome.ShouldBe(IngestMail.Outcome.Ignored);
        var dsn = Encoding.ASCII.GetBytes($"From: <{Unique("mx")}>\r\nSubject: Delivery report\r\nMessage-ID: {NewId()}\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nFailed.\r\n"
            + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.vn\r\n\r\nFinal-Recipient: rfc822; x@y.vn\r\nAction: failed\r\nStatus: 5.1.1\r\n--b--\r\n");
        (await IngestAsync(dsn)).Outcome.ShouldBe(IngestMail.Outcome.Ignored);

        if (Corpus.File("delivery-status.txt") is { } real && File.Exists(real))
        {
            (await IngestAsync(File.ReadAllBytes(real))).Outcome.ShouldBe(IngestMail.Outcome.Ignored);
        }
    }

    [Fact]
    public async Task A_parked_message_is_listed_for_admins_and_processed_on_retry()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var customer = await app.CreateUserAsync(Role.Customer);
        await app.SetActiveAsync(customer.Id, false);

        var parked = await IngestAsync(Mail(customer.Email, "Tài khoản bị khoá", "Mở giúp em.", NewId()));

        parked.Outcome.ShouldBe(IngestMail.Outcome.Parked);
        var list = await admin.Client.GetAsync("/api/v1/inbound/messages?state=parked&limit=200");
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        var row = (await list.ReadJsonAsync()).AsArray().Single(n => (long)n!["id"]! == parked.InboundId)!;
        ((string)row["state"]!).ShouldBe("parked");
        ((string)row["reason"]!).ShouldContain("deactivated");
        var agent = await app.CreateUserAsync(Role.Agent);
        (await agent.Client.GetAsync("/api/v1/inbound/messages?state=parked")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await app.SetActiveAsync(customer.Id, true);
        var retry = await admin.Client.PostAsync($"/api/v1/inbound/messages/{parked.InboundId}/retry", null);

        retry.StatusCode.ShouldBe(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        ((string)(await retry.ReadJsonAsync())["outcome"]!).ShouldBe("newticket");
        var stored = await app.WithDbAsync(db => db.Set<InboundMessage>().AsNoTracking().FirstAsync(m => m.Id == parked.InboundId));
        stored.State.ShouldBe(InboundState.Processed);
        stored.Attempts.ShouldBe(2);
        (await admin.Client.PostAsync("/api/v1/inbound/messages/999999999/retry", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_http_entry_stores_a_raw_message_and_answers_202()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var raw = Mail(Unique("http"), "Qua HTTP", "Gửi từ cổng thư.", NewId());

        var response = await admin.Client.PostAsync("/api/v1/inbound/email", Rfc822(raw));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var json = await response.ReadJsonAsync();
        var id = (long)json["id"]!;
        var stored = await app.WithDbAsync(db => db.Set<InboundMessage>().AsNoTracking().FirstAsync(m => m.Id == id));
        stored.Source.ShouldBe(InboundSource.Http);
        stored.Raw.ShouldBe(raw);
        stored.State.ShouldBe(InboundState.Processed);
    }

    [Fact]
    public async Task The_http_entry_wants_a_token_an_admin_the_right_type_and_a_reasonable_size()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var agent = await app.CreateUserAsync(Role.Agent);
        var raw = Mail(Unique("http"), "Qua HTTP", "x", NewId());

        (await app.CreateClient().PostAsync("/api/v1/inbound/email", Rfc822(raw))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await agent.Client.PostAsync("/api/v1/inbound/email", Rfc822(raw))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var wrongType = await admin.Client.PostAsync("/api/v1/inbound/email", new ByteArrayContent(raw) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } });
        wrongType.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        wrongType.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var huge = new byte[25 * 1024 * 1024 + 1];
        var tooLarge = await admin.Client.PostAsync("/api/v1/inbound/email", Rfc822(huge));
        tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    private static ByteArrayContent Rfc822(byte[] raw) =>
        new(raw) { Headers = { ContentType = new MediaTypeHeaderValue("message/rfc822") } };

    [Fact]
    public async Task Mail_ingest_stores_what_comes_on_standard_input()
    {
        var messageId = NewId();
        var raw = Mail(Unique("pipe"), "Qua Postfix", "Từ đường ống.", messageId);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await app.WithScopeAsync(sp => MailCommands.IngestAsync(sp, new MemoryStream(raw), output, error, default));

        exit.ShouldBe(0, error.ToString());
        output.ToString().ShouldContain("new ticket");
        (await app.WithDbAsync(db => db.Set<InboundMessage>().CountAsync(m => m.Source == InboundSource.Pipe && m.MessageId == MailThreadId.Normalize(messageId)))).ShouldBe(1);

        var empty = await app.WithScopeAsync(sp => MailCommands.IngestAsync(sp, new MemoryStream(), output, error, default));
        empty.ShouldBe(MailCommands.ExDataErr);
    }

    [Fact]
    public async Task Mail_import_reads_an_mbox_and_counts_what_became_of_each_message()
    {
        var from = Unique("hop");
        var first = NewId();
        var mbox = "From hop@khachhang.vn Sun Nov 22 09:00:00 2026\n"
            + Encoding.UTF8.GetString(Mail(from, "Hộp thư cũ", "Thư đầu.\r\n>From quê nhà, gửi lời chào.", first)).Replace("\r\n", "\n")
            + "\nFrom hop@khachhang.vn Sun Nov 22 09:05:00 2026\n"
            + Encoding.UTF8.GetString(Mail(from, "Re: Hộp thư cũ", "Thư hai.", NewId(), $"In-Reply-To: {first}\r\n")).Replace("\r\n", "\n")
            + "\nFrom mailer@khachhang.vn Sun Nov 22 09:06:00 2026\n"
            + Encoding.UTF8.GetString(Mail(Unique("tudong"), "Vắng mặt", "Tự động.", NewId(), "Auto-Submitted: auto-replied\r\n")).Replace("\r\n", "\n");
        var output = new StringWriter();

        var exit = await app.WithScopeAsync(sp => MailCommands.ImportAsync(sp, new MemoryStream(Encoding.UTF8.GetBytes(mbox)), output, default));

        exit.ShouldBe(0);
        output.ToString().Trim().ShouldBe("Imported 3 messages: 1 new tickets, 1 replies, 1 ignored, 0 parked.");
        var ticketId = await app.WithDbAsync(db => db.MailThreadIds.Where(t => t.MessageId == MailThreadId.Normalize(first)).Select(t => t.TicketId).FirstAsync());
        var messages = await MessagesAsync(ticketId);
        messages.Count.ShouldBe(2);
        messages[0].Body.ShouldContain("From quê nhà"); // mboxrd quoting undone
        messages[0].Body.ShouldNotContain(">From");
    }

    [Fact]
    public async Task Mail_import_reads_the_corpus_mbox()
    {
        if (Corpus.File("simple.mbox.txt") is not { } path || !File.Exists(path))
        {
            return; // corpus not present
        }
        var output = new StringWriter();
        await using var stream = File.OpenRead(path);

        var exit = await app.WithScopeAsync(sp => MailCommands.ImportAsync(sp, stream, output, default));

        exit.ShouldBe(0);
        output.ToString().ShouldStartWith("Imported 3 messages:");
        output.ToString().ShouldContain("0 parked");

        // An unescaped "From Russia with love" line splits a message (RFC 4155, as MboxReader reads it):
        // the pieces without headers are parked for an admin, not lost; the byte order mark is skipped.
        var unmunged = new StringWriter();
        await using var second = File.OpenRead(Corpus.File("unmunged.mbox.txt")!);
        await app.WithScopeAsync(sp => MailCommands.ImportAsync(sp, second, unmunged, default));
        unmunged.ToString().Trim().ShouldBe("Imported 4 messages: 2 new tickets, 0 replies, 0 ignored, 2 parked.");
    }
}

/// <summary>Pieces that need no database.</summary>
public sealed class InboundMailTextTests
{
    [Fact]
    public void Quoted_history_is_dropped_only_at_the_end()
    {
        IngestMail.StripQuotedHistory("Cảm ơn.\n\nOn Sun, 22 Nov 2026, Hỗ trợ <hotro@haumai.vn> wrote:\n> Anh thử lại.\n>\n").ShouldBe("Cảm ơn.");
        IngestMail.StripQuotedHistory("> Câu hỏi 1\nTrả lời 1\n> Câu hỏi 2\nTrả lời 2").ShouldBe("> Câu hỏi 1\nTrả lời 1\n> Câu hỏi 2\nTrả lời 2");
        IngestMail.StripQuotedHistory("> chỉ có trích dẫn").ShouldBe("> chỉ có trích dẫn");
    }
}

/// <summary>The shared corpus, read in place (<c>../shared/corpus/email</c>), when it is there.</summary>
internal static class Corpus
{
    private static readonly string? Root = Find();

    public static string? File(string name) => Root is null ? null : Path.Combine(Root, "mimekit", name);

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", "email");
            if (Directory.Exists(Path.Combine(candidate, "mimekit")))
            {
                return candidate;
            }
        }
        return null;
    }
}

[Collection("sqlite")]
public sealed class SqliteInboundMailTests(SqliteApp app) : InboundMailTests(app);

[Collection("postgres")]
public sealed class PostgresInboundMailTests(PostgresApp app) : InboundMailTests(app);
