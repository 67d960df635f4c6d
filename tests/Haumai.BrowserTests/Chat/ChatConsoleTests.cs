using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Haumai.BrowserTests.Support;
using Haumai.Web.Features.Chat;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.BrowserTests.Chat;

/// <summary>
/// C2 in a real browser under the real Content-Security-Policy: an agent goes online in the
/// console, a visitor's chat is routed to her and opens by itself, what the visitor typed is shown
/// as text (markup in it stays letters), she sees "typing…", answers with Enter and sees "sent"
/// then "seen", makes a ticket of the chat and ends it. The visitor here is a bare SignalR client
/// in a page of an allowed origin (the widget is another piece of work and has its own test).
/// </summary>
public sealed class ChatConsoleTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_online_agent_gets_a_visitor_s_chat_answers_it_live_and_turns_it_into_a_ticket()
    {
        var lan = await app.CreateStaffAsync(Role.Agent, "Nguyễn Thị Lan");
        var widget = await WidgetAsync(lan.Id);

        await using var agent = await ConsoleAsync(lan, ChatPresence.Online);
        var page = agent.Page;
        page.Dialog += (_, dialog) => dialog.AcceptAsync(); // "End this chat?"

        var (visitor, conversationId) = await VisitorAsync(widget, "Phạm <i>Minh</i>", "https://khachhang.vn/bang-gia?x=<b>", "<b>Xin chào</b> cho tôi hỏi giá gói hosting?");
        await using var _ = visitor;

        // Routed to her, the only one online: it opens by itself.
        await Expect(page.Locator($"#chat-mine [data-conversation-id='{conversationId}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#chat-title")).ToHaveTextAsync("Phạm <i>Minh</i>");
        var visitorLine = page.Locator("#chat-messages li.chat-visitor .chat-body");
        await Expect(visitorLine).ToHaveTextAsync("<b>Xin chào</b> cho tôi hỏi giá gói hosting?");
        await Expect(page.Locator("#chat-messages b, #chat-messages i, #chat-title i, #chat-customer b")).ToHaveCountAsync(0);
        await Expect(page.Locator("#chat-customer [data-field=email]")).ToContainTextAsync("@khachhang.vn");
        await Expect(page.Locator("#chat-customer [data-field=pageUrl]")).ToHaveTextAsync("https://khachhang.vn/bang-gia?x=<b>");
        await Expect(page.Locator("#chat-accept")).ToBeHiddenAsync();
        // What she has on screen is read, and the visitor is told.
        await visitor.Page.WaitForFunctionAsync("() => window.__readByAgent > 0");

        await visitor.Page.EvaluateAsync("() => window.__chat.invoke('Typing', true)");
        await Expect(page.Locator("#chat-typing")).ToBeVisibleAsync();
        await Expect(page.Locator("#chat-typing")).ToHaveTextAsync("đang nhập…");

        await page.Locator("#chat-composer").FillAsync("Chào anh Minh, gói doanh nghiệp là 2.400.000 ₫/năm.");
        await page.Locator("#chat-composer").PressAsync("Enter");
        var mine = page.Locator("#chat-messages li.chat-agent").Last;
        await Expect(mine.Locator(".chat-body")).ToHaveTextAsync("Chào anh Minh, gói doanh nghiệp là 2.400.000 ₫/năm.");
        await Expect(mine.Locator(".chat-status")).ToHaveTextAsync("đã gửi");
        await Expect(page.Locator("#chat-composer")).ToHaveValueAsync("");
        await visitor.Page.WaitForFunctionAsync("() => window.__got.some(m => m.sender === 'agent' && m.body.startsWith('Chào anh Minh'))");
        var answerId = await visitor.Page.EvaluateAsync<long>("() => window.__got.find(m => m.sender === 'agent').id");

        await visitor.Page.EvaluateAsync("id => window.__chat.invoke('Read', id)", answerId);
        await Expect(mine.Locator(".chat-status")).ToHaveTextAsync("đã xem");
        await BrowserApp.ScreenshotAsync(page, "chat-console");

        await page.Locator("#chat-to-ticket").ClickAsync();
        await Expect(page.Locator("#chat-ticket-link")).ToHaveAttributeAsync("href", new Regex(@"^/agent/tickets/\d+$"));

        await page.Locator("#chat-end").ClickAsync();
        await Expect(page.Locator("#chat-messages li.chat-system").Last).ToContainTextAsync("kết thúc");
        await Expect(page.Locator("#chat-composer")).ToBeDisabledAsync();
        agent.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task A_waiting_chat_shows_in_the_list_and_the_header_live_and_accepting_makes_it_mine()
    {
        var lan = await app.CreateStaffAsync(Role.Agent, "Lê Thị Hoa");
        var binh = await app.CreateStaffAsync(Role.Agent, "Trần Văn Bình");
        var widget = await WidgetAsync(lan.Id, binh.Id);

        // Bình is online for one chat at a time; Hoa has the console open but is away.
        await using var other = await ConsoleAsync(binh, ChatPresence.Online, maxChats: 1);
        await using var agent = await ConsoleAsync(lan, ChatPresence.Away);
        var page = agent.Page;
        await Expect(page.Locator("#nav-chat-count")).ToBeHiddenAsync();

        var (first, _) = await VisitorAsync(widget, "Khách thứ nhất", "https://khachhang.vn/", "Chào shop");
        await using var _1 = first;
        var (second, waitingId) = await VisitorAsync(widget, "Khách thứ hai", "https://khachhang.vn/lien-he", "Cho tôi gặp nhân viên");
        await using var _2 = second;

        // No reload: the waiting list, its wait time and the header's badge follow the hub.
        var item = page.Locator($"#chat-waiting [data-conversation-id='{waitingId}']");
        await Expect(item).ToContainTextAsync("Khách thứ hai");
        await Expect(item.Locator(".chat-waited")).ToHaveTextAsync("chờ dưới 1 phút");
        await Expect(page.Locator("#nav-chat-count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#chat-others [data-conversation-id]")).ToContainTextAsync("Trần Văn Bình");

        await item.ClickAsync();
        await Expect(page.Locator("#chat-messages li.chat-visitor .chat-body")).ToHaveTextAsync("Cho tôi gặp nhân viên");
        await page.Locator("#chat-accept").ClickAsync();

        await Expect(page.Locator($"#chat-mine [data-conversation-id='{waitingId}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#chat-accept")).ToBeHiddenAsync();
        await Expect(page.Locator("#nav-chat-count")).ToBeHiddenAsync();
        await Expect(page.Locator("#chat-messages li.chat-system")).ToContainTextAsync("Lê Thị Hoa");

        // She hands it to Bình: it leaves her chats for her colleagues'.
        await page.Locator("#chat-transfer-agent").SelectOptionAsync(binh.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#chat-transfer").ClickAsync();
        await Expect(page.Locator("#chat-messages li.chat-system").Last).ToContainTextAsync("Trần Văn Bình");
        await Expect(page.Locator($"#chat-others [data-conversation-id='{waitingId}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"#chat-mine [data-conversation-id='{waitingId}']")).ToHaveCountAsync(0);
        await Expect(other.Page.Locator($"#chat-mine [data-conversation-id='{waitingId}']")).ToBeVisibleAsync();
        agent.AssertNoBrowserErrors();
        other.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task A_visitor_writing_in_a_chat_of_mine_that_is_not_on_screen_marks_it_unread_until_opened()
    {
        var lan = await app.CreateStaffAsync(Role.Agent, "Phan Thị Thu");
        var widget = await WidgetAsync(lan.Id);
        await using var agent = await ConsoleAsync(lan, ChatPresence.Online, maxChats: 2);
        var page = agent.Page;
        var (first, firstId) = await VisitorAsync(widget, "Khách A", "https://khachhang.vn/", "Tôi là khách A");
        await using var _1 = first;
        await Expect(page.Locator("#chat-title")).ToHaveTextAsync("Khách A");
        var (second, _) = await VisitorAsync(widget, "Khách B", "https://khachhang.vn/", "Tôi là khách B");
        await using var _2 = second;
        await Expect(page.Locator("#chat-title")).ToHaveTextAsync("Khách B");
        var itemA = page.Locator($"#chat-mine [data-conversation-id='{firstId}']");
        await Expect(itemA.Locator(".chat-unread")).ToHaveCountAsync(0);

        await first.Page.EvaluateAsync("() => window.__chat.invoke('Send', 'v-2', 'Bạn còn đó không?')");

        await Expect(itemA.Locator(".chat-unread")).ToHaveCountAsync(1);
        await Expect(itemA).ToContainTextAsync("Bạn còn đó không?");
        await itemA.ClickAsync();
        await Expect(page.Locator("#chat-messages li.chat-visitor .chat-body").Last).ToHaveTextAsync("Bạn còn đó không?");
        await Expect(itemA.Locator(".chat-unread")).ToHaveCountAsync(0);
        await first.Page.WaitForFunctionAsync("() => window.__readByAgent > 0");
        agent.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task A_refusal_of_the_hub_is_shown_in_the_agent_s_language()
    {
        var lan = await app.CreateStaffAsync(Role.Agent, "Đỗ Thị Mai");
        var widget = await WidgetAsync(lan.Id);
        using (var api = app.ApiClient(await app.CreateStaffAsync(Role.Admin)))
        {
            var canned = await api.PostAsJsonAsync("/api/v1/canned-responses", new { title = "Chào khách gọi điện", body = "Chào {{customer.name}}, em là {{agent.name}}." });
            canned.StatusCode.ShouldBe(HttpStatusCode.Created, await canned.Content.ReadAsStringAsync());
        }
        await using var agent = await ConsoleAsync(lan, ChatPresence.Online);
        var page = agent.Page;

        // A visitor who left only a phone number cannot be answered by mail: no ticket.
        var (visitor, id) = await VisitorAsync(widget, "Khách gọi điện", "https://khachhang.vn/", "Gọi lại cho tôi nhé", phone: "0912345678");
        await using var _ = visitor;
        await Expect(page.Locator($"#chat-mine [data-conversation-id='{id}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#chat-customer [data-field=phone]")).ToHaveTextAsync("0912345678");
        await page.Locator("#chat-to-ticket").ClickAsync();

        await Expect(page.Locator("#chat-error")).ToHaveTextAsync("Khách không để lại email: không thể trả lời yêu cầu.");
        await Expect(page.Locator("#chat-ticket-link")).ToBeHiddenAsync();

        // A canned response goes into the composer with its placeholders filled from the chat.
        await page.Locator("#chat-canned").SelectOptionAsync(new SelectOptionValue { Label = "Chào khách gọi điện" });
        await Expect(page.Locator("#chat-composer")).ToHaveValueAsync("Chào Khách gọi điện, em là Đỗ Thị Mai.");
        // The refusal is the invocation's answer, handled: nothing went wrong in the page.
        agent.AssertNoBrowserErrors();
    }

    /// <summary>An agent with the console open, set to <paramref name="presence"/> there as she would, once the hub has it.</summary>
    private async Task<Actor> ConsoleAsync(TestAccount account, ChatPresence presence, int? maxChats = null)
    {
        var actor = await app.NewActorAsync(account.Name);
        await app.SignInAsync(actor.Page, account);
        (await actor.Page.GotoAsync("/agent/chat")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(actor.Page.Locator("#chat-live")).ToHaveAttributeAsync("data-state", "live");
        if (maxChats is { } max)
        {
            await actor.Page.Locator("#chat-max-chats").FillAsync(max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await actor.Page.Locator("#chat-presence").SelectOptionAsync(presence.ToString().ToLowerInvariant());
        await WaitUntilAsync(() => app.WithDbAsync(db => db.Set<ChatAgent>()
            .AnyAsync(a => a.UserId == account.Id && a.Presence == presence && (maxChats == null || a.MaxChats == maxChats))));
        return actor;
    }

    /// <summary>A chat widget of a new team with these members, for pages of the test server's origin.</summary>
    private async Task<string> WidgetAsync(params int[] members)
    {
        var admin = await app.CreateStaffAsync(Role.Admin);
        var team = await app.CreateTeamAsync("Nhóm trò chuyện", members: members);
        using var api = app.ApiClient(admin);
        var created = await api.PostAsJsonAsync("/api/v1/chat/widgets", new { name = "Website", teamId = team.Id, allowedOrigins = new[] { app.BaseUrl }, requireContact = true });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!;
    }

    /// <summary>
    /// A visitor: a page of the widget's origin with the SignalR client and nothing else, who starts
    /// a chat and writes in it. <c>window.__chat</c> is the connection, <c>window.__got</c> the messages received.
    /// </summary>
    private async Task<(Actor Visitor, long ConversationId)> VisitorAsync(string widget, string name, string pageUrl, string text, string? phone = null)
    {
        var visitor = await app.NewActorAsync("visitor");
        await visitor.Page.GotoAsync("/account/sign-in");
        await visitor.Page.AddScriptTagAsync(new() { Url = app.BaseUrl + "/lib/signalr/signalr.min.js" });
        var id = await visitor.Page.EvaluateAsync<long>("""
            async ([widget, name, pageUrl, text, phone]) => {
              const c = new signalR.HubConnectionBuilder().withUrl('/hubs/chat?widget=' + widget).build();
              window.__got = [];
              c.on('message', m => window.__got.push(m));
              window.__readByAgent = 0;
              c.on('read', e => { if (e.side === 'agent') { window.__readByAgent = e.upTo; } });
              await c.start();
              window.__chat = c;
              const contact = phone ? { phone } : { email: 'khach-' + Date.now() + '@khachhang.vn' };
              const started = await c.invoke('Start', { name, ...contact, pageUrl, language: 'vi' });
              await c.invoke('Send', 'v-1', text);
              return started.conversationId;
            }
            """, new[] { widget, name, pageUrl, text, phone });
        return (visitor, id);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
        (await condition()).ShouldBeTrue("the agent's presence did not change");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
