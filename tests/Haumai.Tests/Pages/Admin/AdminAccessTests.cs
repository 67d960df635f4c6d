using System.Net;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;

namespace Haumai.Tests.Pages.Admin;

/// <summary>Every admin page opens for an admin, in both languages, and for nobody else.</summary>
public abstract class AdminAccessTests(HaumaiFactory app)
{
    public static TheoryData<string> ListPages =>
    [
        "/admin",
        "/admin/users",
        "/admin/users/new",
        "/admin/teams",
        "/admin/teams/new",
        "/admin/organizations",
        "/admin/organizations/new",
        "/admin/categories",
        "/admin/categories/new",
        "/admin/canned-responses",
        "/admin/canned-responses/new",
        "/admin/tokens",
        "/admin/mailboxes",
        "/admin/mailboxes/new",
        "/admin/inbound",
        "/admin/chat-widgets",
        "/admin/chat-widgets/new",
        "/admin/chat-blocks",
    ];

    [Theory]
    [MemberData(nameof(ListPages))]
    public async Task An_admin_gets_the_page_with_the_admin_navigation(string url)
    {
        var (admin, _) = await app.SignedInAsync();

        var html = await admin.HtmlAsync(url);

        html.ShouldContain("<html lang=\"vi\"");
        html.ShouldContain("id=\"admin-nav\"");
        html.ShouldContain("<h1");
        foreach (var section in new[] { "/admin/users", "/admin/teams", "/admin/organizations", "/admin/categories", "/admin/canned-responses", "/admin/tokens", "/admin/invitations", "/admin/domains", "/admin/mailboxes", "/admin/inbound", "/admin/chat-widgets", "/admin/chat-blocks" })
        {
            html.ShouldContain($"href=\"{section}\"");
        }
        html.ShouldContain("/css/admin.css");
        html.ShouldContain("/js/admin.js");
        html.ShouldNotContain("<script>");
        html.ShouldNotContain(" style=\"");
    }

    [Theory]
    [MemberData(nameof(ListPages))]
    public async Task Agents_and_customers_are_refused_and_anonymous_visitors_sent_to_sign_in(string url)
    {
        var (agent, _) = await app.SignedInAsync(Role.Agent);
        var (customer, _) = await app.SignedInAsync(Role.Customer);

        (await agent.GetAsync(url)).ShouldBeRefused(url);
        (await customer.GetAsync(url)).ShouldBeRefused(url);

        var anonymous = await app.Browser().GetAsync(url);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        AdminForms.PathOf(anonymous.Headers.Location!).ShouldBe("/account/sign-in");
    }

    [Fact]
    public async Task The_overview_counts_each_section_and_marks_it_current()
    {
        var (admin, _) = await app.SignedInAsync();
        await app.CreateOrganizationAsync(Haumai.Web.Features.Organizations.Plan.Paid);

        var html = await admin.HtmlAsync("/admin");

        html.ShouldContain("data-admin-card=\"users\"");
        html.ShouldContain("data-admin-card=\"invitations\"");
        html.ShouldContain("data-admin-card=\"domains\"");
        System.Text.RegularExpressions.Regex.IsMatch(html, "data-admin-section=\"home\"\\s+aria-current=\"page\"").ShouldBeTrue("the overview is the current section");
        html.ShouldContain("Người dùng");
        html.ShouldContain("trả phí");
    }

    [Fact]
    public async Task The_pages_speak_english_when_asked()
    {
        var (admin, _) = await app.SignedInAsync();

        var html = await admin.HtmlAsync("/admin/users?culture=en-US");

        html.ShouldContain("<html lang=\"en\"");
        html.ShouldContain("New user");
        html.ShouldContain("Administration");
        html.ShouldNotContain("Người dùng mới");
    }

    [Fact]
    public async Task A_form_posted_by_an_agent_is_refused_and_changes_nothing()
    {
        var (admin, _) = await app.SignedInAsync();
        var (agent, _) = await app.SignedInAsync(Role.Agent);
        var slug = AdminForms.Unique("cty");
        // The agent borrows a real antiforgery token from a page they may see.
        var token = await agent.FormTokenAsync("/account/sign-in");

        var response = await agent.PostFormAsync("/admin/organizations/new",
            [new("Input.Name", "Công ty Lén lút"), new("Input.Slug", slug), new("Input.Plan", "paid"), new(SignInHelper.TokenField, token)]);

        response.ShouldBeRefused("/admin/organizations/new");
        (await app.WithDbAsync(db => Task.FromResult(db.Organizations.Any(o => o.Slug == slug)))).ShouldBeFalse();
        (await admin.HtmlAsync("/admin/organizations")).ShouldNotContain(slug);
    }

    [Fact]
    public async Task A_form_without_the_antiforgery_token_is_a_400()
    {
        var (admin, _) = await app.SignedInAsync();
        var slug = AdminForms.Unique("cty");

        var response = await admin.PostFormAsync("/admin/organizations/new", [new("Input.Name", "Công ty Giả mạo"), new("Input.Slug", slug), new("Input.Plan", "free")]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(db => Task.FromResult(db.Organizations.Any(o => o.Slug == slug)))).ShouldBeFalse();
    }

    [Fact]
    public async Task Edit_pages_of_things_that_do_not_exist_are_404()
    {
        var (admin, _) = await app.SignedInAsync();

        foreach (var url in new[] { "/admin/users/999999", "/admin/teams/999999", "/admin/organizations/999999", "/admin/categories/999999", "/admin/canned-responses/999999", "/admin/mailboxes/999999", "/admin/inbound/999999999", "/admin/chat-widgets/999999" })
        {
            var response = await admin.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            (await response.Content.ReadAsStringAsync()).ShouldContain("Không tìm thấy trang");
        }
    }
}

[Collection("sqlite")]
public sealed class SqliteAdminAccessTests(SqliteApp app) : AdminAccessTests(app);

[Collection("postgres")]
public sealed class PostgresAdminAccessTests(PostgresApp app) : AdminAccessTests(app);
