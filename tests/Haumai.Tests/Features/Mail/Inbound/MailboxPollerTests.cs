using System.Net;
using System.Net.Http.Json;
using System.Text;
using Haumai.Mail.Imap;
using Haumai.Mail.Mime;
using Haumai.Mail.Smtp;
using Haumai.Tests.Features.Mail.Outbox;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Mail.Inbound;
using Haumai.Web.Features.Mail.Outbox;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Features.Mail.Inbound;

/// <summary>
/// E1 over IMAP, against the real Dovecot: mail in a configured mailbox becomes a ticket exactly
/// once, is marked \Seen (or moved) only after the ticket committed, and whatever a crash
/// interrupts is finished by the next pass without a duplicate. Each test reads a folder of its
/// own in the support account, so tests running side by side never take each other's mail.
/// </summary>
public abstract class MailboxPollerTests(OutboxApp app)
{
    private static TestMailServers Servers => TestMailServers.Current;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A fresh folder in the support account.</summary>
    internal static async Task<string> FolderAsync()
    {
        var folder = Unique("Haumai");
        await using var imap = await Servers.ImapAsync(Servers.Support, Servers.SupportPassword);
        await imap.CreateMailboxAsync(folder);
        return folder;
    }

    internal static byte[] CustomerMail(string from, string subject, string messageId, string body = "Máy in ở phòng kế toán không in được.",
        string? inReplyTo = null, string? cc = null)
    {
        var builder = new MessageBuilder
        {
            From = new MailboxAddress("Trần Thị Khách", from),
            Subject = subject,
            Date = DateTime.UtcNow,
            MessageId = messageId,
            TextBody = body,
            InReplyTo = inReplyTo,
        };
        builder.To.Add(new MailboxAddress("Hỗ trợ", Servers.Support));
        if (cc is not null)
        {
            builder.Cc.Add(new MailboxAddress("Lê Văn Đồng Nghiệp", cc));
        }
        return builder.ToBytes();
    }

    /// <summary>Puts a message into a folder as a delivery would (unseen) and returns its UID.</summary>
    internal static async Task<uint> AppendAsync(string folder, byte[] message)
    {
        await using var imap = await Servers.ImapAsync(Servers.Support, Servers.SupportPassword);
        var appended = await imap.AppendAsync(folder, new MemoryStream(message));
        return appended.ShouldNotBeNull("Dovecot reports APPENDUID (UIDPLUS)").Uid;
    }

    private static async Task<IReadOnlyList<ImapMessageSummary>> SummariesAsync(string folder)
    {
        await using var imap = await Servers.ImapAsync(Servers.Support, Servers.SupportPassword);
        await imap.SelectAsync(folder);
        var all = await imap.UidSearchAsync("ALL");
        return await imap.UidFetchSummariesAsync(all);
    }

