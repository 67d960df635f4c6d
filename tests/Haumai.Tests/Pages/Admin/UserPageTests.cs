using System.Net;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Admin;

/// <summary>/admin/users: list, search, create, change role and organization, password, deactivate.</summary>
public abstract class UserPageTests(HaumaiFactory app)
{
    [Fact]
    public async Task An_admin_creates_an_agent_who_can_then_sign_in()
    {
        var (admin, _) = await app.SignedInAsync();
        var email = $"{AdminForms.Unique("moi")}@example.vn";

        var location = await admin.SubmitAsync("/admin/users/new", null,
            ("Input.Name", "Lê Văn Hùng"), ("Input.Email", "  " + email.ToUpperInvariant()), ("Input.Role", "agent"),
            ("Input.Password", "Mat-khau-1234"), ("Input.Organization", "")).ShouldRedirectAsync();

        var id = AdminForms.IdOf(location);
        location.ShouldBe($"/admin/users/{id}");
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));
        user.Email.ShouldBe(email);
        user.Role.ShouldBe(Role.Agent);
        user.OrganizationId.ShouldBeNull();
        var page = await admin.HtmlAsync(location);
        page.ShouldContain("Lê Văn Hùng");
        page.ShouldContain($"Đã tạo người dùng {email}.");

        var browser = app.Browser();
        (await browser.SignInAsync(email, "Mat-khau-1234")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        browser.HasAuthCookie.ShouldBeTrue();
    }

    [Fact]
    public async Task A_customer_is_created_in_an_organization_as_its_org_admin()
    {
        var (admin, _) = await app.SignedInAsync();
        var org = await app.CreateOrganizationAsync();
        var email = $"{AdminForms.Unique("khach")}@example.vn";

        // The organization's page offers "add a customer" with the organization filled in.
        (await admin.HtmlAsync($"/admin/users/new?org={org.Id}")).ShouldContain($"value=\"{org.Slug}\"");
        var location = await admin.SubmitAsync("/admin/users/new", null,
            ("Input.Name", "Phạm Thu Trang"), ("Input.Email", email), ("Input.Role", "customer"),
            ("Input.Organization", org.Slug), ("Input.OrgAdmin", "true"), ("Input.OrgAdmin", "false"), ("Input.Password", "")).ShouldRedirectAsync();

        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        user.Role.ShouldBe(Role.Customer);
        user.OrganizationId.ShouldBe(org.Id);
        user.IsOrgAdmin.ShouldBeTrue();
        user.PasswordHash.ShouldBeNull();
        (await admin.HtmlAsync($"/admin/organizations/{org.Id}")).ShouldContain("Phạm Thu Trang");
        (await admin.HtmlAsync(location)).ShouldContain("Người dùng này chưa có mật khẩu nên chưa đăng nhập được.");
    }

    [Fact]
    public async Task A_taken_email_is_refused_in_vietnamese_and_nothing_is_created()
    {
        var (admin, _) = await app.SignedInAsync();
        var existing = await app.CreateUserAsync(Role.Agent);
        var before = await CountUsersAsync();

        var html = await admin.SubmitAsync("/admin/users/new", null,
            ("Input.Name", "Trùng Email"), ("Input.Email", existing.Email), ("Input.Role", "agent")).ShouldFailAsync();

        html.ShouldContain("Đã có người dùng với email này.");
        html.ShouldContain("value=\"Trùng Email\""); // what was typed is kept
        (await CountUsersAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Missing_and_malformed_fields_are_named_and_nothing_is_created()
    {
        var (admin, _) = await app.SignedInAsync();
        var before = await CountUsersAsync();

        var html = await admin.SubmitAsync("/admin/users/new", null,
            ("Input.Name", ""), ("Input.Email", "không-phải-email"), ("Input.Role", "superuser"), ("Input.Password", "ngan")).ShouldFailAsync();

        html.ShouldContain("Hãy điền trường này.");
        html.ShouldContain("Hãy nhập một địa chỉ email hợp lệ.");
        html.ShouldContain("Hãy chọn một vai trò");
        html.ShouldContain(">Ít nhất 8 ký tự.<");
        (await CountUsersAsync()).ShouldBe(before);

        var english = await admin.SubmitAsync("/admin/users/new?culture=en-US", null,
            ("Input.Name", ""), ("Input.Email", "x@example.vn"), ("Input.Role", "agent")).ShouldFailAsync();
        english.ShouldContain("Fill in this field.");
        english.ShouldContain("Nothing was saved: check the highlighted fields.");
    }

    [Fact]
    public async Task An_unknown_organization_is_refused()
    {
        var (admin, _) = await app.SignedInAsync();
        var email = $"{AdminForms.Unique("khach")}@example.vn";

        var html = await admin.SubmitAsync("/admin/users/new", null,
            ("Input.Name", "Khách Lạc"), ("Input.Email", email), ("Input.Role", "customer"), ("Input.Organization", "khong-co-cong-ty-nay")).ShouldFailAsync();

        html.ShouldContain("Không có tổ chức nào có mã định danh này.");
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email))).ShouldBeFalse();
    }

    [Fact]
    public async Task The_list_searches_by_name_or_email_and_filters_by_role_and_state()
    {
        var (admin, _) = await app.SignedInAsync();
        var marker = AdminForms.Unique("tim").Replace("-", "", StringComparison.Ordinal);
        var agent = await app.CreateUserAsync(Role.Agent, name: $"Đặng Minh {marker}");
        var org = await app.CreateOrganizationAsync();
        var customer = await app.CreateUserAsync(Role.Customer, org.Slug, name: $"Vũ Thị {marker}");

        var both = await admin.HtmlAsync($"/admin/users?q={marker.ToUpperInvariant()}");
        both.ShouldContain($"data-user-id=\"{agent.Id}\"");
        both.ShouldContain($"data-user-id=\"{customer.Id}\"");

        // Vietnamese capitals as typed (SQLite lower-cases ASCII letters only).
        (await admin.HtmlAsync($"/admin/users?q={Uri.EscapeDataString($"Đặng Minh {marker}")}")).ShouldContain($"data-user-id=\"{agent.Id}\"");

        var agents = await admin.HtmlAsync($"/admin/users?q={marker}&role=agent");
        agents.ShouldContain($"data-user-id=\"{agent.Id}\"");
        agents.ShouldNotContain($"data-user-id=\"{customer.Id}\"");

        var byEmail = await admin.HtmlAsync($"/admin/users?q={Uri.EscapeDataString(customer.Email)}");
        byEmail.ShouldContain($"data-user-id=\"{customer.Id}\"");
        byEmail.ShouldNotContain($"data-user-id=\"{agent.Id}\"");

        var ofOrg = await admin.HtmlAsync($"/admin/users?org={org.Id}");
        ofOrg.ShouldContain($"data-user-id=\"{customer.Id}\"");
        ofOrg.ShouldNotContain($"data-user-id=\"{agent.Id}\"");

        (await admin.HtmlAsync($"/admin/users?q={marker}&state=inactive")).ShouldContain("Không có người dùng nào phù hợp.");
    }

    [Fact]
    public async Task The_list_pages_through_many_users()
    {
        var (admin, _) = await app.SignedInAsync();
        var marker = AdminForms.Unique("trang").Replace("-", "", StringComparison.Ordinal);
        for (var i = 0; i < ListUsers.PageSize + 2; i++)
        {
            await app.CreateUserAsync(Role.Agent, name: $"{marker} {i:D2}");
        }

        var first = await admin.HtmlAsync($"/admin/users?q={marker}");
        var second = await admin.HtmlAsync($"/admin/users?q={marker}&p=2");

        first.ShouldContain($"{marker} 00");
        first.ShouldNotContain($"{marker} {ListUsers.PageSize + 1:D2}");
        first.ShouldContain($"/admin/users?q={marker}&amp;p=2");
        first.ShouldContain("Trang 1 / 2");
        second.ShouldContain($"{marker} {ListUsers.PageSize + 1:D2}");
        second.ShouldNotContain($"{marker} 00<");
    }

    [Fact]
    public async Task An_admin_changes_a_role_and_moves_a_customer_between_organizations()
    {
        var (admin, _) = await app.SignedInAsync();
        var first = await app.CreateOrganizationAsync();
        var second = await app.CreateOrganizationAsync();
        var customer = await app.CreateUserAsync(Role.Customer, first.Slug);
        var url = $"/admin/users/{customer.Id}";

        await admin.SubmitAsync(url, "Account", ("Input.Name", "Hoàng Văn Nam"), ("Input.Role", "customer"),
            ("Input.Organization", second.Slug), ("Input.OrgAdmin", "true")).ShouldRedirectAsync();
        var moved = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == customer.Id));
        moved.Name.ShouldBe("Hoàng Văn Nam");
        moved.OrganizationId.ShouldBe(second.Id);
        moved.IsOrgAdmin.ShouldBeTrue();

        // Made an agent, they leave the organization (staff belong to none).
        await admin.SubmitAsync(url, "Account", ("Input.Name", "Hoàng Văn Nam"), ("Input.Role", "agent"),
            ("Input.Organization", second.Slug), ("Input.OrgAdmin", "true")).ShouldRedirectAsync();
        var agent = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == customer.Id));
        agent.Role.ShouldBe(Role.Agent);
        agent.OrganizationId.ShouldBeNull();
        agent.IsOrgAdmin.ShouldBeFalse();
    }

    [Fact]
    public async Task An_agent_made_a_customer_leaves_their_teams()
    {
        var (admin, _) = await app.SignedInAsync();
        var agent = await app.CreateUserAsync(Role.Agent);
        var team = await app.CreateTeamAsync(members: agent.Id);

        await admin.SubmitAsync($"/admin/users/{agent.Id}", "Account", ("Input.Name", "Cựu nhân viên"), ("Input.Role", "customer"),
            ("Input.Organization", "")).ShouldRedirectAsync();

        (await app.WithDbAsync(db => db.TeamMembers.AnyAsync(m => m.TeamId == team && m.UserId == agent.Id))).ShouldBeFalse();
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == agent.Id).Select(u => u.Role).SingleAsync())).ShouldBe(Role.Customer);
    }

    [Fact]
    public async Task An_admin_cannot_change_their_own_role()
    {
        var (admin, me) = await app.SignedInAsync(name: "Quản Trị Viên");

        var page = await admin.HtmlAsync($"/admin/users/{me.Id}");
        page.ShouldContain("Bạn không thể tự đổi vai trò của mình");

        var html = await admin.SubmitAsync($"/admin/users/{me.Id}", "Account", ("Input.Name", "Quản Trị Viên"), ("Input.Role", "agent")).ShouldFailAsync();

        html.ShouldContain("Bạn không thể tự đổi vai trò của mình: hãy nhờ một quản trị viên khác.");
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == me.Id).Select(u => u.Role).SingleAsync())).ShouldBe(Role.Admin);
    }

    [Fact]
    public async Task An_admin_cannot_deactivate_themselves_but_can_deactivate_and_reactivate_someone_else()
    {
        var (admin, me) = await app.SignedInAsync();
        var other = await app.CreateUserAsync(Role.Agent, password: AdminForms.Password);

        var refused = await admin.SubmitAsync($"/admin/users/{me.Id}", "Deactivate").ShouldFailAsync();
        refused.ShouldContain("Bạn không thể tự vô hiệu hoá chính mình.");
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == me.Id).Select(u => u.IsActive).SingleAsync())).ShouldBeTrue();

        await admin.SubmitAsync($"/admin/users/{other.Id}", "Deactivate").ShouldRedirectAsync();
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == other.Id).Select(u => u.IsActive).SingleAsync())).ShouldBeFalse();
        // Deactivated: no sign-in, no API.
        (await app.Browser().SignInAsync(other.Email, AdminForms.Password)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await other.Client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await admin.HtmlAsync($"/admin/users?state=inactive&q={Uri.EscapeDataString(other.Email)}")).ShouldContain($"data-user-id=\"{other.Id}\"");

        await admin.SubmitAsync($"/admin/users/{other.Id}", "Activate").ShouldRedirectAsync();
        (await other.Client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_new_password_works_lifts_a_lockout_and_a_short_one_is_refused()
    {
        var (admin, _) = await app.SignedInAsync();
        var user = await app.CreateUserAsync(Role.Customer, password: "Mat-khau-cu-1234");
        var url = $"/admin/users/{user.Id}";
        await app.WithDbAsync(async db =>
        {
            var u = await db.Users.SingleAsync(x => x.Id == user.Id);
            for (var i = 0; i < User.MaxFailedSignIns; i++)
            {
                u.RecordFailedSignIn(app.Clock.GetUtcNow().UtcDateTime);
            }
            return await db.SaveChangesAsync();
        });
        (await admin.HtmlAsync(url)).ShouldContain("Đang bị khoá");

        var html = await admin.SubmitAsync(url, "Password", ("NewPassword", "ngan")).ShouldFailAsync();
        html.ShouldContain(">Ít nhất 8 ký tự.<");

        await admin.SubmitAsync(url, "Password", ("NewPassword", "Mat-khau-moi-5678")).ShouldRedirectAsync();
        (await app.Browser().SignInAsync(user.Email, "Mat-khau-cu-1234")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Browser().SignInAsync(user.Email, "Mat-khau-moi-5678")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Names_are_shown_encoded()
    {
        var (admin, _) = await app.SignedInAsync();
        var user = await app.CreateUserAsync(Role.Agent, name: "<script>alert('x')</script> Tâm");

        var list = await admin.HtmlAsync($"/admin/users?q={Uri.EscapeDataString(user.Email)}");
        var page = await admin.HtmlAsync($"/admin/users/{user.Id}");

        foreach (var html in new[] { list, page })
        {
            html.ShouldNotContain("<script>alert");
            html.ShouldContain("&lt;script&gt;alert(");
        }
    }

    private Task<int> CountUsersAsync() => app.WithDbAsync(db => db.Users.CountAsync());
}

[Collection("sqlite")]
public sealed class SqliteUserPageTests(SqliteApp app) : UserPageTests(app);

[Collection("postgres")]
public sealed class PostgresUserPageTests(PostgresApp app) : UserPageTests(app);
