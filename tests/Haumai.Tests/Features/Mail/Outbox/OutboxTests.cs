using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Haumai.Mail.Mime;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Mail;
using Haumai.Web.Features.Mail.Outbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Features.Mail.Outbox;

/// <summary>
/// E4: staff replies and acknowledgements go into the outbox with what they announce, and leave
/// through the real Postfix into the real Dovecot, threaded; failures are retried or shown.
/// </summary>
public abstract class OutboxTests(OutboxApp app)
{
    private static TestMailServers Servers => TestMailServers.Current;

    private async Task<(TestUser Agent, long TicketId)> TicketAsync(string requester, string channel = "email", string subject = "Không đăng nhập được hệ thống")
    {
        var agent = await app.CreateUserAsync(Role.Admin); // sees every team's tickets
        var created = await agent.Client.PostAsJsonAsync("/api/v1/tickets", new
        {
            subject,
            body = "Từ sáng nay tôi không đăng nhập được.",
            category = "technical-fault",
            requester = new { email = requester, name = "Nguyễn Văn Khách" },
            channel,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (agent, (long)(await created.ReadJsonAsync())["id"]!);
    }

    private static async Task<long> ReplyAsync(TestUser agent, long ticketId, string body, bool isInternal = false)
    {
        var response = await agent.Client.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { body, @internal = isInternal });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (long)(await response.ReadJsonAsync())["id"]!;
    }

    private Task<List<OutboundMail>> MailsAsync(long ticketId, OutboundMailKind? kind = null) =>
        app.WithDbAsync(db => db.Set<OutboundMail>().AsNoTracking()
            .Where(m => m.TicketId == ticketId && (kind == null || m.Kind == kind)).OrderBy(m => m.Id).ToListAsync());

    private Task<OutboundMail> MailAsync(long id) =>
        app.WithDbAsync(db => db.Set<OutboundMail>().AsNoTracking().FirstAsync(m => m.Id == id));

    private static Task<int> RunSenderAsync(WebApplicationFactory<Program> host) =>
        host.Services.GetRequiredService<OutboxSender>().RunOnceAsync(default);

    [Fact]
    public async Task A_public_staff_reply_enqueues_one_threaded_mail_and_an_internal_note_none()
    {
        var (agent, id) = await TicketAsync(Servers.Customer);
        // The customer's mail that opened the ticket, as the inbound side records it.
        var inbound = $"khach-{Guid.NewGuid():N}@mail.khachhang.vn";
        await app.WithDbAsync(async db =>
        {
            db.MailThreadIds.Add(new MailThreadId(inbound, id, MailDirection.Inbound, app.Clock.GetUtcNow().UtcDateTime));
            return await db.SaveChangesAsync();
        });

        await ReplyAsync(agent, id, "Ghi chú nội bộ: kiểm tra máy chủ xác thực.", isInternal: true);
        (await MailsAsync(id, OutboundMailKind.Reply)).ShouldBeEmpty();

        var messageId = await ReplyAsync(agent, id, "Chào anh, chúng tôi đã đặt lại mật khẩu.");
        var mails = await MailsAsync(id, OutboundMailKind.Reply);
        mails.Count.ShouldBe(1);
        var mail = mails[0];
        mail.TicketMessageId.ShouldBe(messageId, "the mail was saved with the reply, in the same SaveChanges");
        mail.State.ShouldBe(OutboundMailState.Pending);
        mail.To.ShouldBe(Servers.Customer);
        mail.Subject.ShouldBe($"Re: [#{id}] Không đăng nhập được hệ thống");
        mail.MessageId.ShouldNotBeNull().ShouldStartWith($"ticket-{id}.");
        mail.MessageId.ShouldEndWith("@" + Servers.Domain);
        var parsed = MimeMessage.Load(mail.RawMessage.ShouldNotBeNull());
        parsed.InReplyTo.ShouldBe(inbound);
        parsed.References.ShouldContain(inbound);
        parsed.HtmlBody.ShouldNotBeNull().ShouldContain("đặt lại mật khẩu");
        var outbound = await app.WithDbAsync(db => db.MailThreadIds.AsNoTracking().Where(m => m.TicketId == id && m.Direction == MailDirection.Outbound).Select(m => m.MessageId).ToListAsync());
        outbound.ShouldContain(mail.MessageId, "an answer to it threads back onto the ticket");
    }

    [Fact]
    public async Task The_sender_delivers_the_reply_through_Postfix_into_Dovecot()
    {
        var (agent, id) = await TicketAsync(Servers.Customer);
        await ReplyAsync(agent, id, "Chào anh, lỗi đã được khắc phục. Anh vui lòng đăng nhập lại.");
        var mail = (await MailsAsync(id, OutboundMailKind.Reply)).Single();

        await RunSenderAsync(app);

        var sent = await MailAsync(mail.Id);
        sent.State.ShouldBe(OutboundMailState.Sent, sent.LastError);
        sent.Attempts.ShouldBe(1);
        var delivered = MimeMessage.Load(await Servers.WaitForCustomerMessageAsync(mail.MessageId!));
        delivered.MessageId.ShouldBe(mail.MessageId);
        delivered.Subject.ShouldBe($"Re: [#{id}] Không đăng nhập được hệ thống");
        delivered.TextBody.ShouldNotBeNull().ShouldContain("lỗi đã được khắc phục");
        delivered.TextBody.ShouldContain($"Yêu cầu #{id}");

        // Sent once: another run does not send it again.
        await RunSenderAsync(app);
        (await MailAsync(mail.Id)).Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_means_a_retry_with_back_off_and_nothing_lost()
    {
        var (agent, id) = await TicketAsync(Servers.Customer);
        await ReplyAsync(agent, id, "Chào anh, chúng tôi đang kiểm tra.");
        var mail = (await MailsAsync(id, OutboundMailKind.Reply)).Single();
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now: connections are refused
        await using var down = app.WithWebHostBuilder(b => b.UseSetting("Mail:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var before = app.Clock.GetUtcNow().UtcDateTime;
        await RunSenderAsync(down);
        var first = await MailAsync(mail.Id);
        first.State.ShouldBe(OutboundMailState.Pending);
        first.Attempts.ShouldBe(1);
        first.LastError.ShouldNotBeNullOrEmpty();
        (first.NextAttemptAt - before).TotalMinutes.ShouldBe(1, tolerance: 0.1);

        await RunSenderAsync(down); // not due yet: untouched
        (await MailAsync(mail.Id)).Attempts.ShouldBe(1);

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var second = app.Clock.GetUtcNow().UtcDateTime;
        await RunSenderAsync(down);
        var retried = await MailAsync(mail.Id);
        retried.Attempts.ShouldBe(2);
        retried.State.ShouldBe(OutboundMailState.Pending);
        (retried.NextAttemptAt - second).TotalMinutes.ShouldBe(2, tolerance: 0.1);

        // The server is back: the same mail, same Message-ID, goes out.
        app.Clock.Advance(TimeSpan.FromSeconds(121));
        await RunSenderAsync(app);
        var sent = await MailAsync(mail.Id);
        sent.State.ShouldBe(OutboundMailState.Sent, sent.LastError);
        sent.Attempts.ShouldBe(3);
        MimeMessage.Load(await Servers.WaitForCustomerMessageAsync(mail.MessageId!)).Subject.ShouldBe($"Re: [#{id}] Không đăng nhập được hệ thống");
    }

    [Fact]
    public async Task A_permanent_refusal_marks_the_mail_failed_and_shows_on_the_ticket()
    {
        var nobody = $"khong-ton-tai-{Guid.NewGuid():N}"[..24] + "@" + Servers.Domain;
        var (agent, id) = await TicketAsync(nobody);
        await ReplyAsync(agent, id, "Chào anh, chúng tôi đã xử lý xong.");
        var mail = (await MailsAsync(id, OutboundMailKind.Reply)).Single();

        await RunSenderAsync(app);

        var failed = await MailAsync(mail.Id);
        failed.State.ShouldBe(OutboundMailState.Failed);
        failed.LastError.ShouldNotBeNull().ShouldContain("550");
        var ticket = await (await agent.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
        ticket["events"]!.AsArray().Select(e => (string)e!["type"]!).ShouldContain(OutboxSender.MailFailedEvent);

        app.Clock.Advance(TimeSpan.FromHours(7));
        await RunSenderAsync(app); // given up: never tried again
        (await MailAsync(mail.Id)).Attempts.ShouldBe(failed.Attempts);
    }

    [Fact]
    public async Task A_new_ticket_by_email_is_acknowledged_with_its_number_and_response_target()
    {
        var (_, id) = await TicketAsync(Servers.Customer, subject: "Hóa đơn tháng 11 bị sai");
        var ack = (await MailsAsync(id, OutboundMailKind.Acknowledgement)).Single();
        ack.State.ShouldBe(OutboundMailState.Pending);

        await RunSenderAsync(app);

        var sent = await MailAsync(ack.Id);
        sent.State.ShouldBe(OutboundMailState.Sent, sent.LastError);
        sent.Subject.ShouldBe($"[#{id}] Hóa đơn tháng 11 bị sai");
        var delivered = MimeMessage.Load(await Servers.WaitForCustomerMessageAsync(sent.MessageId!));
        delivered.Subject.ShouldBe($"[#{id}] Hóa đơn tháng 11 bị sai");
        delivered.Headers["Auto-Submitted"].ShouldNotBeNull().Trim().ShouldBe("auto-replied");
        var text = delivered.TextBody.ShouldNotBeNull();
        text.ShouldContain($"Mã yêu cầu: #{id}");
        text.ShouldContain("Chúng tôi sẽ phản hồi trước");
        var outbound = await app.WithDbAsync(db => db.MailThreadIds.AsNoTracking().AnyAsync(m => m.MessageId == sent.MessageId && m.TicketId == id && m.Direction == MailDirection.Outbound));
        outbound.ShouldBeTrue();
    }

    [Fact]
    public async Task A_requester_who_reads_English_gets_the_acknowledgement_in_English()
    {
        var email = $"en-{Guid.NewGuid():N}"[..16] + "@example.com";
        var (_, id) = await TicketAsync(email, channel: "portal", subject: "Invoice question");
        await app.WithDbAsync(async db =>
        {
            (await db.Users.FirstAsync(u => u.Email == email)).SetPreferences("en", "Asia/Ho_Chi_Minh");
            return await db.SaveChangesAsync();
        });
        var ack = (await MailsAsync(id, OutboundMailKind.Acknowledgement)).Single();

        await RunSenderAsync(app); // rendered at the claim; the test Postfix refuses example.com for good

        var rendered = MimeMessage.Load((await MailAsync(ack.Id)).RawMessage.ShouldNotBeNull());
        rendered.Subject.ShouldBe($"[#{id}] Invoice question");
        rendered.TextBody.ShouldNotBeNull().ShouldContain($"Its number is #{id}.");
        rendered.TextBody.ShouldContain("We will answer you by");
    }

    [Fact]
    public async Task A_mail_claimed_by_a_node_that_died_is_sent_once_its_claim_runs_out()
    {
        var (agent, id) = await TicketAsync(Servers.Customer);
        await ReplyAsync(agent, id, "Chào anh, chúng tôi gửi lại hướng dẫn.");
        var mail = (await MailsAsync(id, OutboundMailKind.Reply)).Single();
        // What a claim leaves behind when its node dies before sending: one attempt, a lease of 10 minutes.
        var lease = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(10);
        await app.WithDbAsync(db => db.Set<OutboundMail>().Where(m => m.Id == mail.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, lease).SetProperty(m => m.Attempts, 1)));

        await RunSenderAsync(app);
        (await MailAsync(mail.Id)).State.ShouldBe(OutboundMailState.Pending, "the claim still holds");

        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await RunSenderAsync(app);
        var sent = await MailAsync(mail.Id);
        sent.State.ShouldBe(OutboundMailState.Sent, sent.LastError);
        sent.Attempts.ShouldBe(2);
        (await Servers.WaitForCustomerMessageAsync(mail.MessageId!)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task No_acknowledgement_for_a_ticket_logged_from_a_phone_call()
    {
        var (_, id) = await TicketAsync(Servers.Customer, channel: "phone");
        (await MailsAsync(id, OutboundMailKind.Acknowledgement)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_ETA_that_moves_far_is_announced_once_with_the_ETA_of_the_moment_and_drift_is_not()
    {
        var (agent, id) = await TicketAsync(Servers.Customer, subject: "Chuyển dữ liệu sang máy chủ mới");
        (await MailsAsync(id, OutboundMailKind.EtaChanged)).ShouldBeEmpty("the acknowledgement already says the first ETA");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
        var now = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), zone);
        var first = new DateTimeOffset(now.Date.AddDays(3).AddHours(10), TimeSpan.FromHours(7));
        var second = new DateTimeOffset(now.Date.AddDays(5).AddHours(15).AddMinutes(30), TimeSpan.FromHours(7));

        (await agent.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { eta = first.ToString("O") })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { eta = second.ToString("O") })).StatusCode.ShouldBe(HttpStatusCode.OK);
        // A move of 20 minutes is drift, not news.
        (await agent.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { eta = second.AddMinutes(20).ToString("O") })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await MailsAsync(id, OutboundMailKind.EtaChanged)).Count.ShouldBe(2);

        await RunSenderAsync(app);

        var notices = await MailsAsync(id, OutboundMailKind.EtaChanged);
        notices[0].State.ShouldBe(OutboundMailState.Cancelled, "a later notice says the newer ETA");
        notices[1].State.ShouldBe(OutboundMailState.Sent, notices[1].LastError);
        notices[1].To.ShouldBe(Servers.Customer);
        var delivered = MimeMessage.Load(await Servers.WaitForCustomerMessageAsync(notices[1].MessageId!));
        delivered.Subject.ShouldBe($"[#{id}] Chuyển dữ liệu sang máy chủ mới");
        delivered.TextBody.ShouldNotBeNull().ShouldContain($"Thời gian dự kiến mới: {second.AddMinutes(20):HH:mm dd/MM/yyyy}");
        delivered.Headers["Auto-Submitted"].ShouldBe("auto-generated");
    }

    [Fact]
    public async Task An_ETA_notice_for_a_ticket_solved_before_it_went_out_is_not_sent()
    {
        var (agent, id) = await TicketAsync(Servers.Customer);
        var later = app.Clock.GetUtcNow().AddDays(4);
        (await agent.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { eta = later.ToString("O") })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await RunSenderAsync(app);

        (await MailsAsync(id, OutboundMailKind.EtaChanged)).ShouldHaveSingleItem().State.ShouldBe(OutboundMailState.Cancelled);
    }
}

[Collection("outbox-sqlite")]
public sealed class SqliteOutboxTests(OutboxSqliteApp app) : OutboxTests(app);

[Collection("outbox-postgres")]
public sealed class PostgresOutboxTests(OutboxPostgresApp app) : OutboxTests(app);
