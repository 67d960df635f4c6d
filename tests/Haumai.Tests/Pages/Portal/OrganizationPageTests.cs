using System.Globalization;
using System.Net;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Portal;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Pages.Portal;

/// <summary>/portal/organization: an org admin invites colleagues into their own organization, never another.</summary>
public abstract class OrganizationPageTests(HaumaiFactory app)
{
    [Fact]
    public async Task An_org_admin_invites_a_colleague_into_their_own_organization()
    {
        var org = await app.CreateOrganizationAsync();
        var (boss, browser) = await app.SignedInAsync(Role.Customer, org, orgAdmin: true, name: "Giám đốc Hùng");
        var (colleague, _) = await app.SignedInAsync(Role.Customer, org, name: "Kế toán Mai");
        var email = $"{PortalKit.Unique("nhan-vien")}@khachhang.vn";

        var page = await browser.PageAsync("/portal/organization");
        page.ShouldContain("Kế toán Mai");
        page.ShouldContain(colleague.Email);
        var response = await browser.SubmitAsync("/portal/organization", "/portal/organization?handler=Invite", ("Email", email));

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        var link = PortalKit.ValueOf(html, "invitation-link").ShouldNotBeNull(html);
        var invitation = await app.WithDbAsync(db => db.Set<Invitation>().AsNoTracking().SingleAsync(i => i.Email == email));
        invitation.OrganizationId.ShouldBe(org.Id);
        invitation.CreatedById.ShouldBe(boss.Id);
        invitation.AsOrgAdmin.ShouldBeFalse();
        link.ShouldEndWith("?code=" + link[(link.IndexOf("code=", StringComparison.Ordinal) + 5)..]);
        (await browser.PageAsync("/portal/organization")).ShouldContain($"data-invitation-id=\"{invitation.Id}\"");

        // The colleague registers with it, into the organization.
        var code = Uri.UnescapeDataString(link[(link.IndexOf("code=", StringComparison.Ordinal) + 5)..]);
        var register = await app.Browser().SubmitAsync("/portal/register?code=" + Uri.EscapeDataString(code), "/portal/register",
            ("Name", "Nhân viên mới"), ("Email", email), ("Password", PortalKit.Password), ("InvitationCode", code));
        register.StatusCode.ShouldBe(HttpStatusCode.Redirect, await register.Content.ReadAsStringAsync());
        (await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.OrganizationId).SingleAsync())).ShouldBe(org.Id);
    }

    [Fact]
    public async Task An_org_admin_cannot_invite_into_another_organization_even_by_editing_the_form()
    {
        var org = await app.CreateOrganizationAsync();
        var victim = await app.CreateOrganizationAsync();
        var (_, browser) = await app.SignedInAsync(Role.Customer, org, orgAdmin: true);
        var email = $"{PortalKit.Unique("ke-gian")}@khachhang.vn";

        var response = await browser.SubmitAsync("/portal/organization", "/portal/organization?handler=Invite",
            ("Email", email), ("OrganizationId", victim.Id.ToString(CultureInfo.InvariantCulture)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.Set<Invitation>().Where(i => i.Email == email).Select(i => i.OrganizationId).ToListAsync()))
            .ShouldBe([org.Id]);
        (await app.WithDbAsync(db => db.Set<Invitation>().AnyAsync(i => i.OrganizationId == victim.Id))).ShouldBeFalse();
    }

    [Fact]
    public async Task An_org_admin_cannot_withdraw_another_organization_s_invitation()
    {
        var other = await app.CreateOrganizationAsync();
        var (_, otherAdmin) = await app.SignedInAsync(Role.Customer, other, orgAdmin: true);
        var email = $"{PortalKit.Unique("moi")}@khachhang.vn";
        (await otherAdmin.SubmitAsync("/portal/organization", "/portal/organization?handler=Invite", ("Email", email))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = await app.WithDbAsync(db => db.Set<Invitation>().Where(i => i.Email == email).Select(i => i.Id).SingleAsync());
        var (_, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync(), orgAdmin: true);

        var response = await browser.SubmitAsync("/portal/organization", $"/portal/organization?handler=Revoke&id={id}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.WithDbAsync(db => db.Set<Invitation>().SingleAsync(i => i.Id == id))).RevokedAt.ShouldBeNull();
        (await browser.PageAsync("/portal/organization")).ShouldNotContain(email);

        // Its own admin can.
        (await otherAdmin.SubmitAsync("/portal/organization", $"/portal/organization?handler=Revoke&id={id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Set<Invitation>().SingleAsync(i => i.Id == id))).RevokedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_customer_who_is_not_an_org_admin_may_not_invite()
    {
        var org = await app.CreateOrganizationAsync();
        var (_, browser) = await app.SignedInAsync(Role.Customer, org);
        var email = $"{PortalKit.Unique("khong")}@khachhang.vn";

        (await browser.GetAsync("/portal/organization")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var token = await browser.FormTokenAsync("/portal/profile");
        var post = await browser.PostFormAsync("/portal/organization?handler=Invite", [new("Email", email), new(SignInHelper.TokenField, token)]);

        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => db.Set<Invitation>().AnyAsync(i => i.Email == email))).ShouldBeFalse();
        (await browser.PageAsync("/portal")).ShouldNotContain("nav-organization");
    }

    [Fact]
    public async Task Inviting_someone_who_already_has_an_account_is_refused_with_a_message()
    {
        var org = await app.CreateOrganizationAsync();
        var (_, browser) = await app.SignedInAsync(Role.Customer, org, orgAdmin: true);
        var (member, _) = await app.SignedInAsync(Role.Customer, org);

        var response = await browser.SubmitAsync("/portal/organization", "/portal/organization?handler=Invite", ("Email", member.Email));

        PortalKit.TextOf(await response.Content.ReadAsStringAsync(), "Email-error").ShouldBe($"{member.Email} đã có tài khoản.");
        (await app.WithDbAsync(db => db.Set<Invitation>().AnyAsync(i => i.Email == member.Email))).ShouldBeFalse();
    }
}

[Collection("sqlite")]
public sealed class SqliteOrganizationPageTests(SqliteApp app) : OrganizationPageTests(app);

[Collection("postgres")]
public sealed class PostgresOrganizationPageTests(PostgresApp app) : OrganizationPageTests(app);
