using System.Net;
using System.Net.Http.Json;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;

namespace Haumai.Tests.Pages.Portal;

/// <summary>
/// /portal: a customer sees their own tickets, an org admin their organization's, nobody another
/// organization's (D1); each row carries its number and links to the ticket.
/// </summary>
public abstract class MyTicketsPageTests(HaumaiFactory app)
{
    [Fact]
    public async Task Customers_see_their_own_tickets_org_admins_their_organization_s_and_nobody_another_organization_s()
    {
        var org = await app.CreateOrganizationAsync();
        var otherOrg = await app.CreateOrganizationAsync();
        var (lan, lanBrowser) = await app.SignedInAsync(Role.Customer, org, name: "Nguyễn Thị Lan");
        var (minh, minhBrowser) = await app.SignedInAsync(Role.Customer, org, name: "Trần Văn Minh");
        var (_, bossBrowser) = await app.SignedInAsync(Role.Customer, org, orgAdmin: true, name: "Giám đốc");
        var (stranger, strangerBrowser) = await app.SignedInAsync(Role.Customer, otherOrg, orgAdmin: true);
        var lansTicket = await lan.OpenTicketAsync("Lỗi đăng nhập của Lan");
        var minhsTicket = await minh.OpenTicketAsync("Câu hỏi của Minh", "question");
        var strangersTicket = await stranger.OpenTicketAsync("Việc của công ty khác");

        var lanPage = await lanBrowser.PageAsync("/portal");
        lanPage.ShouldContain("id=\"my-tickets\"");
        lanPage.ShouldContain($"<tr data-ticket-number=\"{lansTicket}\">");
        lanPage.ShouldContain($"href=\"/portal/tickets/{lansTicket}\"");
        lanPage.ShouldContain("Lỗi đăng nhập của Lan");
        lanPage.ShouldContain("Hỗ trợ kỹ thuật", customMessage: "the assigned team's name");
        lanPage.ShouldNotContain($"data-ticket-number=\"{minhsTicket}\"");
        lanPage.ShouldNotContain($"data-ticket-number=\"{strangersTicket}\"");
        lanPage.ShouldContain("id=\"new-ticket\"");

        (await minhBrowser.PageAsync("/portal")).ShouldNotContain($"data-ticket-number=\"{lansTicket}\"");

        var bossPage = await bossBrowser.PageAsync("/portal");
        bossPage.ShouldContain($"data-ticket-number=\"{lansTicket}\"");
        bossPage.ShouldContain($"data-ticket-number=\"{minhsTicket}\"");
        bossPage.ShouldContain("Trần Văn Minh", customMessage: "an org admin sees who asked");
        bossPage.ShouldNotContain($"data-ticket-number=\"{strangersTicket}\"");

        var strangerPage = await strangerBrowser.PageAsync("/portal");
        strangerPage.ShouldContain($"data-ticket-number=\"{strangersTicket}\"");
        strangerPage.ShouldNotContain($"data-ticket-number=\"{lansTicket}\"");
        strangerPage.ShouldNotContain("Lỗi đăng nhập của Lan");
    }

    [Fact]
    public async Task The_list_filters_open_and_solved_tickets_and_shows_all_by_default()
    {
        var (customer, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync());
        var open = await customer.OpenTicketAsync("Vẫn đang lỗi");
        var solved = await customer.OpenTicketAsync("Đã xong rồi");
        (await customer.Client.PatchAsync($"/api/v1/tickets/{solved}", JsonContent.Create(new { status = "solved" }))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var all = await browser.PageAsync("/portal");
        all.ShouldContain($"data-ticket-number=\"{open}\"");
        all.ShouldContain($"data-ticket-number=\"{solved}\"");
        var openOnly = await browser.PageAsync("/portal?show=open");
        openOnly.ShouldContain($"data-ticket-number=\"{open}\"");
        openOnly.ShouldNotContain($"data-ticket-number=\"{solved}\"");
        var solvedOnly = await browser.PageAsync("/portal?show=solved");
        solvedOnly.ShouldContain($"data-ticket-number=\"{solved}\"");
        solvedOnly.ShouldNotContain($"data-ticket-number=\"{open}\"");
        solvedOnly.ShouldContain("status-solved");
    }

    [Fact]
    public async Task A_new_customer_sees_an_empty_list_that_invites_a_first_ticket()
    {
        var (_, browser) = await app.SignedInAsync(Role.Customer, await app.CreateOrganizationAsync());

        var page = await browser.PageAsync("/portal");

        page.ShouldContain("Chưa có yêu cầu nào.");
        page.ShouldContain("id=\"new-ticket\"");
        page.ShouldContain("<html lang=\"vi\"");
    }

    [Fact]
    public async Task The_portal_needs_a_sign_in_and_sends_staff_to_their_workspace()
    {
        var anonymous = await app.Browser().GetAsync("/portal");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.ToString().ShouldContain("/account/sign-in");

        var (_, agent) = await app.SignedInAsync(Role.Agent);
        var staff = await agent.GetAsync("/portal");
        staff.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        staff.Headers.Location!.ToString().ShouldBe("/agent");
    }
}

[Collection("sqlite")]
public sealed class SqliteMyTicketsPageTests(SqliteApp app) : MyTicketsPageTests(app);

[Collection("postgres")]
public sealed class PostgresMyTicketsPageTests(PostgresApp app) : MyTicketsPageTests(app);
