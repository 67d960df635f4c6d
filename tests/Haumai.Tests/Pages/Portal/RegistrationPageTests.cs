using System.Globalization;
using System.Net;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Pages.Portal;

/// <summary>
/// /portal/register: by an invitation an admin made on /admin/invitations (its organization, org
/// admin if it says so, once, before it expires, for its address only) or by an address at a domain
/// claimed on /admin/domains; refused otherwise, with a message and nothing created.
/// </summary>
public abstract class RegistrationPageTests(HaumaiFactory app)
{
    [Fact]
    public async Task An_invitation_link_opens_an_org_admin_account_in_its_organization_and_signs_in()
    {
        var org = await app.CreateOrganizationAsync();
        var email = $"{PortalKit.Unique("lan")}@khachhang.vn";
        var link = await InviteAsync(org, email, orgAdmin: true);
        link.ShouldStartWith("http://localhost/portal/register?code=");
        var code = Uri.UnescapeDataString(link[(link.IndexOf("code=", StringComparison.Ordinal) + 5)..]);

        var visitor = app.Browser();
        var form = await visitor.PageAsync(new Uri(link).PathAndQuery);
        PortalKit.ValueOf(form, "InvitationCode").ShouldBe(code);
        PortalKit.ValueOf(form, "Email").ShouldBe(email);
        form.ShouldContain(org.Name);
        var response = await visitor.SubmitAsync(new Uri(link).PathAndQuery, "/portal/register",
            ("Name", "Nguyễn Thị Lan"), ("Email", email), ("Password", PortalKit.Password), ("InvitationCode", code));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldBe("/portal");
        visitor.HasAuthCookie.ShouldBeTrue();
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        user.Role.ShouldBe(Role.Customer);
        user.Name.ShouldBe("Nguyễn Thị Lan");
        user.OrganizationId.ShouldBe(org.Id);
        user.IsOrgAdmin.ShouldBeTrue();
        var invitation = await app.WithDbAsync(db => db.Set<Invitation>().AsNoTracking().SingleAsync(i => i.Email == email));
        invitation.AcceptedAt.ShouldNotBeNull();
        invitation.AcceptedUserId.ShouldBe(user.Id);
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == invitation.CreatedById).Select(u => u.Role).SingleAsync())).ShouldBe(Role.Admin);
        invitation.CodeHash.ShouldBe(Invitation.HashCode(code));
        invitation.CodeHash.ShouldNotContain(code);
        (await visitor.PageAsync("/portal")).ShouldContain("Yêu cầu của tổ chức bạn");
        (await visitor.PageAsync("/portal/organization")).ShouldContain(email);
    }

    [Fact]
    public async Task An_invitation_works_once()
    {
        var org = await app.CreateOrganizationAsync();
        var email = $"{PortalKit.Unique("minh")}@khachhang.vn";
        var code = CodeOf(await InviteAsync(org, email, orgAdmin: false));
        (await RegisterAsync(app.Browser(), email, code)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var second = await RegisterAsync(app.Browser(), email, code);

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        PortalKit.TextOf(await second.Content.ReadAsStringAsync(), "InvitationCode-error")
            .ShouldBe("Lời mời này đã được sử dụng. Hãy đăng nhập, hoặc xin một lời mời mới.");
        (await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == email))).ShouldBe(1);
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        user.IsOrgAdmin.ShouldBeFalse();

        // The link itself says so before anyone fills in the form.
        var page = await app.Browser().PageAsync("/portal/register?code=" + Uri.EscapeDataString(code));
        page.ShouldContain("Lời mời này đã được sử dụng.");
    }

    [Fact]
    public async Task An_expired_invitation_is_refused()
    {
        var org = await app.CreateOrganizationAsync();
        var (admin, _) = await app.SignedInAsync(Role.Admin);
        var email = $"{PortalKit.Unique("tuan")}@khachhang.vn";
        var code = Invitation.NewCode();
        var issued = app.Clock.GetUtcNow().UtcDateTime - Invitation.DefaultLifetime - TimeSpan.FromMinutes(1);
        await app.WithDbAsync(async db =>
        {
            db.Set<Invitation>().Add(new Invitation(org.Id, email, false, Invitation.HashCode(code), admin.Id, issued));
            return await db.SaveChangesAsync();
        });

        var response = await RegisterAsync(app.Browser(), email, code);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        PortalKit.TextOf(await response.Content.ReadAsStringAsync(), "InvitationCode-error")
            .ShouldBe("Lời mời này đã hết hạn. Hãy nhờ quản trị viên của tổ chức bạn gửi lời mời mới.");
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email))).ShouldBeFalse();
    }

    [Fact]
    public async Task An_invitation_is_for_its_own_address_only()
    {
        var org = await app.CreateOrganizationAsync();
        var invited = $"{PortalKit.Unique("giam-doc")}@khachhang.vn";
        var other = $"{PortalKit.Unique("nguoi-la")}@khachhang.vn";
        var code = CodeOf(await InviteAsync(org, invited, orgAdmin: true));

        var response = await RegisterAsync(app.Browser(), other, code);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        PortalKit.TextOf(html, "Email-error").ShouldBe("Lời mời này dành cho một địa chỉ email khác. Hãy đăng ký bằng địa chỉ đã nhận lời mời.");
        html.ShouldNotContain(invited, customMessage: "the page does not tell whom the invitation is for");
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == other))).ShouldBeFalse();
        (await app.WithDbAsync(db => db.Set<Invitation>().SingleAsync(i => i.Email == invited))).AcceptedAt.ShouldBeNull();
    }

    [Fact]
    public async Task An_unknown_or_withdrawn_code_is_refused()
    {
        var org = await app.CreateOrganizationAsync();
        var email = $"{PortalKit.Unique("hoa")}@khachhang.vn";
        var unknown = await RegisterAsync(app.Browser(), email, Invitation.NewCode());
        PortalKit.TextOf(await unknown.Content.ReadAsStringAsync(), "InvitationCode-error")
            .ShouldBe("Mã mời không hợp lệ. Hãy kiểm tra lại đường dẫn bạn nhận được.");

        var code = CodeOf(await InviteAsync(org, email, orgAdmin: false));
        var (_, admin) = await app.SignedInAsync(Role.Admin);
        var id = await app.WithDbAsync(db => db.Set<Invitation>().Where(i => i.Email == email).Select(i => i.Id).SingleAsync());
        var revoke = await admin.SubmitAsync("/admin/invitations", $"/admin/invitations?handler=Revoke&id={id}");
        revoke.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var withdrawn = await RegisterAsync(app.Browser(), email, code);

        PortalKit.TextOf(await withdrawn.Content.ReadAsStringAsync(), "InvitationCode-error")
            .ShouldBe("Lời mời này đã bị thu hồi. Hãy nhờ quản trị viên của tổ chức bạn gửi lời mời mới.");
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email))).ShouldBeFalse();
    }

    [Fact]
    public async Task An_address_at_a_claimed_domain_registers_into_its_organization()
    {
        var org = await app.CreateOrganizationAsync();
        var domain = $"{PortalKit.Unique("cong-ty")}.vn";
        await ClaimAsync(org, domain.ToUpperInvariant()).ShouldBeRedirectAsync();
        var email = $"ke-toan@{domain}";

        var visitor = app.Browser();
        var response = await RegisterAsync(visitor, email.ToUpperInvariant(), code: null);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        user.OrganizationId.ShouldBe(org.Id);
        user.IsOrgAdmin.ShouldBeFalse();
        user.Role.ShouldBe(Role.Customer);
        (await visitor.PageAsync("/portal")).ShouldContain("id=\"new-ticket\"");
    }

    [Fact]
    public async Task An_address_at_an_unclaimed_domain_is_told_to_ask_for_an_invitation()
    {
        var domain = $"{PortalKit.Unique("chua-co")}.vn";
        var email = $"ai-do@{domain}";

        var response = await RegisterAsync(app.Browser(), email, code: null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        PortalKit.TextOf(html, "Email-error").ShouldBe($"Chưa có tổ chức nào đăng ký sở hữu tên miền {domain}. Hãy nhờ quản trị viên của tổ chức bạn gửi lời mời.");
        PortalKit.ValueOf(html, "Email").ShouldBe(email, "what was typed stays in the form");
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email))).ShouldBeFalse();

        // The same message in English for someone who reads English.
        var english = app.Browser();
        var token = await english.FormTokenAsync("/portal/register?culture=en-US");
        var en = await english.PostFormAsync("/portal/register?culture=en-US", [new("Name", "Someone"), new("Email", email),
            new("Password", PortalKit.Password), new(SignInHelper.TokenField, token)]);
        var enHtml = await en.Content.ReadAsStringAsync();
        enHtml.ShouldContain("<html lang=\"en\"");
        PortalKit.TextOf(enHtml, "Email-error").ShouldBe($"No organization has claimed the domain {domain}. Ask your organization's admin for an invitation.");
    }

    [Theory]
    [InlineData("gmail.com")]
    [InlineData("Yahoo.com")]
    [InlineData("@outlook.com")]
    [InlineData("hotmail.com.")]
    public async Task Public_webmail_domains_cannot_be_claimed(string domain)
    {
        var org = await app.CreateOrganizationAsync();

        var response = await ClaimAsync(org, domain);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var normalized = domain.Trim('@', '.').ToLowerInvariant();
        PortalKit.TextOf(await response.Content.ReadAsStringAsync(), "Domain-error")
            .ShouldBe($"{normalized} là tên miền email công cộng: ai cũng có thể tạo địa chỉ ở đó, nên không tổ chức nào đăng ký sở hữu được.");
        (await app.WithDbAsync(db => db.Set<OrganizationDomain>().AnyAsync(d => d.Domain == normalized))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_domain_belongs_to_one_organization()
    {
        var first = await app.CreateOrganizationAsync();
        var second = await app.CreateOrganizationAsync();
        var domain = $"{PortalKit.Unique("chung")}.com.vn";
        await ClaimAsync(first, domain).ShouldBeRedirectAsync();

        var response = await ClaimAsync(second, domain);

        PortalKit.TextOf(await response.Content.ReadAsStringAsync(), "Domain-error").ShouldBe($"{domain} đã thuộc về {first.Name}.");
        (await app.WithDbAsync(db => db.Set<OrganizationDomain>().Where(d => d.Domain == domain).Select(d => d.OrganizationId).ToListAsync()))
            .ShouldBe([first.Id]);

        // Listed, and removed again by an admin: new addresses then need an invitation.
        var (_, admin) = await app.SignedInAsync(Role.Admin);
        var list = await admin.PageAsync("/admin/domains");
        list.ShouldContain($"data-domain=\"{domain}\"");
        list.ShouldContain("Tên miền email của tổ chức", customMessage: "the page's own strings come from PortalText");
        (await admin.PageAsync("/admin/invitations")).ShouldContain("Mời khách hàng");
        var id = await app.WithDbAsync(db => db.Set<OrganizationDomain>().Where(d => d.Domain == domain).Select(d => d.Id).SingleAsync());
        (await admin.SubmitAsync("/admin/domains", $"/admin/domains?handler=Release&id={id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Set<OrganizationDomain>().AnyAsync(d => d.Domain == domain))).ShouldBeFalse();
        (await RegisterAsync(app.Browser(), $"moi@{domain}", code: null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_taken_email_or_a_short_password_is_refused_with_a_message()
    {
        var org = await app.CreateOrganizationAsync();
        var domain = $"{PortalKit.Unique("da-co")}.vn";
        await ClaimAsync(org, domain).ShouldBeRedirectAsync();
        var email = $"truong-phong@{domain}";
        (await RegisterAsync(app.Browser(), email, code: null)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var taken = await RegisterAsync(app.Browser(), email, code: null);
        PortalKit.TextOf(await taken.Content.ReadAsStringAsync(), "Email-error").ShouldBe("Email này đã có tài khoản. Hãy đăng nhập.");

        var shortPassword = await RegisterAsync(app.Browser(), $"pho-phong@{domain}", code: null, password: "1234567");
        var html = await shortPassword.Content.ReadAsStringAsync();
        PortalKit.TextOf(html, "Password-error").ShouldBe("Mật khẩu cần ít nhất 8 ký tự.");
        html.ShouldNotContain("1234567", customMessage: "a password is never sent back");
        (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == $"pho-phong@{domain}"))).ShouldBeFalse();
    }

    [Fact]
    public async Task An_invitation_gives_a_password_to_a_customer_who_only_wrote_in_but_a_claimed_domain_does_not()
    {
        var org = await app.CreateOrganizationAsync();
        var domain = $"{PortalKit.Unique("email-den")}.vn";
        await ClaimAsync(org, domain).ShouldBeRedirectAsync();
        // A customer created from an email or the API: no password, an earlier ticket.
        var writer = await CustomerWithoutPasswordAsync($"duc@{domain}", org.Slug);
        var earlier = await writer.OpenTicketAsync("Hộp thư không nhận được email");

        // Typing their address is not enough: the account already holds tickets.
        var takeover = await RegisterAsync(app.Browser(), writer.Email, code: null);
        PortalKit.TextOf(await takeover.Content.ReadAsStringAsync(), "Email-error").ShouldBe("Email này đã có tài khoản. Hãy đăng nhập.");
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == writer.Id).Select(u => u.PasswordHash).SingleAsync())).ShouldBeNull();

        // The invitation sent to that address is.
        var code = CodeOf(await InviteAsync(org, writer.Email, orgAdmin: false));
        var visitor = app.Browser();
        var response = await RegisterAsync(visitor, writer.Email, code);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        (await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == writer.Email))).ShouldBe(1);
        (await visitor.PageAsync("/portal")).ShouldContain($"data-ticket-number=\"{earlier}\"");
        (await app.Browser().SignInAsync(writer.Email, PortalKit.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Only_admins_reach_the_invitation_and_domain_pages()
    {
        var org = await app.CreateOrganizationAsync();
        var (_, customer) = await app.SignedInAsync(Role.Customer, org, orgAdmin: true);
        var (_, agent) = await app.SignedInAsync(Role.Agent);
        foreach (var browser in new[] { customer, agent })
        {
            foreach (var url in new[] { "/admin/invitations", "/admin/domains" })
            {
                (await browser.GetAsync(url)).StatusCode.ShouldNotBe(HttpStatusCode.OK);
            }
        }
    }

    /// <summary>A customer as email intake or the API creates them: an account without a password (and a token for the API).</summary>
    private Task<TestUser> CustomerWithoutPasswordAsync(string email, string orgSlug) =>
        app.WithScopeAsync(async sp =>
        {
            var (user, _, error) = await sp.GetRequiredService<CreateUser.Handler>().HandleAsync(
                new CreateUser.Request(email, "Phạm Văn Đức", nameof(Role.Customer), orgSlug, Password: null), default);
            user.ShouldNotBeNull(error);
            var token = await sp.GetRequiredService<CreateApiToken.Handler>().HandleAsync(user, "tests", default);
            return new TestUser(user.Id, user.Email, token.Id, token.Token, app.ClientWithToken(token.Token));
        });

    private async Task<string> InviteAsync(Organization org, string email, bool orgAdmin)
    {
        var (_, admin) = await app.SignedInAsync(Role.Admin);
        var fields = new List<(string, string)> { ("OrganizationId", org.Id.ToString(CultureInfo.InvariantCulture)), ("Email", email) };
        if (orgAdmin)
        {
            fields.Add(("AsOrgAdmin", "true"));
        }
        var response = await admin.SubmitAsync("/admin/invitations", "/admin/invitations?handler=Create", [.. fields]);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain($"data-invitation-id=");
        return PortalKit.ValueOf(html, "invitation-link").ShouldNotBeNull(html);
    }

    private async Task<HttpResponseMessage> ClaimAsync(Organization org, string domain)
    {
        var (_, admin) = await app.SignedInAsync(Role.Admin);
        return await admin.SubmitAsync("/admin/domains", "/admin/domains?handler=Claim",
            ("OrganizationId", org.Id.ToString(CultureInfo.InvariantCulture)), ("Domain", domain));
    }

    private static async Task<HttpResponseMessage> RegisterAsync(TestBrowser browser, string email, string? code, string? password = null)
    {
        var page = code is null ? "/portal/register" : "/portal/register?code=" + Uri.EscapeDataString(code);
        var fields = new List<(string, string)> { ("Name", "Khách hàng mới"), ("Email", email), ("Password", password ?? PortalKit.Password) };
        if (code is not null)
        {
            fields.Add(("InvitationCode", code));
        }
        return await browser.SubmitAsync(page, "/portal/register", [.. fields]);
    }

    private static string CodeOf(string link) => Uri.UnescapeDataString(link[(link.IndexOf("code=", StringComparison.Ordinal) + 5)..]);
}

internal static class ResponseAssertions
{
    public static async Task ShouldBeRedirectAsync(this Task<HttpResponseMessage> response)
    {
        var r = await response;
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect, await r.Content.ReadAsStringAsync());
    }
}

[Collection("sqlite")]
public sealed class SqliteRegistrationPageTests(SqliteApp app) : RegistrationPageTests(app);

[Collection("postgres")]
public sealed class PostgresRegistrationPageTests(PostgresApp app) : RegistrationPageTests(app);
