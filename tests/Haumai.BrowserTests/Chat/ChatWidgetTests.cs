using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Haumai.BrowserTests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace Haumai.BrowserTests.Chat;

/// <summary>
/// C1/C3 in Chromium: the widget, embedded with its one script tag in a shop's page on another
/// origin (served by the browser's router: the shop is not Haumai), talks live with an agent in the
/// console (/agent/chat) in a second browser, who hands it to a colleague who makes it a ticket. At
/// night (nobody online) the widget takes a message that becomes a ticket.
/// </summary>
public sealed class ChatWidgetTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Shop = "http://cuahang.test";

    private async Task<(TestAccount Agent, int TeamId, string WidgetKey)> SetupAsync(string agentName, params int[] colleagues)
    {
        var admin = await app.CreateStaffAsync(Role.Admin);
        var agent = await app.CreateStaffAsync(Role.Agent, agentName);
        var team = await app.CreateTeamAsync($"Nhóm trò chuyện {Guid.NewGuid():N}"[..24], false, [agent.Id, .. colleagues]);
        using var api = app.ApiClient(admin);
        var created = await api.PostAsJsonAsync("api/v1/chat/widgets", new
        {
            name = "Cửa hàng thử nghiệm",
            teamId = team.Id,
            allowedOrigins = new[] { Shop },
            requireContact = true,
            color = "#2e7d32",
            greetingVi = "Xin chào! Cửa hàng có thể giúp gì cho bạn?",
        });
        created.EnsureSuccessStatusCode();
        var key = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!;
        return (agent, team.Id, key);
    }

    /// <summary>The shop's page: its own content and Haumai's script tag, nothing else.</summary>
    private async Task<Actor> VisitorAsync(string widgetKey)
    {
        var visitor = await app.NewActorAsync("visitor");
        await visitor.Context.RouteAsync(Shop + "/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Body = $"<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Cửa hàng</title></head>"
                + $"<body><h1>Cửa hàng thử nghiệm</h1><script src=\"{app.BaseUrl}/chat/widget.js\" data-widget=\"{widgetKey}\" async></script></body></html>",
        }));
        await visitor.Page.GotoAsync(Shop + "/san-pham/hosting");
        return visitor;
    }

    /// <summary>An agent in the console (/agent/chat), online.</summary>
    private async Task<Actor> ConsoleAsync(TestAccount agent)
    {
        var actor = await app.NewActorAsync("agent " + agent.Name);
        await app.SignInAsync(actor.Page, agent);
        await actor.Page.GotoAsync("/agent/chat");
        await Expect(actor.Page.Locator("#chat-live[data-state=live]")).ToBeVisibleAsync();
        await actor.Page.Locator("#chat-presence").SelectOptionAsync("online");
        return actor;
    }

    [Fact]
    public async Task A_visitor_on_a_shops_page_chats_live_with_an_agent_in_the_console_keeps_the_chat_on_reload_and_is_transferred_and_ticketed()
    {
        var colleagueAccount = await app.CreateStaffAsync(Role.Agent, "Trần Văn Đồng Nghiệp");
        var (agentAccount, teamId, key) = await SetupAsync("Lê Thị Trực Tuyến", colleagueAccount.Id);
        await using var agent = await ConsoleAsync(agentAccount);
        var console = agent.Page;
        await using var visitor = await VisitorAsync(key);
        var shop = visitor.Page;

        await shop.Locator("#haumai-chat .btn").ClickAsync();
        await Expect(shop.Locator("#haumai-chat .log")).ToContainTextAsync("Cửa hàng có thể giúp gì");
        await shop.Locator("#haumai-chat form.contact input[name=name]").FillAsync("Phạm Văn Khách");
        await shop.Locator("#haumai-chat form.contact input[name=email]").FillAsync($"khach-{Guid.NewGuid():N}@gmail.test");
        await shop.Locator("#haumai-chat form.contact textarea").FillAsync("Gói hosting doanh nghiệp có bao nhiêu dung lượng?");
        await shop.Locator("#haumai-chat form.contact button").ClickAsync();
        await Expect(shop.Locator("#haumai-chat .m.visitor small").First).ToContainTextAsync("đã gửi");

        // Routed to the only online agent: the console opens it by itself, live.
        await Expect(console.Locator("#chat-messages li.chat-visitor .chat-body").First).ToHaveTextAsync("Gói hosting doanh nghiệp có bao nhiêu dung lượng?");
        await console.Locator("#chat-composer").PressSequentiallyAsync("Chào anh");
        await Expect(shop.Locator("#haumai-chat .typing")).ToBeVisibleAsync();
        await console.Locator("#chat-composer").FillAsync("Chào anh, gói doanh nghiệp có 50 GB <b>SSD</b>.");
        await console.Locator("#chat-composer").PressAsync("Enter");
        var answer = shop.Locator("#haumai-chat .m.agent span", new() { HasText = "50 GB" });
        await Expect(answer).ToHaveTextAsync("Chào anh, gói doanh nghiệp có 50 GB <b>SSD</b>.");
        (await shop.Locator("#haumai-chat .m.agent b").CountAsync()).ShouldBe(0, "an agent's text is text, never markup");

        // The visitor types and writes: the console shows both, live.
        await shop.Locator("#haumai-chat form.composer textarea").PressSequentiallyAsync("Cảm ơn, tôi muốn đăng ký.");
        await Expect(console.Locator("#chat-typing")).ToBeVisibleAsync();
        await shop.Locator("#haumai-chat form.composer textarea").PressAsync("Enter");
        await Expect(console.Locator("#chat-messages li.chat-visitor .chat-body", new() { HasText = "tôi muốn đăng ký" })).ToBeVisibleAsync();

        // A reload keeps the conversation with its history.
        await shop.ReloadAsync();
        await Expect(shop.Locator("#haumai-chat .m.agent span", new() { HasText = "50 GB" })).ToBeVisibleAsync();
        await Expect(shop.Locator("#haumai-chat .m.visitor span", new() { HasText = "tôi muốn đăng ký" })).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(shop, "chat-widget-visitor");
        await BrowserApp.ScreenshotAsync(console, "chat-console-agent");

        // Handed to a colleague, who turns it into a ticket with its transcript.
        await using var colleague = await ConsoleAsync(colleagueAccount);
        await console.Locator("#chat-transfer-agent").SelectOptionAsync(colleagueAccount.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await console.Locator("#chat-transfer").ClickAsync();
        await Expect(shop.Locator("#haumai-chat .log")).ToContainTextAsync("Trần Văn Đồng Nghiệp");
        var theirs = colleague.Page.Locator("#chat-mine li[data-conversation-id]");
        await Expect(theirs).ToHaveCountAsync(1);
        await theirs.ClickAsync();
        await colleague.Page.Locator("#chat-to-ticket").ClickAsync();
        var link = colleague.Page.Locator("a#chat-ticket-link");
        await Expect(link).ToBeVisibleAsync();
        var ticketId = long.Parse((await link.GetAttributeAsync("href"))!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var ticket = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Include(t => t.Messages).SingleAsync(t => t.Id == ticketId));
        ticket.Channel.ShouldBe(Channel.Chat);
        ticket.TeamId.ShouldBe(teamId);
        ticket.AssigneeId.ShouldBe(colleagueAccount.Id);
        ticket.Messages.Single().Body.ShouldContain("Lê Thị Trực Tuyến: Chào anh, gói doanh nghiệp có 50 GB <b>SSD</b>.");
        visitor.AssertNoBrowserErrors();
        agent.AssertNoBrowserErrors();
        colleague.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task At_night_the_widget_takes_a_message_that_the_morning_shift_finds_as_a_ticket()
    {
        var (_, teamId, key) = await SetupAsync("Ca Sáng");
        await using var visitor = await VisitorAsync(key);
        var shop = visitor.Page;

        await shop.Locator("#haumai-chat .btn").ClickAsync();
        await Expect(shop.Locator("#haumai-chat .status")).ToContainTextAsync("Hiện chưa có nhân viên trực");
        var email = $"dem-{Guid.NewGuid():N}@gmail.test";
        await shop.Locator("#haumai-chat form.offline input[name=name]").FillAsync("Nguyễn Thị Đêm");
        await shop.Locator("#haumai-chat form.offline input[name=email]").FillAsync(email);
        await shop.Locator("#haumai-chat form.offline textarea").FillAsync("Website của tôi không vào được từ 22 giờ.\nNhờ kiểm tra giúp.");
        await shop.Locator("#haumai-chat form.offline button").ClickAsync();
        await Expect(shop.Locator("#haumai-chat .status")).ToContainTextAsync("Mã yêu cầu: #");

        var ticket = await app.WithDbAsync(db => db.Tickets.AsNoTracking()
            .Where(t => db.Users.Any(u => u.Id == t.RequesterId && u.Email == email)).SingleAsync());
        ticket.Channel.ShouldBe(Channel.Chat);
        ticket.TeamId.ShouldBe(teamId);
        ticket.Subject.ShouldBe("Website của tôi không vào được từ 22 giờ.");
        visitor.AssertNoBrowserErrors();
    }
}