    private async Task<(TestUser Admin, int MailboxId)> MailboxAsync(string folder, string? moveTo = null, int? teamId = null, string? password = null)
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var response = await admin.Client.PostAsJsonAsync("/api/v1/mailboxes", new
        {
            name = Unique("Hộp thư hỗ trợ"),
            host = Servers.ImapHost,
            port = Servers.ImapTlsPort,
            tls = "implicit",
            userName = Servers.Support,
            password = password ?? Servers.SupportPassword,
            folder,
            moveToFolder = moveTo,
            teamId,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (admin, (int)(await response.ReadJsonAsync())["id"]!);
    }

    private async Task<PollMailbox.Result> PollAsync(int mailboxId) =>
        await app.WithScopeAsync(sp => sp.GetRequiredService<PollMailbox.Handler>().PollOnceAsync(mailboxId, default));

    private Task<List<Ticket>> TicketsAsync(string subject) =>
        app.WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => t.Subject == subject).ToListAsync());

    [Fact]
    public async Task Mail_in_a_mailbox_becomes_one_ticket_for_its_team_and_is_marked_seen_after_the_commit()
    {
        var folder = await FolderAsync();
        var team = await app.WithDbAsync(db => db.Teams.AsNoTracking().OrderBy(t => t.Id).Select(t => t.Id).FirstAsync());
        var (admin, mailboxId) = await MailboxAsync(folder, teamId: team);
        var from = $"{Unique("khach")}@congty-abc.vn";
        var colleague = $"{Unique("dongnghiep")}@congty-abc.vn";
        var subject = Unique("Máy in không in được");
        var messageId = $"{Guid.NewGuid():N}@congty-abc.vn";
        var uid = await AppendAsync(folder, CustomerMail(from, subject, messageId, cc: colleague));

        var response = await admin.Client.PostAsync($"/api/v1/mailboxes/{mailboxId}/poll", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.ReadJsonAsync();
        ((int)result["stored"]!).ShouldBe(1);
        ((int)result["newTickets"]!).ShouldBe(1);
        ((int)result["markedOnServer"]!).ShouldBe(1);

        var ticket = (await TicketsAsync(subject)).ShouldHaveSingleItem();
        ticket.Channel.ShouldBe(Channel.Email);
        ticket.TeamId.ShouldBe(team, "mail to a team's mailbox is that team's work");
        var row = await app.WithDbAsync(db => db.Set<InboundMessage>().AsNoTracking().SingleAsync(m => m.MailboxId == mailboxId));
        row.Source.ShouldBe(InboundSource.Imap);
        row.Uid.ShouldBe(uid);
        row.UidValidity.ShouldNotBeNull();
        row.State.ShouldBe(InboundState.Processed);
        row.RemoteDoneAt.ShouldNotBeNull();
        (await SummariesAsync(folder)).ShouldHaveSingleItem().IsSeen.ShouldBeTrue("marked only once the ticket committed");

        // The customer hears back at once; the colleague in Cc follows the ticket.
        (await app.WithDbAsync(db => db.Set<OutboundMail>().AsNoTracking().CountAsync(m => m.TicketId == ticket.Id && m.Kind == OutboundMailKind.Acknowledgement)))
            .ShouldBe(1);
        (await app.WithDbAsync(db => db.Set<TicketParticipant>().AsNoTracking().Where(p => p.TicketId == ticket.Id).Select(p => p.Email).ToListAsync()))
            .ShouldBe([colleague], "the support address itself is not a participant");

        // A second pass takes nothing again.
        var again = await PollAsync(mailboxId);
        again.Stored.ShouldBe(0);
        (await TicketsAsync(subject)).Count.ShouldBe(1);
        var mailbox = await admin.Client.GetFromJsonAsync<MailboxEndpoints.MailboxResponse>($"/api/v1/mailboxes/{mailboxId}", Json.Web);
        mailbox!.LastUid.ShouldBe(uid);
        mailbox.LastPolledAt.ShouldNotBeNull();
        mailbox.LastError.ShouldBeNull();
    }

    [Fact]
    public async Task A_crash_at_any_step_of_a_pass_loses_and_duplicates_nothing()
    {
        var folder = await FolderAsync();
        var (_, mailboxId) = await MailboxAsync(folder);
        (await PollAsync(mailboxId)).Stored.ShouldBe(0); // learns the folder's UIDVALIDITY
        var subjects = Enumerable.Range(1, 4).Select(i => Unique($"Sự cố {i}")).ToArray();
        var uids = new uint[4];
        var raws = new byte[4][];
        for (var i = 0; i < 4; i++)
        {
            raws[i] = CustomerMail($"{Unique("khach")}@congty-xyz.vn", subjects[i], $"{Guid.NewGuid():N}@congty-xyz.vn");
            uids[i] = await AppendAsync(folder, raws[i]);
        }
        var uidValidity = await app.WithDbAsync(db => db.Set<Mailbox>().Where(m => m.Id == mailboxId).Select(m => m.UidValidity!.Value).SingleAsync());

        // The state a pass leaves when the process dies at each step (all of it lives in the database and on the server):
        // message 1 stored, not processed; message 2 processed, not yet marked \Seen;
        // message 3 fetched, its row committed, but the progress written by a pass that then died (progress reset below).
        await app.WithScopeAsync(async sp =>
        {
            var ingest = sp.GetRequiredService<IngestMail.Handler>();
            await ingest.StoreAsync(raws[0], InboundSource.Imap, default, mailboxId, uids[0], uidValidity);
            var second = await ingest.StoreAsync(raws[1], InboundSource.Imap, default, mailboxId, uids[1], uidValidity);
            (await ingest.ProcessAsync(second.Id, default)).Outcome.ShouldBe(IngestMail.Outcome.NewTicket);
            await ingest.StoreAsync(raws[2], InboundSource.Imap, default, mailboxId, uids[2], uidValidity);
            return 0;
        });
        await app.WithDbAsync(db => db.Set<Mailbox>().Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastUid, (long)uids[1])));

        // The restart's first pass finishes everything.
        var pass = await PollAsync(mailboxId);
        pass.Stored.ShouldBe(1, "only message 4 is new; message 3's UID was already stored");
        pass.NewTickets.ShouldBe(3, "messages 1 and 3 (left Received) and message 4");
        foreach (var subject in subjects)
        {
            (await TicketsAsync(subject)).Count.ShouldBe(1, subject);
        }
        (await SummariesAsync(folder)).Select(s => s.IsSeen).ShouldAllBe(seen => seen);
        var rows = await app.WithDbAsync(db => db.Set<InboundMessage>().AsNoTracking().Where(m => m.MailboxId == mailboxId).ToListAsync());
        rows.Count.ShouldBe(4);
        rows.ShouldAllBe(r => r.State == InboundState.Processed && r.RemoteDoneAt != null);

        // A pass that fetched again from further back (its progress lost) finds every UID stored.
        await app.WithDbAsync(db => db.Set<Mailbox>().Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastUid, 0L)));
        (await PollAsync(mailboxId)).Stored.ShouldBe(0);
        (await app.WithDbAsync(db => db.Set<InboundMessage>().CountAsync(m => m.MailboxId == mailboxId))).ShouldBe(4);
        (await app.WithDbAsync(db => db.Set<Mailbox>().Where(m => m.Id == mailboxId).Select(m => m.LastUid).SingleAsync())).ShouldBe((long)uids[3]);
    }

    [Fact]
    public async Task A_changed_UIDVALIDITY_reads_the_folder_again_and_makes_no_second_ticket()
    {
        var folder = await FolderAsync();
        var (_, mailboxId) = await MailboxAsync(folder);
        var subject = Unique("Mất kết nối VPN");
        await AppendAsync(folder, CustomerMail($"{Unique("khach")}@congty-vpn.vn", subject, $"{Guid.NewGuid():N}@congty-vpn.vn"));
        (await PollAsync(mailboxId)).NewTickets.ShouldBe(1);

        // As if the server had renumbered the folder: what Haumai stored was under another UIDVALIDITY.
        await app.WithDbAsync(db => db.Set<Mailbox>().Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.UidValidity, 1L)));
        await app.WithDbAsync(db => db.Set<InboundMessage>().Where(m => m.MailboxId == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.UidValidity, 1L)));
        var pass = await PollAsync(mailboxId);
        pass.Stored.ShouldBe(1, "under a new UIDVALIDITY the message is fetched again");
        pass.NewTickets.ShouldBe(0);
        pass.Ignored.ShouldBe(1, "its Message-ID was processed already");
        (await TicketsAsync(subject)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Processed_mail_is_moved_when_the_mailbox_says_so()
    {
        var folder = await FolderAsync();
        var done = await FolderAsync();
        var (_, mailboxId) = await MailboxAsync(folder, moveTo: done);
        var subject = Unique("Website chậm");
        var messageId = $"{Guid.NewGuid():N}@congty-web.vn";
        await AppendAsync(folder, CustomerMail($"{Unique("khach")}@congty-web.vn", subject, messageId));

        (await PollAsync(mailboxId)).MarkedOnServer.ShouldBe(1);

        (await SummariesAsync(folder)).ShouldBeEmpty();
        MimeMessage.Load(await Servers.WaitForMessageAsync(Servers.Support, Servers.SupportPassword, done, messageId, TimeSpan.FromSeconds(5)))
            .Subject.ShouldBe(subject);
    }

    [Fact]
    public async Task Mail_already_read_when_the_mailbox_is_added_is_history_not_new_requests()
    {
        var folder = await FolderAsync();
        var old = Unique("Thư cũ đã đọc");
        await using (var imap = await Servers.ImapAsync(Servers.Support, Servers.SupportPassword))
        {
            await imap.AppendAsync(folder, new MemoryStream(CustomerMail($"{Unique("khach")}@cu.vn", old, $"{Guid.NewGuid():N}@cu.vn")), [ImapFlags.Seen]);
        }
        var fresh = Unique("Thư mới");
        await AppendAsync(folder, CustomerMail($"{Unique("khach")}@moi.vn", fresh, $"{Guid.NewGuid():N}@moi.vn"));
        var (_, mailboxId) = await MailboxAsync(folder);

        (await PollAsync(mailboxId)).NewTickets.ShouldBe(1);
        (await TicketsAsync(old)).ShouldBeEmpty();
        (await TicketsAsync(fresh)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_wrong_password_is_reported_on_the_mailbox_and_the_mail_waits()
    {
        var folder = await FolderAsync();
        var (admin, mailboxId) = await MailboxAsync(folder, password: "not-the-password");
        var subject = Unique("Chờ hộp thư");
        await AppendAsync(folder, CustomerMail($"{Unique("khach")}@cho.vn", subject, $"{Guid.NewGuid():N}@cho.vn"));

        var response = await admin.Client.PostAsync($"/api/v1/mailboxes/{mailboxId}/poll", null);
        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        (await response.ReadJsonAsync())["detail"]!.ToString().ShouldContain("refused the user name or password");
        var mailbox = await admin.Client.GetFromJsonAsync<MailboxEndpoints.MailboxResponse>($"/api/v1/mailboxes/{mailboxId}", Json.Web);
        mailbox!.LastError.ShouldNotBeNull().ShouldContain("password");
        (await SummariesAsync(folder)).ShouldHaveSingleItem().IsSeen.ShouldBeFalse();

        // The admin types the right password: the mail is taken.
        var fixedPassword = await admin.Client.PutAsJsonAsync($"/api/v1/mailboxes/{mailboxId}", new
        {
            name = mailbox.Name, host = mailbox.Host, port = mailbox.Port, tls = mailbox.Tls, userName = mailbox.UserName,
            password = Servers.SupportPassword, folder, isActive = true,
        });
        fixedPassword.StatusCode.ShouldBe(HttpStatusCode.OK, await fixedPassword.Content.ReadAsStringAsync());
        (await PollAsync(mailboxId)).NewTickets.ShouldBe(1);
        (await TicketsAsync(subject)).Count.ShouldBe(1);
        var after = await admin.Client.GetFromJsonAsync<MailboxEndpoints.MailboxResponse>($"/api/v1/mailboxes/{mailboxId}", Json.Web);
        after!.LastError.ShouldBeNull();
    }

    [Fact]
    public async Task Mailboxes_are_for_admins_and_bad_settings_are_refused_with_what_is_wrong()
    {
        var agent = await app.CreateUserAsync(Role.Agent);
        (await agent.Client.GetAsync("/api/v1/mailboxes")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await agent.Client.PostAsJsonAsync("/api/v1/mailboxes", new { name = "x", host = "imap.example.vn", userName = "a", password = "b" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var admin = await app.CreateUserAsync(Role.Admin);
        var before = await app.WithDbAsync(db => db.Set<Mailbox>().CountAsync());
        var noPassword = await admin.Client.PostAsJsonAsync("/api/v1/mailboxes", new { name = Unique("Hộp"), host = "imap.example.vn", userName = "hotro@example.vn" });
        noPassword.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noPassword.ReadJsonAsync())["errors"]!["password"].ShouldNotBeNull();
        var badTls = await admin.Client.PostAsJsonAsync("/api/v1/mailboxes", new { name = Unique("Hộp"), host = "imap.example.vn", userName = "a", password = "b", tls = "sometimes" });
        badTls.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badTls.ReadJsonAsync())["errors"]!["tls"].ShouldNotBeNull();
        var badHost = await admin.Client.PostAsJsonAsync("/api/v1/mailboxes", new { name = Unique("Hộp"), host = "imap example", userName = "a", password = "b" });
        badHost.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => db.Set<Mailbox>().CountAsync())).ShouldBe(before);

        // The password is stored encrypted and never returned.
        var (_, id) = await MailboxAsync("INBOX-unused");
        var raw = await admin.Client.GetStringAsync($"/api/v1/mailboxes/{id}");
        raw.ShouldNotContain(Servers.SupportPassword);
        raw.ShouldNotContain("protectedSecret", Case.Insensitive);
        (await app.WithDbAsync(db => db.Set<Mailbox>().Where(m => m.Id == id).Select(m => m.ProtectedSecret).SingleAsync()))
            .ShouldNotContain(Servers.SupportPassword);
    }

    [Fact]
    public async Task A_message_left_unprocessed_by_a_dead_process_is_processed_once_it_is_old_enough()
    {
        var subject = Unique("Bị bỏ dở");
        var raw = CustomerMail($"{Unique("khach")}@bodo.vn", subject, $"{Guid.NewGuid():N}@bodo.vn");
        // The pipe stored it, then its process was killed.
        var row = await app.WithScopeAsync(sp => sp.GetRequiredService<IngestMail.Handler>().StoreAsync(raw, InboundSource.Pipe, default));

        await app.WithScopeAsync(sp => sp.GetRequiredService<RecoverInboundMessages.Handler>().HandleAsync(TimeSpan.FromMinutes(2), default));
        (await TicketsAsync(subject)).ShouldBeEmpty("a message a moment old may still be in its own process's hands");

        app.Clock.Advance(TimeSpan.FromMinutes(3));
        await app.WithScopeAsync(sp => sp.GetRequiredService<RecoverInboundMessages.Handler>().HandleAsync(TimeSpan.FromMinutes(2), default));
        (await TicketsAsync(subject)).Count.ShouldBe(1);
        (await app.WithDbAsync(db => db.Set<InboundMessage>().AsNoTracking().SingleAsync(m => m.Id == row.Id))).State.ShouldBe(InboundState.Processed);
    }
}

[Collection("outbox-sqlite")]
public sealed class SqliteMailboxPollerTests(OutboxSqliteApp app) : MailboxPollerTests(app);

[Collection("outbox-postgres")]
public sealed class PostgresMailboxPollerTests(OutboxPostgresApp app) : MailboxPollerTests(app);
