using System.Net;
using Haumai.Mail.Net;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Mail.Inbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Pages.Admin;

/// <summary>/admin/mailboxes (E1): admins add and change the IMAP mailboxes Haumai reads, and check one now.</summary>
public abstract class MailboxPageTests(HaumaiFactory app)
{
    internal const string Secret = "Mật-khẩu-hộp-thư-2026!";

    internal static List<(string Name, string Value)> Fields(string name, string host = "imap.khachhang.vn", string port = "", string tls = "implicit",
        string user = "hotro@khachhang.vn", string password = Secret, string folder = "INBOX", string move = "", string team = "", bool active = true)
    {
        List<(string Name, string Value)> fields =
        [
            ("Input.Name", name), ("Input.Host", host), ("Input.Port", port), ("Input.Tls", tls), ("Input.UserName", user),
            ("Input.Password", password), ("Input.Folder", folder), ("Input.MoveToFolder", move), ("Input.TeamId", team),
        ];
        // As the browser sends the switch: "true" first when ticked, then the hidden "false".
        if (active)
        {
            fields.Add(("Input.IsActive", "true"));
        }
        fields.Add(("Input.IsActive", "false"));
        return fields;
    }

    private Task<Mailbox> MailboxAsync(string name) =>
        app.WithDbAsync(db => db.Set<Mailbox>().AsNoTracking().SingleAsync(m => m.Name == name));

