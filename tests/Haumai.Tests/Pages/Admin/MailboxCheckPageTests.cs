using System.Globalization;
using Haumai.Tests.Features.Mail.Inbound;
using Haumai.Tests.Features.Mail.Outbox;
using Haumai.Tests.Support;
using Haumai.Web.Features.Mail.Inbound;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Admin;

/// <summary>"Check now" on /admin/mailboxes/{id} against the real Dovecot: what one pass found, or why the server said no, in Vietnamese.</summary>
public abstract class MailboxCheckPageTests(OutboxApp app)
{
    private static TestMailServers Servers => TestMailServers.Current;

    private static string Port => Servers.ImapTlsPort.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Check_now_takes_the_new_mail_and_says_what_came_of_it()
    {
        var (admin, _) = await app.SignedInAsync();
        var folder = await MailboxPollerTests.FolderAsync();
        var subject = AdminForms.Unique("Máy in không in được");
        await MailboxPollerTests.AppendAsync(folder, MailboxPollerTests.CustomerMail($"{AdminForms.Unique("khach")}@congty-abc.vn", subject, $"{Guid.NewGuid():N}@congty-abc.vn"));
        var name = AdminForms.Unique("Dovecot");
        var url = await admin.SubmitAsync("/admin/mailboxes/new", null,
            [.. MailboxPageTests.Fields(name, host: Servers.ImapHost, port: Port, user: Servers.Support, password: Servers.SupportPassword, folder: folder)])
            .ShouldRedirectAsync();

        await admin.SubmitAsync(url, "Check").ShouldRedirectAsync();

        var page = await admin.DocumentAsync(url);
        page.QuerySelector("#admin-flash")!.TextContent.ShouldContain("Đã kiểm tra: 1 thư mới, 1 yêu cầu hỗ trợ mới, 0 phản hồi, 0 bỏ qua, 0 tạm giữ.");
        page.QuerySelector("#admin-warning").ShouldBeNull();
        page.QuerySelector("#mailbox-last-polled")!.TextContent.ShouldNotContain("Chưa đọc lần nào");
        var mailbox = await app.WithDbAsync(db => db.Set<Mailbox>().AsNoTracking().SingleAsync(m => m.Name == name));
        mailbox.LastPolledAt.ShouldNotBeNull();
        mailbox.LastError.ShouldBeNull();
        (await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.Subject == subject))).ShouldBe(1);
    }

    [Fact]
    public async Task A_wrong_password_is_said_as_such_and_kept_as_the_last_error()
    {
        var (admin, _) = await app.SignedInAsync();
        var name = AdminForms.Unique("Sai mật khẩu");
        var url = await admin.SubmitAsync("/admin/mailboxes/new", null,
            [.. MailboxPageTests.Fields(name, host: Servers.ImapHost, port: Port, user: Servers.Support, password: "không-phải-mật-khẩu")])
            .ShouldRedirectAsync();

        await admin.SubmitAsync(url, "Check").ShouldRedirectAsync();

        var page = await admin.DocumentAsync(url);
        page.QuerySelector("#admin-warning")!.TextContent.ShouldContain("Không đọc được hộp thư: Máy chủ từ chối tên đăng nhập hoặc mật khẩu:");
        page.QuerySelector("#mailbox-last-error")!.TextContent.ShouldContain("The server refused the user name or password");
        page.DocumentElement.OuterHtml.ShouldNotContain("không-phải-mật-khẩu");
    }
}

[Collection("outbox-sqlite")]
public sealed class SqliteMailboxCheckPageTests(OutboxSqliteApp app) : MailboxCheckPageTests(app);

[Collection("outbox-postgres")]
public sealed class PostgresMailboxCheckPageTests(OutboxPostgresApp app) : MailboxCheckPageTests(app);
