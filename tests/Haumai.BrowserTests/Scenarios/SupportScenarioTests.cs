using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Haumai.BrowserTests.Support;
using Haumai.Web.Features.Identity;

namespace Haumai.BrowserTests.Scenarios;

/// <summary>
/// Whole support stories in two browsers at once, against the stable hooks of docs/ui.md: a
/// customer in the portal, an agent in the workspace, an admin. Run them alone with
/// <c>--filter "Category=Scenario"</c>.
/// </summary>
[Trait("Category", "Scenario")]
public sealed partial class SupportScenarioTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly string[] AdminPages = ["/admin/users", "/admin/teams", "/admin/organizations", "/admin/categories", "/admin/canned-responses"];

    [Fact]
    public async Task A_customer_opens_a_ticket_the_agent_sees_it_arrive_live_replies_and_solves_it_and_the_customer_reads_the_reply()
    {
        var org = await app.CreateOrganizationAsync("Công ty Cổ phần Sen Vàng");
        var customer = await app.CreateCustomerAsync(org.Slug, name: "Nguyễn Thị Lan");
        var agent = await app.CreateStaffAsync(Role.Agent, "Phạm Minh Tuấn");
        await app.AddToTeamAsync("technical", agent.Id); // Lỗi kỹ thuật goes to the technical team
        var technicalFault = await app.CategoryIdAsync("technical-fault");
        var screenshot = await app.WriteFileAsync("anh-chup-man-hinh.png", BrowserApp.TinyPng());
        const string subject = "Website báo lỗi 502 từ sáng nay";
        const string body = "Từ 8 giờ sáng khách hàng của chúng tôi không vào được trang chủ, trình duyệt báo lỗi 502 Bad Gateway. Nhờ anh chị kiểm tra gấp giúp em.";
        const string reply = "Chào chị Lan, bên em đã khởi động lại máy chủ web; trang chủ đã vào được bình thường. Chị kiểm tra lại giúp em nhé.";

        await using var tuan = await app.NewActorAsync("agent");
        await using var lan = await app.NewActorAsync("customer");

        // The agent waits on the queue (every view, so the new ticket shows whoever it goes to).
        var live = new LiveConnectionWatch(tuan.Page, "/hubs/queue");
        await app.SignInAsync(tuan.Page, agent);
        (await tuan.Page.GotoAsync("/agent")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(tuan.Page.Locator("table#queue")).ToBeAttachedAsync();
        var all = tuan.Page.Locator("a[data-view=all]");
        if (await all.CountAsync() > 0)
        {
            await all.First.ClickAsync();
            await tuan.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Expect(tuan.Page.Locator("table#queue")).ToBeAttachedAsync();
        }
        await live.WaitUntilConnectedAsync();
        var reloads = 0;
        tuan.Page.Request += (_, r) =>
        {
            if (r.IsNavigationRequest && r.Frame == tuan.Page.MainFrame)
            {
                Interlocked.Increment(ref reloads);
            }
        };
        await tuan.Page.EvaluateAsync("() => { window.__haumaiSameDocument = true; }");

        // The customer, in Vietnamese, opens a ticket with a screenshot attached.
        await app.SignInAsync(lan.Page, customer);
        (await lan.Page.GotoAsync("/portal")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(lan.Page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await lan.Page.Locator("a#new-ticket").ClickAsync();
        await lan.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/portal/tickets/new");
        await lan.Page.Locator("#Subject").FillAsync(subject);
        await lan.Page.Locator("#Body").FillAsync(body);
        await lan.Page.Locator("#CategoryId").SelectOptionAsync(new SelectOptionValue { Value = technicalFault.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await lan.Page.Locator("#Attachments").SetInputFilesAsync(screenshot);
        await BrowserApp.ScreenshotAsync(lan.Page, "portal-new-ticket");
        await lan.Page.Locator("#submit-ticket").ClickAsync();
        await lan.Page.WaitForURLAsync(url => TicketUrl().IsMatch(new Uri(url).AbsolutePath));
        var number = TicketUrl().Match(new Uri(lan.Page.Url).AbsolutePath).Groups[1].Value;

        await Expect(lan.Page.Locator("#ticket-subject")).ToContainTextAsync(subject);
        await Expect(lan.Page.Locator(".message .message-body").First).ToContainTextAsync("không vào được trang chủ");
        await Expect(lan.Page.Locator("a.attachment")).ToContainTextAsync("anh-chup-man-hinh");
        var statusWhenOpened = (await lan.Page.Locator("#ticket-status").InnerTextAsync()).Trim();
        statusWhenOpened.ShouldNotBeEmpty();
        await BrowserApp.ScreenshotAsync(lan.Page, "portal-ticket");

        // The agent's queue shows it without a reload.
        var row = tuan.Page.Locator($"tr[data-ticket-number=\"{number}\"]");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 20_000 });
        (await tuan.Page.EvaluateAsync<bool>("() => window.__haumaiSameDocument === true")).ShouldBeTrue("the queue page was reloaded");
        Volatile.Read(ref reloads).ShouldBe(0, "the queue page navigated");
        await Expect(row).ToContainTextAsync(subject);
        await BrowserApp.ScreenshotAsync(tuan.Page, "agent-queue");

        // The agent opens it, replies and solves it.
        (await tuan.Page.GotoAsync($"/agent/tickets/{number}")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(tuan.Page.Locator("#ticket-subject")).ToContainTextAsync(subject);
        await Expect(tuan.Page.Locator(".message .message-body").First).ToContainTextAsync("không vào được trang chủ");
        await tuan.Page.Locator("textarea#reply-body").FillAsync(reply);
        await tuan.Page.Locator("#reply-submit").ClickAsync();
        await Expect(tuan.Page.Locator(".message-body", new() { HasText = "khởi động lại máy chủ web" })).ToBeVisibleAsync();
        var statusBeforeSolve = (await tuan.Page.Locator("#ticket-status").InnerTextAsync()).Trim();
        await tuan.Page.Locator("#solve").ClickAsync();
        await Expect(tuan.Page.Locator("#ticket-status")).Not.ToHaveTextAsync(statusBeforeSolve);
        await BrowserApp.ScreenshotAsync(tuan.Page, "agent-ticket");

        // The customer reloads the ticket: the reply is there and the status moved on.
        await lan.Page.ReloadAsync();
        await Expect(lan.Page.Locator(".message-body", new() { HasText = "khởi động lại máy chủ web" })).ToBeVisibleAsync();
        await Expect(lan.Page.Locator("#ticket-status")).Not.ToHaveTextAsync(statusWhenOpened);
        await BrowserApp.ScreenshotAsync(lan.Page, "portal-ticket-solved");

        (await lan.Page.GotoAsync("/portal")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(lan.Page.Locator($"table#my-tickets tr[data-ticket-number=\"{number}\"]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(lan.Page, "portal-list");

        tuan.AssertNoBrowserErrors();
        lan.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task A_customer_of_another_organization_gets_not_found_for_a_ticket_that_is_not_theirs()
    {
        var owner = await app.CreateCustomerAsync(name: "Nguyễn Thị Lan");
        var stranger = await app.CreateCustomerAsync(name: "Trần Văn Bình"); // a new organization
        const string subject = "Hoá đơn tháng 11 bị sai mã số thuế";
        var number = await OpenTicketThroughApiAsync(owner, subject, "Hoá đơn điện tử gửi ngày 03/11 ghi sai mã số thuế của công ty.");

        // The owner sees it (so the 404 below is about access, not about a missing page).
        await using var lan = await app.NewActorAsync("owner");
        await app.SignInAsync(lan.Page, owner);
        (await lan.Page.GotoAsync($"/portal/tickets/{number}")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(lan.Page.Locator("#ticket-subject")).ToContainTextAsync(subject);

        await using var binh = await app.NewActorAsync("stranger");
        await app.SignInAsync(binh.Page, stranger);
        var portal = (await binh.Page.GotoAsync($"/portal/tickets/{number}")).ShouldNotBeNull();
        portal.Status.ShouldBe((int)HttpStatusCode.NotFound);
        (await binh.Page.ContentAsync()).ShouldNotContain(subject);
        await BrowserApp.ScreenshotAsync(binh.Page, "portal-ticket-not-found");

        // The agent workspace is not for customers at all: refused, or sent away from it.
        var agent = (await binh.Page.GotoAsync($"/agent/tickets/{number}")).ShouldNotBeNull();
        var refused = agent.Status is (int)HttpStatusCode.Forbidden or (int)HttpStatusCode.NotFound
            || !new Uri(binh.Page.Url).AbsolutePath.StartsWith("/agent", StringComparison.OrdinalIgnoreCase);
        refused.ShouldBeTrue($"a customer got HTTP {agent.Status} at {binh.Page.Url}");
        (await binh.Page.ContentAsync()).ShouldNotContain(subject);
        lan.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task The_language_switch_changes_the_pages_to_English_and_is_remembered_for_the_person()
    {
        var customer = await app.CreateCustomerAsync(name: "Lê Thị Hoa");

        await using var hoa = await app.NewActorAsync("customer");
        var page = hoa.Page;
        await app.SignInAsync(page, customer);
        (await page.GotoAsync("/portal")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        var vietnamese = await NavTextAsync(page);
        VietnameseLetters().IsMatch(vietnamese).ShouldBeTrue($"the navigation is not in Vietnamese: {vietnamese}");

        await page.Locator("#lang-en").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        var english = await NavTextAsync(page);
        english.ShouldNotBe(vietnamese);
        VietnameseLetters().IsMatch(english).ShouldBeFalse($"the navigation is still (partly) Vietnamese: {english}");
        await BrowserApp.ScreenshotAsync(page, "portal-english");

        // Signed out and in again, the pages stay English.
        await page.Locator("#sign-out").ClickAsync();
        await Expect(page.Locator("#sign-out")).ToHaveCountAsync(0);
        await app.SignInAsync(page, customer);
        (await page.GotoAsync("/portal")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        (await NavTextAsync(page)).ShouldBe(english);

        // It is the person's setting, not the browser's: a fresh browser gets it too, and back to Vietnamese.
        await using var elsewhere = await app.NewActorAsync("customer on another computer");
        await app.SignInAsync(elsewhere.Page, customer);
        (await elsewhere.Page.GotoAsync("/portal")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(elsewhere.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await elsewhere.Page.Locator("#lang-vi").ClickAsync();
        await Expect(elsewhere.Page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        (await NavTextAsync(elsewhere.Page)).ShouldBe(vietnamese);

        hoa.AssertNoBrowserErrors();
        elsewhere.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task Admin_pages_load_for_an_admin_and_are_refused_to_a_customer()
    {
        var admin = await app.CreateStaffAsync(Role.Admin);
        var customer = await app.CreateCustomerAsync();

        await using var quanTri = await app.NewActorAsync("admin");
        await app.SignInAsync(quanTri.Page, admin);
        foreach (var path in AdminPages)
        {
            var response = (await quanTri.Page.GotoAsync(path)).ShouldNotBeNull();
            response.Status.ShouldBe(200, path);
            new Uri(quanTri.Page.Url).AbsolutePath.ShouldBe(path);
            await Expect(quanTri.Page.Locator("#nav-admin")).ToBeVisibleAsync();
            await Expect(quanTri.Page.Locator("h1").First).ToBeVisibleAsync();
            await BrowserApp.ScreenshotAsync(quanTri.Page, "admin-" + path["/admin/".Length..]);
        }
        quanTri.AssertNoBrowserErrors();

        await using var lan = await app.NewActorAsync("customer");
        await app.SignInAsync(lan.Page, customer);
        foreach (var path in AdminPages)
        {
            var response = (await lan.Page.GotoAsync(path)).ShouldNotBeNull();
            var refused = response.Status == (int)HttpStatusCode.Forbidden
                || !new Uri(lan.Page.Url).AbsolutePath.StartsWith("/admin", StringComparison.OrdinalIgnoreCase);
            refused.ShouldBeTrue($"a customer got HTTP {response.Status} at {lan.Page.Url}");
            (await lan.Page.Locator("#nav-admin").CountAsync()).ShouldBe(0);
        }
    }

    [Fact]
    public async Task Pages_are_sent_with_a_Content_Security_Policy_that_allows_no_inline_script_and_the_browser_reports_no_violation()
    {
        var customer = await app.CreateCustomerAsync();
        await using var lan = await app.NewActorAsync("customer");

        var signIn = (await lan.Page.GotoAsync("/account/sign-in")).ShouldNotBeNull();
        var csp = (await signIn.HeaderValueAsync("content-security-policy")).ShouldNotBeNull();
        var scriptSrc = csp.Split(';').Select(d => d.Trim()).FirstOrDefault(d => d.StartsWith("script-src ", StringComparison.Ordinal))
            ?? csp.Split(';').Select(d => d.Trim()).First(d => d.StartsWith("default-src ", StringComparison.Ordinal));
        scriptSrc.ShouldNotContain("'unsafe-inline'");
        scriptSrc.ShouldNotContain("'unsafe-eval'");
        csp.ShouldContain("frame-ancestors 'none'");

        await app.SignInAsync(lan.Page, customer);
        var portal = (await lan.Page.GotoAsync("/portal")).ShouldNotBeNull();
        (await portal.HeaderValueAsync("content-security-policy")).ShouldBe(csp);
        await lan.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        lan.AssertNoBrowserErrors();
    }

    /// <summary>The owner opens a ticket through the REST API with their token; returns its number.</summary>
    private async Task<long> OpenTicketThroughApiAsync(TestAccount owner, string subject, string body)
    {
        using var api = app.ApiClient(owner);
        using var created = await api.PostAsJsonAsync("api/v1/tickets", new { subject, body, category = "question" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>();
        return ticket.GetProperty("id").GetInt64();
    }

    /// <summary>What the layout's navigation says: the area links and the sign-out button.</summary>
    private static async Task<string> NavTextAsync(IPage page)
    {
        var parts = await page.Locator("#nav-agent, #nav-portal, #nav-admin, #sign-out").AllInnerTextsAsync();
        parts.ShouldNotBeEmpty("no navigation (#nav-portal, #sign-out …) on the page");
        return string.Join(" | ", parts.Select(p => p.Trim()));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [GeneratedRegex(@"^/portal/tickets/(\d+)$")]
    private static partial Regex TicketUrl();

    [GeneratedRegex("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", RegexOptions.IgnoreCase)]
    private static partial Regex VietnameseLetters();
}