    [Fact]
    public async Task An_admin_adds_a_mailbox_whose_password_is_stored_encrypted_and_never_shown()
    {
        var (admin, _) = await app.SignedInAsync();
        var teamId = await app.CreateTeamAsync();
        var name = AdminForms.Unique("Hỗ trợ");

        var location = await admin.SubmitAsync("/admin/mailboxes/new", null,
            [.. Fields(name, port: "993", team: teamId.ToString(System.Globalization.CultureInfo.InvariantCulture), move: "Da-xu-ly")]).ShouldRedirectAsync();

        var mailbox = await MailboxAsync(name);
        location.ShouldBe($"/admin/mailboxes/{mailbox.Id}");
        mailbox.Host.ShouldBe("imap.khachhang.vn");
        mailbox.Port.ShouldBe(993);
        mailbox.Tls.ShouldBe(MailTlsMode.Implicit);
        mailbox.UserName.ShouldBe("hotro@khachhang.vn");
        mailbox.MoveToFolder.ShouldBe("Da-xu-ly");
        mailbox.TeamId.ShouldBe(teamId);
        mailbox.IsActive.ShouldBeTrue();
        // The column holds the Data Protection payload, which only the app's keys open.
        mailbox.ProtectedSecret.ShouldNotContain(Secret);
        mailbox.ProtectedSecret.ShouldNotContain("hộp-thư");
        (await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<MailboxSecrets>().Unprotect(mailbox.ProtectedSecret)))).ShouldBe(Secret);

        var html = await admin.HtmlAsync(location);
        html.ShouldNotContain(Secret);
        html.ShouldNotContain(mailbox.ProtectedSecret);
        var page = AdminForms.Parse(html);
        page.QuerySelector("#admin-flash")!.TextContent.ShouldContain($"Đã thêm hộp thư {name}.");
        var password = page.QuerySelector("#Input_Password")!;
        password.GetAttribute("type").ShouldBe("password");
        password.GetAttribute("autocomplete").ShouldBe("new-password");
        password.HasAttribute("value").ShouldBeFalse();
        page.QuerySelector("#password-help")!.TextContent.ShouldContain("Để trống để giữ mật khẩu đã lưu.");
        page.QuerySelector("#Input_Tls option[selected]")!.GetAttribute("value").ShouldBe("implicit");
        page.QuerySelector("#Input_TeamId option[selected]")!.GetAttribute("value").ShouldBe(teamId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.QuerySelector("#mailbox-last-polled")!.TextContent.ShouldContain("Chưa đọc lần nào");

        var list = await admin.DocumentAsync("/admin/mailboxes");
        var row = list.QuerySelector($"#mailboxes tr[data-mailbox-id=\"{mailbox.Id}\"]")!;
        row.TextContent.ShouldContain(name);
        row.TextContent.ShouldContain("hotro@khachhang.vn@imap.khachhang.vn:993");
        row.TextContent.ShouldContain("Nhóm thử nghiệm");
        row.TextContent.ShouldContain("Đang hoạt động");
    }

    [Fact]
    public async Task Editing_with_an_empty_password_keeps_the_stored_one_and_a_new_one_replaces_it()
    {
        var (admin, _) = await app.SignedInAsync();
        var name = AdminForms.Unique("Kinh doanh");
        var url = await admin.SubmitAsync("/admin/mailboxes/new", null, [.. Fields(name)]).ShouldRedirectAsync();
        var before = await MailboxAsync(name);

        await admin.SubmitAsync(url, "Save", [.. Fields(name, host: "mail.khachhang.vn", port: "143", tls: "starttls", password: "", active: false)])
            .ShouldRedirectAsync();

        var kept = await MailboxAsync(name);
        kept.ProtectedSecret.ShouldBe(before.ProtectedSecret);
        kept.Host.ShouldBe("mail.khachhang.vn");
        kept.Tls.ShouldBe(MailTlsMode.StartTls);
        kept.IsActive.ShouldBeFalse();
        kept.TeamId.ShouldBeNull();
        var list = await admin.DocumentAsync("/admin/mailboxes");
        list.QuerySelector($"tr[data-mailbox-id=\"{kept.Id}\"]")!.TextContent.ShouldContain("Tạm dừng");

        await admin.SubmitAsync(url, "Save", [.. Fields(name, password: "Mật-khẩu-mới-2027")]).ShouldRedirectAsync();

        var changed = await MailboxAsync(name);
        changed.ProtectedSecret.ShouldNotBe(before.ProtectedSecret);
        (await app.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<MailboxSecrets>().Unprotect(changed.ProtectedSecret)))).ShouldBe("Mật-khẩu-mới-2027");
        (await admin.HtmlAsync(url)).ShouldNotContain("Mật-khẩu-mới-2027");
    }

    [Fact]
    public async Task Invalid_fields_are_said_in_Vietnamese_and_nothing_is_saved()
    {
        var (admin, _) = await app.SignedInAsync();
        var taken = AdminForms.Unique("Đã có");
        await admin.SubmitAsync("/admin/mailboxes/new", null, [.. Fields(taken)]).ShouldRedirectAsync();
        var before = await app.WithDbAsync(db => db.Set<Mailbox>().CountAsync());

        var html = await admin.SubmitAsync("/admin/mailboxes/new", null,
            [.. Fields("", host: "máy chủ lỗi!", port: "70000", tls: "ssl", user: "", folder: "INBOX", move: "INBOX")]).ShouldFailAsync();
        var page = AdminForms.Parse(html);
        string Error(string field) => page.QuerySelector($"#Input_{field} ~ .invalid-feedback")!.TextContent.Trim();
        Error("Name").ShouldBe("Hãy điền trường này.");
        Error("Host").ShouldBe("Hãy nhập tên máy chủ hoặc địa chỉ IP.");
        Error("Port").ShouldBe("Hãy nhập một số từ 0 đến 65535.");
        Error("Tls").ShouldBe("Hãy chọn một cách dùng TLS: ngay từ đầu, STARTTLS hoặc không.");
        Error("UserName").ShouldBe("Hãy điền trường này.");
        Error("MoveToFolder").ShouldBe("Hãy chuyển thư đã xử lý vào một thư mục khác với thư mục đang đọc.");
        // What the admin typed stays in the form; the password does not come back.
        page.QuerySelector("#Input_Host")!.GetAttribute("value").ShouldBe("máy chủ lỗi!");
        html.ShouldNotContain(Secret);

        (await admin.SubmitAsync("/admin/mailboxes/new", null, [.. Fields(AdminForms.Unique("Không mật khẩu"), password: "")]).ShouldFailAsync())
            .ShouldContain("Hộp thư mới cần có mật khẩu.");
        (await admin.SubmitAsync("/admin/mailboxes/new", null, [.. Fields(taken)]).ShouldFailAsync())
            .ShouldContain("Đã có hộp thư khác mang tên này.");
        (await admin.SubmitAsync("/admin/mailboxes/new", null, [.. Fields(AdminForms.Unique("Nhóm lạ"), team: "999999")]).ShouldFailAsync())
            .ShouldContain("Không có nhóm này.");
        (await admin.SubmitAsync("/admin/mailboxes/new", null, [.. Fields(AdminForms.Unique("Cổng chữ"), port: "abc")]).ShouldFailAsync())
            .ShouldContain("Giá trị này không hợp lệ.");

        (await app.WithDbAsync(db => db.Set<Mailbox>().CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Check_now_against_a_server_that_refuses_shows_the_error_and_records_it()
    {
        var (admin, _) = await app.SignedInAsync();
        var name = AdminForms.Unique("Không kết nối");
        var url = await admin.SubmitAsync("/admin/mailboxes/new", null, [.. Fields(name, host: "127.0.0.1", port: "1", tls: "none")]).ShouldRedirectAsync();

        var back = await admin.SubmitAsync(url, "Check").ShouldRedirectAsync();

        AdminForms.PathOf(new Uri(back, UriKind.RelativeOrAbsolute)).ShouldBe(url);
        var page = await admin.DocumentAsync(url);
        var warning = page.QuerySelector("#admin-warning")!.TextContent;
        warning.ShouldContain("Không đọc được hộp thư: Không kết nối được (ConnectionRefused)");
        page.QuerySelector("#admin-flash").ShouldBeNull();
        page.QuerySelector("#mailbox-last-error")!.TextContent.ShouldContain("Cannot connect (ConnectionRefused)");
        var mailbox = await MailboxAsync(name);
        mailbox.LastError.ShouldNotBeNull().ShouldStartWith("Cannot connect (ConnectionRefused)");
        mailbox.LastErrorAt.ShouldNotBeNull();
        mailbox.LastPolledAt.ShouldBeNull();

        var list = await admin.DocumentAsync("/admin/mailboxes");
        list.QuerySelector($"tr[data-mailbox-error=\"{mailbox.Id}\"] .alert-warning")!.TextContent.ShouldContain("Cannot connect");
        var overview = await admin.DocumentAsync("/admin");
        overview.QuerySelector("[data-admin-card=\"mailboxes\"]")!.TextContent.ShouldContain("không đọc được");
    }

    [Fact]
    public async Task Agents_and_customers_are_refused_every_page_and_form()
    {
        var (admin, _) = await app.SignedInAsync();
        var name = AdminForms.Unique("Riêng admin");
        var url = await admin.SubmitAsync("/admin/mailboxes/new", null, [.. Fields(name)]).ShouldRedirectAsync();
        var (agent, _) = await app.SignedInAsync(Role.Agent);
        var (customer, _) = await app.SignedInAsync(Role.Customer);

        foreach (var browser in new[] { agent, customer })
        {
            foreach (var page in new[] { "/admin/mailboxes", "/admin/mailboxes/new", url })
            {
                (await browser.GetAsync(page)).ShouldBeRefused(page);
            }
            var token = await browser.FormTokenAsync("/account/sign-in");
            (await browser.PostFormAsync("/admin/mailboxes/new", [.. Fields(AdminForms.Unique("Lén lút")).Select(Pair), new(SignInHelper.TokenField, token)]))
                .ShouldBeRefused("/admin/mailboxes/new");
            (await browser.PostFormAsync($"{url}?handler=Save", [.. Fields("Đổi tên lén", password: "").Select(Pair), new(SignInHelper.TokenField, token)]))
                .ShouldBeRefused(url);
            (await browser.PostFormAsync($"{url}?handler=Check", [new(SignInHelper.TokenField, token)])).ShouldBeRefused(url);
            browser.Cookies.ContainsKey(SignInHelper.AuthCookie).ShouldBeTrue();
        }
        (await MailboxAsync(name)).LastError.ShouldBeNull();
        (await app.WithDbAsync(db => db.Set<Mailbox>().AnyAsync(m => m.Name == "Đổi tên lén" || m.Name.StartsWith("Lén lút")))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_form_without_the_antiforgery_token_is_a_400_and_changes_nothing()
    {
        var (admin, _) = await app.SignedInAsync();
        var name = AdminForms.Unique("Thật");
        var url = await admin.SubmitAsync("/admin/mailboxes/new", null, [.. Fields(name)]).ShouldRedirectAsync();
        var forged = AdminForms.Unique("Giả mạo");

        (await admin.PostFormAsync("/admin/mailboxes/new", Fields(forged).Select(Pair))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.PostFormAsync($"{url}?handler=Save", Fields(forged, password: "").Select(Pair))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await app.WithDbAsync(db => db.Set<Mailbox>().AnyAsync(m => m.Name == forged))).ShouldBeFalse();
        (await MailboxAsync(name)).Name.ShouldBe(name);
    }

    private static KeyValuePair<string, string> Pair((string Name, string Value) f) => new(f.Name, f.Value);
}

[Collection("sqlite")]
public sealed class SqliteMailboxPageTests(SqliteApp app) : MailboxPageTests(app);

[Collection("postgres")]
public sealed class PostgresMailboxPageTests(PostgresApp app) : MailboxPageTests(app);
